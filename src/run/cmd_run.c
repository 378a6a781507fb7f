/*
 * cmd_run.c — `hpctutor run KERNEL [KNOB]...`: one kernel in batch mode.
 *
 * Prints the exact command, streams the kernel's output (sanitised, rank
 * labels kept), prints the results per variant, appends them to
 * results.csv, and exits with the kernel's status. Ctrl-C, SIGTERM and
 * SIGHUP stop the run through the same stop sequence the tutor uses.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "run/commands.h"
#include "run/format.h"
#include "run/history.h"
#include "run/plan.h"
#include "run/run.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

struct batch {
	FILE *out;               /* where the kernel's stdout lines go */
	bool labels;             /* print "[rank] " before lines */
	bool quiet;
};

static void print_line(void *ud, const struct run_line *line)
{
	struct batch *b = ud;
	FILE *fp = line->flags & RUN_LINE_STDERR ? stderr : b->out;

	if (b->quiet)
		return;
	if (b->labels && line->rank >= 0)
		fprintf(fp, "[%d] ", line->rank);
	fputs(line->text, fp);
	if (fputs(line->flags & RUN_LINE_TRUNCATED ? " [...]\n" : "\n", fp) == EOF &&
	    errno == EPIPE)
		got_signal = SIGPIPE;   /* the reader went away: stop the run */
}

static const char run_usage[] =
"Usage: hpctutor run KERNEL [KNOB]... [OPTION]...\n"
"Run a kernel in batch mode: print the exact command, stream its output,\n"
"then a table of its results (best and median per variant), and keep them\n"
"in results.csv. The exit status is the kernel's.\n"
"\n"
"Options (anything else is handed to the kernel as a knob):\n"
"  --ranks N           MPI processes (MPI kernels; default per kernel)\n"
"  --launcher NAME     none, mpiexec or srun (default: srun inside a SLURM\n"
"                      allocation, else mpiexec; none for non-MPI kernels)\n"
"  --format FORMAT     table (default), csv or json for the results; with csv\n"
"                      and json the command and the kernel's output go to stderr\n"
"  --stop-after SECS   stop the run after this many seconds\n"
"  --no-save           do not append the results to results.csv\n"
"  --list              list the kernels and their knobs\n"
"  --help              this help; KERNEL --help shows the kernel's own\n"
"  --                  hand every later word to the kernel\n"
"\n"
"Environment: HPCTUTOR_LAUNCHER, HPCTUTOR_MPIEXEC (the mpiexec to use),\n"
"HPCTUTOR_HANG_TIMEOUT (seconds of silence before a run is flagged as a\n"
"possible deadlock; 0 turns it off).\n"
"\n"
"Examples:\n"
"  hpctutor run sum --n 10M --dtype float32\n"
"  hpctutor run ring --ranks 2 --sizes 8,1Ki\n";

static const char *const type_names[] = {
	[RUN_KNOB_FLAG] = "", [RUN_KNOB_SIZE] = "SIZE", [RUN_KNOB_INT] = "INT",
	[RUN_KNOB_DOUBLE] = "NUM", [RUN_KNOB_CHOICE] = "CHOICE",
	[RUN_KNOB_CHOICES] = "LIST", [RUN_KNOB_SIZES] = "SIZES", [RUN_KNOB_STRING] = "TEXT",
};

static void list_kernels(const struct hpct_paths *paths)
{
	size_t n;
	const struct run_kernel *k = run_kernel_table(&n);

	for (size_t i = 0; i < n; i++, k++) {
		printf("%s%s: %s\n", k->name, k->mpi ? " (MPI)" : "", k->summary);
		if (k->mpi)
			printf("  --ranks N  (default %d, at least %d)\n", k->ranks_default,
			       k->ranks_min);
		for (size_t j = 0; j < k->nknobs; j++) {
			const struct run_knob *kn = &k->knobs[j];
			char arg[96];

			snprintf(arg, sizeof arg, "--%s%s%s", kn->name, *type_names[kn->type] ? " " : "",
				 kn->type == RUN_KNOB_CHOICE || kn->type == RUN_KNOB_CHOICES ?
				 kn->choices : type_names[kn->type]);
			printf("  %-28s %s%s%s%s\n", arg, kn->help, kn->def ? " (default " : "",
			       kn->def ? kn->def : "", kn->def ? ")" : "");
		}
	}
	(void)paths;
}

struct run_args {
	const char *kernel;
	char **kargv;
	int kargc;
	int ranks;
	const char *launcher;
	enum run_format format;
	double stop_after;
	bool save, help_kernel;
};

/* Split our options from the kernel's knobs. 0, 1 (done: help or list
 * printed), or 2 (usage error, printed). */
static int parse_args(int argc, char **argv, struct run_args *a,
		      const struct hpct_paths *paths)
{
	bool rest = false;

	a->kargv = calloc((size_t)argc + 1, sizeof *a->kargv);
	if (!a->kargv) {
		fprintf(stderr, "hpctutor run: out of memory\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (rest) {
			a->kargv[a->kargc++] = argv[i];
			continue;
		}
		if (strcmp(s, "--") == 0) {
			rest = true;
		} else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
			if (!a->kernel) {
				fputs(run_usage, stdout);
				return 1;
			}
			a->help_kernel = true;
			a->kargv[a->kargc++] = argv[i];
		} else if (strcmp(s, "--list") == 0) {
			list_kernels(paths);
			return 1;
		} else if (strcmp(s, "--no-save") == 0) {
			a->save = false;
		} else if (strcmp(s, "--ranks") == 0 || strcmp(s, "--launcher") == 0 ||
			   strcmp(s, "--format") == 0 || strcmp(s, "--stop-after") == 0) {
			char *end;

			if (!val) {
				fprintf(stderr, "hpctutor run: %s needs a value\n", s);
				return 2;
			}
			i++;
			if (s[2] == 'r') {
				long n = strtol(val, &end, 10);
				if (*end || n < 1 || n > RUN_MAXRANKS) {
					fprintf(stderr, "hpctutor run: --ranks: '%s' is not a number "
						"from 1 to %d\n", val, RUN_MAXRANKS);
					return 2;
				}
				a->ranks = (int)n;
			} else if (s[2] == 'l') {
				a->launcher = val;
			} else if (s[2] == 'f') {
				if (run_format_parse(val, &a->format)) {
					fprintf(stderr, "hpctutor run: --format: '%s': use table, csv "
						"or json\n", val);
					return 2;
				}
			} else {
				a->stop_after = strtod(val, &end);
				if (*end || !(a->stop_after > 0)) {
					fprintf(stderr, "hpctutor run: --stop-after: '%s' is not a "
						"number of seconds\n", val);
					return 2;
				}
			}
		} else if (!a->kernel && s[0] != '-') {
			a->kernel = s;
		} else if (!a->kernel) {
			fprintf(stderr, "hpctutor run: unknown option '%s'\n"
				"Try 'hpctutor run --help'.\n", s);
			return 2;
		} else {
			a->kargv[a->kargc++] = argv[i];
		}
	}
	if (!a->kernel) {
		fprintf(stderr, "hpctutor run: which kernel? (hpctutor run --list)\n");
		return 2;
	}
	return 0;
}

static void print_table(FILE *fp, struct run_agg *agg)
{
	const struct run_agg_row *fastest = run_agg_fastest(agg);
	size_t n = run_agg_count(agg), w = 7;

	if (!n) {
		fprintf(fp, "(no result lines)\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(run_agg_row(agg, i)->label);
		if (l > w)
			w = l < 40 ? l : 40;
	}
	fprintf(fp, "%-*s %5s %10s %10s %10s %8s %8s  %s\n", (int)w, "variant", "runs",
		"best", "median", "latest", "GB/s", "x best", "check");
	for (size_t i = 0; i < n; i++) {
		const struct run_agg_row *r = run_agg_row(agg, i);
		char best[24] = "-", med[24] = "-", lat[24] = "-", gb[24] = "-", ratio[24] = "-";

		if (r->has_seconds) {
			run_format_seconds(r->best_s, best, sizeof best);
			run_format_seconds(r->median_s, med, sizeof med);
			run_format_seconds(r->latest_s, lat, sizeof lat);
			if (fastest && fastest->best_s > 0)
				snprintf(ratio, sizeof ratio, "%.3g", r->best_s / fastest->best_s);
		}
		if (r->has_gbps)
			snprintf(gb, sizeof gb, "%.3g", r->best_gbps);
		fprintf(fp, "%-*.*s %5zu %10s %10s %10s %8s %8s  %s\n", (int)w, (int)w, r->label,
			r->count, best, med, lat, gb, ratio,
			r->check_failed ? "FAIL" : r->check ? r->check : "-");
	}
}

static void print_csv(FILE *fp, struct run_agg *agg)
{
	fprintf(fp, "kernel,series,count,best_s,median_s,latest_s,gbps,check\n");
	for (size_t i = 0; i < run_agg_count(agg); i++) {
		const struct run_agg_row *r = run_agg_row(agg, i);

		run_csv_write(fp, r->kernel);
		fputc(',', fp);
		run_csv_write(fp, r->label);
		fprintf(fp, ",%zu,", r->count);
		if (r->has_seconds)
			fprintf(fp, "%.6g,%.6g,%.6g", r->best_s, r->median_s, r->latest_s);
		else
			fputs(",,", fp);
		fputc(',', fp);
		if (r->has_gbps)
			fprintf(fp, "%.6g", r->best_gbps);
		fputc(',', fp);
		run_csv_write(fp, r->check_failed ? "FAIL" : r->check ? r->check : "");
		fputc('\n', fp);
	}
}

static void print_json(FILE *fp, struct run_agg *agg, const char *cmdline,
		       int status, const char *how)
{
	fputs("{\"command\": ", fp);
	run_json_string(fp, cmdline);
	fprintf(fp, ", \"status\": %d, \"ended\": ", status);
	run_json_string(fp, how);
	fputs(", \"results\": [", fp);
	for (size_t i = 0; i < run_agg_count(agg); i++) {
		const struct run_agg_row *r = run_agg_row(agg, i);

		fputs(i ? ",\n  {" : "\n  {", fp);
		fputs("\"kernel\": ", fp);
		run_json_string(fp, r->kernel);
		fputs(", \"series\": ", fp);
		run_json_string(fp, r->label);
		fprintf(fp, ", \"count\": %zu", r->count);
		if (r->has_seconds)
			fprintf(fp, ", \"best_s\": %.6g, \"median_s\": %.6g, \"latest_s\": %.6g",
				r->best_s, r->median_s, r->latest_s);
		if (r->has_gbps)
			fprintf(fp, ", \"gbps\": %.6g", r->best_gbps);
		fputs(", \"check\": ", fp);
		run_json_string(fp, r->check_failed ? "FAIL" : r->check ? r->check : "");
		fputc('}', fp);
	}
	fputs(run_agg_count(agg) ? "\n]}\n" : "]}\n", fp);
}

/* Poll the run until it ends, stopping it on a signal or the timeout. */
static void drive(struct run *r, double timeout, FILE *msg)
{
	bool warned = false, stopping = false;

	while (run_state(r) != RUN_EXITED) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);
		unsigned ev;

		if (poll(fds, n, ms) < 0 && errno != EINTR)
			break;
		ev = run_step(r);
		if ((ev & RUN_EV_OUTPUT) && fflush(stdout) == EOF && errno == EPIPE)
			got_signal = SIGPIPE;
		if (got_signal && !stopping) {
			fprintf(stderr, "hpctutor: stopping the run (%s)\n", strsignal(got_signal));
			run_stop(r);
			stopping = true;
		}
		if (timeout > 0 && !stopping && run_elapsed(r) >= timeout) {
			fprintf(stderr, "hpctutor: stopping the run after %.0f s (--stop-after)\n", timeout);
			run_stop(r);
			stopping = true;
		}
		if ((ev & RUN_EV_HANG) && !warned) {
			fprintf(msg, "hpctutor: no output for %.0f s: this looks like a deadlock "
				"(every rank waiting for another); Ctrl-C stops it\n", run_silent_for(r));
			warned = true;
		}
	}
	if (run_state(r) != RUN_EXITED)
		run_kill_wait(r, 0);
}

int run_cmd_run(int argc, char **argv, const struct hpct_paths *paths)
{
	struct run_args a = { .save = true, .format = RUN_FMT_TABLE };
	struct run_plan plan = { 0 };
	struct run_opts opts = { 0 };
	struct batch b = { 0 };
	struct run *r = NULL;
	struct sigaction sa, ign, old_int, old_term, old_hup, old_pipe;
	char err[512], how[512];
	int status = 2, pr;
	time_t started = time(NULL);
	FILE *msg;

	pr = parse_args(argc, argv, &a, paths);
	if (pr) {
		free(a.kargv);
		return pr == 1 ? 0 : 2;
	}
	msg = a.format == RUN_FMT_TABLE ? stdout : stderr;
	status = run_plan_make(&plan, paths, a.kernel, a.kargc, a.kargv, a.launcher, a.ranks,
			       err, sizeof err);
	if (status != RUN_PLAN_OK) {
		fprintf(stderr, "hpctutor run: %s\n", err);
		goto out;
	}
	if (!plan.kernel)
		fprintf(stderr, "hpctutor run: '%s' is not a kernel hpctutor knows; its knobs "
			"are not checked\n", a.kernel);
	if (a.ranks && !plan.launcher->takes_ranks)
		fprintf(stderr, "hpctutor run: --ranks ignored: launcher %s runs one process\n",
			plan.launcher->name);
	fprintf(msg, "$ %s\n", plan.line);
	if (plan.launcher->takes_ranks)
		fprintf(msg, "# launcher %s: %s\n", plan.launcher->name, plan.launcher_why);
	if (*plan.note)
		fprintf(msg, "# %s\n", plan.note);
	fflush(msg);

	b.out = msg;
	b.labels = plan.launcher->labels != RUN_LABEL_NONE;
	opts.on_line = print_line;
	opts.ud = &b;
	opts.series = plan.kernel ? plan.kernel->series : NULL;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);   /* a closed stdout stops the run instead */
	r = run_start(&plan.cmd, &opts, err, sizeof err);
	if (!r) {
		fprintf(stderr, "hpctutor run: %s\n", err);
		status = 1;
	} else {
		drive(r, a.stop_after, stderr);
		status = run_shell_status(r);
		/* A run that was stopped did not finish, whatever the launcher
		 * says: Hydra's mpiexec exits 0 after forwarding Ctrl-C. */
		if (status == 0 && run_was_stopped(r))
			status = 128 + SIGINT;
		run_explain(r, how, sizeof how);
		fprintf(stderr, "hpctutor: %s: %s\n", a.kernel, how);
		if (a.format == RUN_FMT_TABLE) {
			printf("\n");
			print_table(stdout, run_results(r));
		} else if (a.format == RUN_FMT_CSV) {
			print_csv(stdout, run_results(r));
		} else {
			print_json(stdout, run_results(r), plan.line, status, how);
		}
		fflush(stdout);
		if (a.save && !a.help_kernel && !run_exec_failed(r)) {
			struct run_history_run hr = {
				.when = started, .launcher = plan.launcher->name,
				.ranks = plan.cmd.ranks, .kernel = a.kernel, .knobs = plan.knobs,
				.status = status,
			};
			if (run_history_append(paths->statedir, &hr, run_results(r), err, sizeof err))
				fprintf(stderr, "hpctutor run: results not saved: %s\n", err);
		}
		run_free(r);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
out:
	run_plan_free(&plan);
	free(a.kargv);
	return status;
}
