/*
 * app.c — tui_run(): start-up, the event loop, and every way out.
 *
 * The loop sleeps in poll() on the terminal and the signal pipe with no
 * timeout, so an idle tutor makes no system calls at all. Each key or
 * signal is handled to completion, then the screen is redrawn once;
 * curses sends only what changed.
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/live.h"

void app_message(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

void app_save(struct app *a)
{
	if (!a->progress_path || !a->progress_dirty)
		return;
	if (progress_save(a->progress, a->progress_path) != 0) {
		app_message(a, "Progress not saved: %s: %s", a->progress_path,
			    strerror(errno));
		/* Say it once, not on every page turn. */
		free(a->progress_path);
		a->progress_path = NULL;
		return;
	}
	a->progress_dirty = false;
}

void app_page_changed(struct app *a)
{
	const char *slug = a->set->pages[a->page]->slug;

	if (progress_set_seen(a->progress, slug) == 0 &&
	    progress_set_last(a->progress, slug) == 0)
		a->progress_dirty = true;
	app_save(a);
}

static void draw_too_small(struct app *a)
{
	char msg[128];
	const char *x = crt_glyph(a, "×", "x");

	erase();
	snprintf(msg, sizeof msg, "Please enlarge the window to at least %d%s%d "
		 "(now %d%s%d)", TUI_MIN_COLS, x, TUI_MIN_ROWS, a->cols, x, a->rows);
	int w = (int)layout_str_width(msg, strlen(msg));
	int y = a->rows / 2;
	if (w <= a->cols) {
		move(y, (a->cols - w) / 2);
		crt_put(msg, strlen(msg), a->cols);
	} else {
		/* Narrower than the sentence: one word per line, centred. */
		char *save = NULL;
		int nw = 0;
		for (const char *p = msg; *p; p++)
			nw += *p == ' ';
		y = (a->rows - nw - 1) / 2;
		for (char *t = strtok_r(msg, " ", &save); t && y < a->rows;
		     t = strtok_r(NULL, " ", &save), y++) {
			int tw = (int)layout_str_width(t, strlen(t));
			move(y < 0 ? 0 : y, tw < a->cols ? (a->cols - tw) / 2 : 0);
			crt_put(t, strlen(t), a->cols);
		}
	}
}

void app_geometry(struct app *a)
{
	int w = a->view.w, h = a->view.h;

	live_layout(a);
	if (!a->lay)
		return;
	if (a->view.w != w)
		pager_relayout(a, true);
	else if (a->view.h != h)
		pager_scroll_to(a, (long)a->top);
}

static void draw(struct app *a)
{
	if (a->too_small) {
		draw_too_small(a);
	} else {
		switch (a->mode) {
		case MODE_TOC:
			toc_draw(a);
			break;
		case MODE_HELP:
			help_draw(a);
			break;
		case MODE_SEARCH:
			pager_draw(a);
			live_draw(a);
			search_draw_prompt(a);
			break;
		case MODE_FORM:
			pager_draw(a);
			live_draw(a);
			form_draw(a);
			break;
		case MODE_PAGER:
			pager_draw(a);
			live_draw(a);
			break;
		}
	}
	if (a->live) {
		/* Whatever was drawn, the output waiting is no longer due. */
		a->live->dirty = false;
		a->live->last_draw = run_now();
	}
	refresh();
}

static void check_size(struct app *a)
{
	a->too_small = a->cols < TUI_MIN_COLS || a->rows < TUI_MIN_ROWS;
}

/* A new window size: query is true on SIGWINCH (ask the terminal and
 * resize curses), false on curses' own KEY_RESIZE (already done). */
static void on_resize(struct app *a, bool query)
{
	int cols = a->cols, rows = a->rows;

	if (query) {
		crt_resize(a);
	} else {
		a->rows = LINES;
		a->cols = COLS;
	}
	if (a->cols == cols && a->rows == rows)
		return;
	check_size(a);
	app_geometry(a);
	clearok(curscr, TRUE);
}

static void on_key(struct app *a, int ch)
{
	if (ch == KEY_RESIZE) {   /* curses' own note of a resize */
		on_resize(a, false);
		return;
	}
	a->msg[0] = '\0';
	if (a->too_small) {
		if (ch == 'q')
			a->quit = true;
		return;
	}
	switch (a->mode) {
	case MODE_PAGER:
		keys_pager(a, ch);
		break;
	case MODE_TOC:
		toc_key(a, ch);
		break;
	case MODE_HELP:
		help_key(a, ch);
		break;
	case MODE_SEARCH:
		search_key(a, ch);
		break;
	case MODE_FORM:
		keys_form(a, ch);
		break;
	}
	/* Whatever the key did to the view is where the learner now is. */
	pager_anchor(a);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static size_t start_page(struct app *a, const struct tui_opts *opts)
{
	if (opts->start_page) {
		int i = lesson_set_find(a->set, opts->start_page);
		if (i >= 0)
			return (size_t)i;
		app_message(a, "No page called %s; opening where you were",
			    opts->start_page);
	}
	const char *last = progress_last(a->progress);
	int i = last ? lesson_set_find(a->set, last) : -1;
	return i >= 0 ? (size_t)i : 0;
}

char *app_state_dir(const struct app *a)
{
	return strdup(a->opts->paths->statedir);
}

static char *progress_file(const struct app *a)
{
	char *dir = app_state_dir(a);

	if (!dir)
		return NULL;
	size_t n = strlen(dir);
	char *path = malloc(n + sizeof "/progress.txt");
	if (path) {
		memcpy(path, dir, n);
		memcpy(path + n, "/progress.txt", sizeof "/progress.txt");
	}
	free(dir);
	return path;
}

static void app_free(struct app *a)
{
	live_finish(a);
	live_close(a);
	free(a->form);
	layout_free(a->lay);
	if (a->unfolded)
		for (size_t i = 0; i < a->set->n; i++)
			free(a->unfolded[i]);
	free(a->unfolded);
	progress_free(a->progress);
	free(a->progress_path);
}

/* Leaving with a run going: say so, since stopping it can take seconds. */
static void finish_run(struct app *a, bool terminal)
{
	if (!live_running(a))
		return;
	if (terminal) {
		app_message(a, "Stopping %s before leaving...", a->live->name);
		draw(a);
	}
	live_finish(a);
}

/* Milliseconds the loop may sleep: -1 (for ever) unless a run is open. */
static int loop_timeout(struct app *a)
{
	int t = live_timeout_ms(a);

	if (live_running(a)) {
		/* The clock in the run's header moves once a second. */
		double next = a->live->last_draw + 1.0 - run_now();
		int ms = next <= 0 ? 0 : (int)(next * 1000.0) + 1;
		if (t < 0 || ms < t)
			t = ms;
	}
	return t;
}

/* Run the loop until a key or a signal ends it; the exit status. */
static int loop(struct app *a)
{
	bool draw_now = true;

	for (;;) {
		if (a->oom) {
			finish_run(a, false);
			crt_done();
			fprintf(stderr, "hpctutor: out of memory\n");
			return 1;
		}
		if (a->quit) {
			finish_run(a, true);
			app_save(a);
			crt_done();
			return 0;
		}
		/* Keys are answered at once; a run's output is drawn at most
		 * every LIVE_DRAW_MS, however fast it comes. */
		if (draw_now || (a->live && a->live->dirty &&
				 run_now() - a->live->last_draw >= LIVE_DRAW_MS / 1000.0)) {
			draw(a);
			draw_now = false;
		}

		struct pollfd fds[2 + RUN_MAXFDS] = {
			{ .fd = 0, .events = POLLIN },
			{ .fd = sig_fd(), .events = POLLIN },
		};
		int nfds = 2 + live_pollfds(a, fds + 2, RUN_MAXFDS);
		if (poll(fds, (nfds_t)nfds, loop_timeout(a)) < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			finish_run(a, false);
			app_save(a);
			crt_done();
			fprintf(stderr, "hpctutor: poll: %s\n", strerror(e));
			return 1;
		}
		bool resized = false;
		if (fds[1].revents & POLLIN) {
			for (int s; (s = sig_next());) {
				if (s == SIGWINCH) {
					on_resize(a, true);
					resized = true;
					continue;
				}
				if (s == SIGINT && live_running(a)) {
					/* Ctrl-C stops the run, not the tutor. */
					live_stop(a);
					draw_now = true;
					continue;
				}
				/* SIGINT, SIGTERM, SIGHUP: stop the run, save, leave. */
				if (s == SIGHUP) {
					crt_abandon();
					finish_run(a, false);
				} else {
					finish_run(a, true);
				}
				app_save(a);
				crt_done();
				return 128 + s;
			}
		}
		/* After a resize curses queues a KEY_RESIZE of its own: take it
		 * now, not in front of the next key. */
		if (fds[0].revents & POLLIN || resized) {
			for (int ch; (ch = getch()) != ERR;)
				on_key(a, ch);
			draw_now = true;
		} else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			/* The terminal went away without a SIGHUP. */
			crt_abandon();
			finish_run(a, false);
			app_save(a);
			return 128 + SIGHUP;
		}
		if (live_running(a)) {
			if (live_step(a))
				draw_now = true;
			if (live_running(a) && run_now() - a->live->last_draw >= 1.0)
				draw_now = true;
		}
	}
}

int tui_run(struct lesson_set *set, const struct tui_opts *opts)
{
	struct timespec t0;
	struct app a;
	char warn[512];
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&a, 0, sizeof a);
	if (!set || set->n == 0) {
		fprintf(stderr, "hpctutor: no lessons to show\n");
		return 1;
	}
	a.set = set;
	a.opts = opts;
	setlocale(LC_ALL, "");
	a.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	/* Reading the progress is allowed to fail; the learner is told. */
	a.progress_path = progress_file(&a);
	if (!a.progress_path && errno == ENOMEM)
		goto oom;
	if (a.progress_path) {
		a.progress = progress_load(a.progress_path, warn, sizeof warn);
		if (warn[0])
			app_message(&a, "%s", warn);
	} else {
		a.progress = progress_new();
		app_message(&a, "Progress is not kept: no HOME or XDG_STATE_HOME");
	}
	if (!a.progress)
		goto oom;
	if (opts->bench_first_frame) {
		/* Measuring must not move the learner's place. */
		free(a.progress_path);
		a.progress_path = NULL;
	}
	a.unfolded = calloc(set->n, sizeof *a.unfolded);
	if (!a.unfolded)
		goto oom;

	if (sig_init() != 0) {
		fprintf(stderr, "hpctutor: signals: %s\n", strerror(errno));
		sig_done();
		app_free(&a);
		return 1;
	}
	if (crt_init(&a) != 0) {
		const char *term = getenv("TERM");
		sig_done();
		fprintf(stderr, "hpctutor: cannot use this terminal (TERM=%s)%s\n",
			term ? term : "unset",
			errno == ENOTTY ? ": standard input and output must be a "
			"terminal; `hpctutor show PAGE` prints a page" : "");
		app_free(&a);
		return 1;
	}
	crt_install_fatal_handlers();
	check_size(&a);

	live_layout(&a);
	size_t page = start_page(&a, opts);
	char keep[sizeof a.msg];
	memcpy(keep, a.msg, sizeof keep);
	if (pager_open(&a, page) != 0) {
		crt_done();
		sig_done();
		goto oom;
	}
	if (!a.msg[0])
		memcpy(a.msg, keep, sizeof keep);

	if (opts->bench_first_frame) {
		draw(&a);
		double ms = ms_since(&t0);
		crt_done();
		fprintf(stderr, "first frame: %.3f ms\n", ms);
		sig_done();
		app_free(&a);
		return 0;
	}
	status = loop(&a);
	sig_done();
	app_free(&a);
	return status;

oom:
	fprintf(stderr, "hpctutor: out of memory\n");
	app_free(&a);
	return 1;
}
