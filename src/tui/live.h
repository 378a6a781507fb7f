/*
 * live.h — a kernel run inside the tutor, shared by the files that start
 * it (live.c), draw its panes (pane.c), its results (results.c, chart.c)
 * and edit its knobs (form.c). Only src/tui includes this.
 *
 * A run is driven by the tutor's one poll() loop: live_pollfds() adds the
 * child's pipes beside the terminal, live_timeout_ms() says how long the
 * loop may sleep (a stop deadline, the watchdog, a coalesced redraw; -1
 * when nothing runs, so an idle tutor makes no system calls), and
 * live_step() drains the pipes and reports what changed. The panes stay
 * on screen after the run ends, until x or Esc closes them.
 */
#ifndef HPCT_TUI_LIVE_H
#define HPCT_TUI_LIVE_H

#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include "run/history.h"
#include "run/run.h"
#include "tui/app.h"

#define LIVE_SPARK 32         /* repeats kept per results row for sparklines */
#define LIVE_GRID_MAX 8       /* rank panes shown at once */
#define LIVE_DRAW_MS 40       /* at most one coalesced redraw this often */

enum live_focus {
	LIVE_FOCUS_LESSON,
	LIVE_FOCUS_OUTPUT,
	LIVE_FOCUS_RESULTS,
	LIVE_FOCUS_COUNT
};

/* The latest repeats of one results row (by label), for its sparkline. */
struct live_series {
	char *label;
	double v[LIVE_SPARK];
	unsigned n, head;
};

/* One earlier run of the same kernel in results.csv: rows first..first+n-1
 * of the loaded history. */
struct live_earlier {
	const char *when, *knobs;
	size_t first, n;
};

struct live {
	struct run *run;
	const struct run_kernel *kernel;      /* NULL: not in the table */
	const struct run_launcher *launcher;
	char name[64];
	char *cmdline;                        /* as a shell reads it back */
	char *knobs;                          /* the kernel's arguments */
	int ranks;
	time_t started;
	bool exited, saved;
	bool failed;                          /* ended badly: how says why */
	char how[512];                        /* how it ended, what to do */
	char note[512];                       /* about the launcher */

	enum live_focus focus;
	bool grid;                            /* rank panes, not combined */
	int sel;                              /* the selected rank pane */
	long scroll_out;                      /* lines up from the newest
	                                         (0: follow the output) */
	unsigned long long results_taken;     /* result lines parsed */
	double amdahl;                        /* the kernel's serial fraction */
	bool has_amdahl;
	long scroll_res;                      /* results rows scrolled */
	int hscroll;                          /* output columns scrolled */

	struct live_series *series;
	size_t nseries, capseries;

	struct run_history hist;              /* results.csv, loaded by C */
	bool hist_loaded;
	struct live_earlier *earlier;         /* newest first */
	size_t nearlier;
	int cmp;                              /* earlier run compared, or -1 */

	bool dirty;                           /* output waiting to be drawn */
	double last_draw;

	/* Where things go (pane.c, from the window size). */
	bool side;                            /* lesson on the left */
	struct rect head, out, res;
	int sep_x;                            /* column of the divider */
};

/* live.c */
/* Start the kernel of a {kernel} line ("sum --n 10M --ranks 2"). Any
 * problem is said on the status line; the tutor carries on. */
void live_start_args(struct app *a, const char *args);
/* Start NAME with its knob words (NULL-terminated), RANKS (0: the
 * kernel's default) and LAUNCHER (NULL: the usual choice). */
void live_start(struct app *a, const char *name, char *const *kargv, int kargc,
		int ranks, const char *launcher);
/* The command live_start() would run, as a shell reads it (newly
 * allocated), or NULL when it cannot be built. */
char *live_command_preview(struct app *a, const char *name, char *const *kargv, int kargc,
			   int ranks, const char *launcher);
bool live_running(const struct app *a);  /* running or stopping */
void live_stop(struct app *a);
void live_close(struct app *a);          /* free a finished run's panes */
/* Exit paths: stop and wait for the run, keep its results. */
void live_finish(struct app *a);
int live_pollfds(struct app *a, struct pollfd *fds, int max);
/* How long the loop may sleep: -1 for as long as it likes. */
int live_timeout_ms(struct app *a);
/* Drain and advance the run. True when the screen should show it at once
 * (it ended, hung, or was signalled); new output only sets dirty. */
bool live_step(struct app *a);
/* Cycle the earlier run compared against (C). */
void live_compare_next(struct app *a);
/* An earlier figure for LABEL in the run compared against. */
bool live_earlier_get(const struct live *l, const char *label, double *best,
		      double *gbps);
size_t live_earlier_rows(const struct live *l);
const char *live_earlier_label(const struct live *l, size_t i, double *best,
			       double *gbps);
const struct live_series *live_series_find(const struct live *l, const char *label);
/* "sum · N=10M" for headers: the kernel and its knobs. */
const char *live_title(const struct live *l);

/* pane.c */
void live_layout(struct app *a);          /* sets a->view and the panes */
void live_draw(struct app *a);
/* A pager scroll key while an output or results pane has the focus:
 * true when it was taken. KIND: 0 lines, 1 screens, 2 half screens,
 * 3 to an end (DIR < 0 the top, > 0 the end). */
bool live_scroll(struct app *a, int kind, int dir);
/* h/l while the output has the focus: its lines scroll sideways. */
bool live_hscroll(struct app *a, int dir);
void live_focus_next(struct app *a);
void live_toggle_grid(struct app *a);
void live_select_rank(struct app *a, int dir);
/* Draw UTF-8 text at (y, x), at most w columns; "…" when cut. */
int live_put(struct app *a, int y, int x, int w, const char *s, int attr);
void live_bar(struct app *a, int y, int x, int w, const char *text, int attr);

/* results.c */
void results_draw(struct app *a, struct rect r);
/* Rows the table wants (header included) for N results rows. */
int results_rows(const struct app *a, size_t n);
/* A short label for a results row: the words that differ between rows. */
void results_label(struct run_agg *agg, size_t i, char *buf, size_t len);
void results_seconds(const struct app *a, double s, char *buf, size_t len);

/* chart.c */
void chart_draw(struct app *a, struct rect r);

/* form.c */
void form_open(struct app *a, const char *args);
void form_close(struct app *a);
void form_draw(struct app *a);
void form_move(struct app *a, int dir);
void form_submit(struct app *a);
void form_cycle(struct app *a, int dir);   /* choices and flags */
void form_erase(struct app *a, int all);
void form_type(struct app *a, int ch);

#endif
