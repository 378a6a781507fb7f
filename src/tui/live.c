/*
 * live.c — a kernel run from a lesson page: starting it through the run
 * module, driving it from the tutor's poll loop, stopping it, keeping its
 * results in results.csv, and the earlier runs it is compared with.
 *
 * Nothing here blocks except live_finish(), which the exit paths call: a
 * running kernel is always stopped and reaped before the tutor leaves.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "run/plan.h"
#include "tui/live.h"

bool live_running(const struct app *a)
{
	return a->live && a->live->run && !a->live->exited;
}

const char *live_title(const struct live *l)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s%s%s", l->name, l->knobs && *l->knobs ? " " : "",
		 l->knobs ? l->knobs : "");
	return buf;
}

static void live_free(struct live *l)
{
	if (!l)
		return;
	if (l->run)
		run_free(l->run);
	free(l->cmdline);
	free(l->knobs);
	for (size_t i = 0; i < l->nseries; i++)
		free(l->series[i].label);
	free(l->series);
	if (l->hist_loaded)
		run_history_free(&l->hist);
	free(l->earlier);
	free(l);
}

void live_close(struct app *a)
{
	if (!a->live || live_running(a))
		return;
	live_free(a->live);
	a->live = NULL;
	app_geometry(a);
}

/* Keep a finished run in results.csv, once. */
static void live_save(struct app *a)
{
	struct live *l = a->live;
	char err[512];

	if (!l || l->saved || !l->run || run_exec_failed(l->run) || a->opts->bench_first_frame)
		return;
	l->saved = true;
	char *dir = app_state_dir(a);
	if (!dir) {
		app_message(a, "Results not kept: no HOME or XDG_STATE_HOME");
		return;
	}
	struct run_history_run hr = {
		.when = l->started, .launcher = l->launcher->name, .ranks = l->ranks,
		.kernel = l->name, .knobs = l->knobs ? l->knobs : "",
		.status = run_shell_status(l->run),
	};
	if (run_history_append(dir, &hr, run_results(l->run), err, sizeof err))
		app_message(a, "Results not kept: %s", err);
	free(dir);
}

/* Which launcher and why; on what looks like a SLURM login node, where
 * mpiexec was picked by default, srun is offered with the reason (true). */
static bool launcher_note(struct live *l, const char *why, bool chosen, char *offer,
			  size_t len)
{
	char login[256];

	snprintf(l->note, sizeof l->note, "launcher %s: %s", l->launcher->name, why);
	if (chosen || strcmp(l->launcher->name, "mpiexec") != 0 ||
	    !run_launcher_login_node(login, sizeof login))
		return false;
	snprintf(offer, len, "srun is on offer (R, launcher): %s", login);
	size_t n = strlen(l->note);
	snprintf(l->note + n, sizeof l->note - n, ". %s", offer);
	return true;
}

char *live_command_preview(struct app *a, const char *name, char *const *kargv, int kargc,
			   int ranks, const char *launcher)
{
	const struct run_kernel *k = run_kernel_find(name);
	const struct hpct_paths *p = a->opts->paths;
	struct run_command cmd = { 0 };
	const char *why;
	char err[256], program[64], *s = NULL;

	const struct run_launcher *l = run_launcher_pick(launcher ? launcher : p->launcher,
							 k ? k->mpi : false, &why, err, sizeof err);
	if (!l)
		return NULL;
	if (!ranks)
		ranks = k ? k->ranks_default : 1;
	/* gpuadd runs its device build where there is one, as run_plan_make picks. */
	run_kernel_resolve(p->kerneldir, name, program, sizeof program, NULL, 0);
	if (run_command_build(&cmd, p, l, program, ranks, kargc, kargv, err, sizeof err) == 0)
		s = run_command_string(&cmd);
	run_command_free(&cmd);
	return s;
}

void live_start(struct app *a, const char *name, char *const *kargv, int kargc,
		int ranks, const char *launcher)
{
	const struct hpct_paths *p = a->opts->paths;
	struct run_plan plan;
	struct run_opts ro = { 0 };
	char err[512];

	if (live_running(a)) {
		app_message(a, "A run is going: x stops it");
		return;
	}
	const char *chosen = launcher ? launcher : p->launcher;
	int rc = run_plan_make(&plan, p, name, kargc, kargv, chosen, ranks, err, sizeof err);
	if (rc == RUN_PLAN_NOMEM) {
		a->oom = true;
		return;
	}
	if (rc != RUN_PLAN_OK) {
		app_message(a, "%s", err);
		run_plan_free(&plan);
		return;
	}

	struct live *lv = calloc(1, sizeof *lv);
	if (!lv) {
		run_plan_free(&plan);
		a->oom = true;
		return;
	}
	/* The plan's strings become the run's own. */
	lv->cmdline = plan.line;
	lv->knobs = plan.knobs;
	plan.line = plan.knobs = NULL;
	snprintf(lv->name, sizeof lv->name, "%s", name);
	lv->kernel = plan.kernel;
	lv->launcher = plan.launcher;
	lv->ranks = plan.launcher->takes_ranks ? plan.cmd.ranks : 1;
	lv->cmp = -1;
	lv->grid = plan.launcher->takes_ranks && lv->ranks > 1;
	lv->focus = LIVE_FOCUS_LESSON;
	char offer[400];
	bool picked = (chosen && *chosen) || getenv("HPCTUTOR_LAUNCHER");
	bool offered = plan.launcher->takes_ranks &&
		       launcher_note(lv, plan.launcher_why, picked, offer, sizeof offer);
	ro.series = plan.kernel ? plan.kernel->series : NULL;
	lv->started = time(NULL);
	lv->run = run_start(&plan.cmd, &ro, err, sizeof err);
	run_plan_free(&plan);
	if (!lv->run) {
		app_message(a, "Could not start %s: %s", name, err);
		live_free(lv);
		return;
	}

	/* A finished run's panes give way to the new one. */
	if (a->live)
		live_free(a->live);
	a->live = lv;
	app_geometry(a);
	if (offered)
		app_message(a, "%s", offer);
	else
		app_message(a, "$ %s", lv->cmdline);
}

/* Split a {kernel} line into the kernel, its knobs, and our own
 * --ranks and --launcher. */
void live_start_args(struct app *a, const char *args)
{
	char **w = NULL, **kv = NULL;
	const char *launcher = NULL;
	int n = run_words_split(args, &w), kc = 0, ranks = 0;

	if (n < 0) {
		app_message(a, "Cannot read the kernel line: %s", args);
		return;
	}
	if (n == 0) {
		app_message(a, "The kernel line names no kernel");
		run_words_free(w);
		return;
	}
	kv = calloc((size_t)n + 1, sizeof *kv);
	if (!kv) {
		run_words_free(w);
		a->oom = true;
		return;
	}
	for (int i = 1; i < n; i++) {
		const char *s = w[i], *val = NULL;

		if (strcmp(s, "--ranks") == 0 || strcmp(s, "--launcher") == 0) {
			if (i + 1 >= n) {
				app_message(a, "%s needs a value", s);
				goto out;
			}
			val = w[++i];
		} else if (strncmp(s, "--ranks=", 8) == 0 || strncmp(s, "--launcher=", 11) == 0) {
			val = strchr(s, '=') + 1;
		} else {
			kv[kc++] = w[i];
			continue;
		}
		if (s[2] == 'r') {
			char *end;
			long r = strtol(val, &end, 10);
			if (*end || r < 1 || r > RUN_MAXRANKS) {
				app_message(a, "--ranks: '%s' is not a number from 1 to %d", val,
					    RUN_MAXRANKS);
				goto out;
			}
			ranks = (int)r;
		} else {
			launcher = val;
		}
	}
	live_start(a, w[0], kv, kc, ranks, launcher);
out:
	free(kv);
	run_words_free(w);
}

void live_stop(struct app *a)
{
	if (!live_running(a))
		return;
	run_stop(a->live->run);
	app_message(a, "Stopping %s: interrupt, then terminate, then kill if it must",
		    a->live->name);
}

void live_finish(struct app *a)
{
	if (!a->live || !a->live->run)
		return;
	if (!a->live->exited) {
		run_kill_wait(a->live->run, 0);
		a->live->exited = true;
	}
	live_save(a);
}

int live_pollfds(struct app *a, struct pollfd *fds, int max)
{
	if (!live_running(a))
		return 0;
	return run_pollfds(a->live->run, fds, max);
}

int live_timeout_ms(struct app *a)
{
	struct live *l = a->live;
	int t = -1;

	if (!l || !l->run)
		return -1;
	if (!l->exited)
		t = run_timeout_ms(l->run);
	if (l->dirty) {
		double wait = l->last_draw + LIVE_DRAW_MS / 1000.0 - run_now();
		int ms = wait <= 0 ? 0 : (int)(wait * 1000.0) + 1;
		if (t < 0 || ms < t)
			t = ms;
	}
	return t;
}

const struct live_series *live_series_find(const struct live *l, const char *label)
{
	for (size_t i = 0; i < l->nseries; i++)
		if (strcmp(l->series[i].label, label) == 0)
			return &l->series[i];
	return NULL;
}

static void add_sample(struct app *a, const struct run_result *r)
{
	struct live *l = a->live;
	double s;

	const char *stat = run_result_get(r, "stat");
	double v;
	/* map's own Amdahl fit, over the worker counts up to its cores. */
	if (stat && strcmp(stat, "amdahl") == 0 &&
	    run_result_num(r, "serial_fraction", &v) == 0) {
		l->amdahl = v;
		l->has_amdahl = true;
	}
	if (stat || run_result_num(r, "seconds", &s))
		return;
	/* The sparkline of the results row the record went to. */
	char *label = run_agg_label(run_results(l->run), r);
	if (!label)
		return;
	struct live_series *ser = (struct live_series *)live_series_find(l, label);
	if (ser) {
		free(label);
	} else {
		if (l->nseries >= 1024) {   /* a kernel inventing labels: enough */
			free(label);
			return;
		}
		if (l->nseries == l->capseries) {
			size_t cap = l->capseries ? 2 * l->capseries : 16;
			void *p = realloc(l->series, cap * sizeof *l->series);
			if (!p) {
				free(label);
				return;
			}
			l->series = p;
			l->capseries = cap;
		}
		ser = &l->series[l->nseries++];
		memset(ser, 0, sizeof *ser);
		ser->label = label;
	}
	ser->v[ser->head] = s;
	ser->head = (ser->head + 1) % LIVE_SPARK;
	if (ser->n < LIVE_SPARK)
		ser->n++;
}

static void live_ended(struct app *a)
{
	struct live *l = a->live;
	struct run *r = l->run;
	char how[400];

	l->exited = true;
	run_explain(r, how, sizeof how);
	int st = run_shell_status(r);
	l->failed = st != 0 || run_exec_failed(r);
	if (run_was_stopped(r)) {
		if (how[0] >= 'a' && how[0] <= 'z')
			how[0] = (char)(how[0] - 'a' + 'A');
		snprintf(l->how, sizeof l->how, "%s. r runs it again; x or Esc closes these "
			 "panes.", how);
	}
	else if (!l->failed)
		snprintf(l->how, sizeof l->how, "Finished in %.1f s. r runs it again; x or Esc "
			 "closes these panes.", run_elapsed(r));
	else
		snprintf(l->how, sizeof l->how, "%s%s The tutor carries on: x or Esc closes "
			 "these panes.", how, how[0] && how[strlen(how) - 1] == '.' ? "" : ".");
	if (strncmp(a->msg, "Stopping ", 9) == 0)
		a->msg[0] = '\0';
	live_save(a);
}

/* Lines the output view shows so far (the selected rank's, or all but
 * result lines), to keep a view scrolled up in place as lines arrive. */
static unsigned long long shown_lines(const struct live *l)
{
	if (l->grid && (l->ranks > 1 || run_max_rank(l->run) > 0)) {
		const struct run_ring *ring = run_rank_ring(l->run, l->sel);
		return ring ? run_ring_count(ring) + run_ring_dropped(ring) : 0;
	}
	return run_line_count(l->run) - l->results_taken;
}

bool live_step(struct app *a)
{
	struct live *l = a->live;
	struct run_result res;

	if (!live_running(a))
		return false;
	unsigned long long before = shown_lines(l);
	unsigned ev = run_step(l->run);
	while (run_result_take(l->run, &res) == 1) {
		l->results_taken++;
		add_sample(a, &res);
		run_result_clear(&res);
	}
	if (l->scroll_out > 0)
		l->scroll_out += (long)(shown_lines(l) - before);
	if (ev & (RUN_EV_OUTPUT | RUN_EV_RESULT))
		l->dirty = true;
	if (ev & RUN_EV_EXITED)
		live_ended(a);
	return (ev & (RUN_EV_EXITED | RUN_EV_HANG | RUN_EV_SIGNAL)) != 0;
}

/* ------------------------------------------------------------ earlier runs */

static int load_history(struct app *a)
{
	struct live *l = a->live;
	char err[512];

	if (l->hist_loaded)
		return 0;
	char *dir = app_state_dir(a);
	char *path = dir ? run_history_path(dir) : NULL;
	free(dir);
	if (!path) {
		app_message(a, "No results kept here: no HOME or XDG_STATE_HOME");
		return -1;
	}
	int rc = run_history_load(path, &l->hist, err, sizeof err);
	free(path);
	if (rc) {
		app_message(a, "Cannot read the results: %s", err);
		return -1;
	}
	l->hist_loaded = true;
	/* Runs of this kernel, newest first, this one left out. */
	for (size_t i = l->hist.n; i-- > 0;) {
		char **row = l->hist.rows[i];
		if (strcmp(row[RUN_H_KERNEL], l->name) != 0)
			continue;
		struct live_earlier *e = l->nearlier ? &l->earlier[l->nearlier - 1] : NULL;
		if (e && strcmp(e->when, row[RUN_H_TIME]) == 0 &&
		    strcmp(e->knobs, row[RUN_H_KNOBS]) == 0 && e->first == i + 1) {
			e->first = i;
			e->n++;
			continue;
		}
		void *p = realloc(l->earlier, (l->nearlier + 1) * sizeof *l->earlier);
		if (!p)
			return -1;
		l->earlier = p;
		l->earlier[l->nearlier++] = (struct live_earlier){
			row[RUN_H_TIME], row[RUN_H_KNOBS], i, 1 };
	}
	/* The run on screen, once saved, is the newest: skip it. */
	if (l->saved && l->nearlier) {
		memmove(l->earlier, l->earlier + 1, (l->nearlier - 1) * sizeof *l->earlier);
		l->nearlier--;
	}
	return 0;
}

void live_compare_next(struct app *a)
{
	struct live *l = a->live;

	if (!l) {
		app_message(a, "Run a kernel first (r); then C compares it with earlier runs");
		return;
	}
	if (load_history(a))
		return;
	if (!l->nearlier) {
		app_message(a, "No earlier %s runs in results.csv to compare with", l->name);
		return;
	}
	l->cmp++;
	if (l->cmp >= (int)l->nearlier) {
		l->cmp = -1;
		app_message(a, "Comparison off");
		return;
	}
	const struct live_earlier *e = &l->earlier[l->cmp];
	app_message(a, "Comparing with the run of %.16s: %s %s (%d of %zu; C for the next)",
		    e->when, l->name, e->knobs, l->cmp + 1, l->nearlier);
}

size_t live_earlier_rows(const struct live *l)
{
	return l->cmp >= 0 ? l->earlier[l->cmp].n : 0;
}

static bool num(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return false;
	*out = strtod(s, &end);
	return !*end;
}

const char *live_earlier_label(const struct live *l, size_t i, double *best, double *gbps)
{
	if (l->cmp < 0 || i >= l->earlier[l->cmp].n)
		return NULL;
	char **row = l->hist.rows[l->earlier[l->cmp].first + i];
	if (!num(row[RUN_H_BEST], best))
		*best = -1;
	if (!num(row[RUN_H_GBPS], gbps))
		*gbps = -1;
	return row[RUN_H_SERIES];
}

bool live_earlier_get(const struct live *l, const char *label, double *best, double *gbps)
{
	for (size_t i = 0; i < live_earlier_rows(l); i++) {
		const char *s = live_earlier_label(l, i, best, gbps);
		if (s && strcmp(s, label) == 0)
			return true;
	}
	return false;
}
