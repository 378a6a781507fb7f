/*
 * app.h — the tutor's state, shared by the files of src/tui and by no one
 * else. Each file owns one part of the screen or one job: crt.c the
 * terminal, signal.c signals as events, pager.c the page, keys.c the key
 * table and help, toc.c the contents, search.c the search, app.c the loop.
 */
#ifndef HPCT_TUI_APP_H
#define HPCT_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"
#include "lesson/lesson.h"
#include "store/store.h"
#include "tui/tui.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

enum app_mode {
	MODE_PAGER,
	MODE_TOC,
	MODE_HELP,
	MODE_SEARCH,      /* typing a search pattern */
	MODE_FORM,        /* the knob form of a kernel (R) */
};

/* A rectangle of the screen. */
struct rect {
	int y, x, h, w;
};

struct live;          /* live.h: a kernel run and its panes */
struct form;          /* form.c: the knob form */

/* Colour pairs (or attributes) beyond the layout styles. */
enum crt_ui {
	CRT_BAR = 0,      /* title and status bars */
	CRT_MATCH,        /* search matches */
	CRT_MATCH_CUR,    /* the current match */
	CRT_SELECT,       /* selected row in lists */
	CRT_DONE,         /* marks: seen, done */
	CRT_STDERR,       /* a kernel's stderr lines */
	CRT_NOTE,         /* the tutor's own notes in a pane */
	CRT_WARN,         /* failure, hang */
	CRT_GOOD,         /* check=ok, finished */
	CRT_BAR2,         /* pane headers */
	CRT_CHART,        /* chart bars and points */
	CRT_CHART2,       /* the second series (ideal line, earlier run) */
	CRT_UI_COUNT
};

struct app {
	struct lesson_set *set;
	const struct tui_opts *opts;

	struct progress *progress;
	char *progress_path;
	bool progress_dirty;

	/* The page on screen, drawn in view (the whole screen between the
	 * bars, or the lesson's part of it while a run's panes are open). */
	struct rect view;
	size_t page;
	struct layout *lay;
	size_t top;               /* first line shown */
	/* Where the learner put the top line, as a source line and a
	 * fraction through its block: a resize lays out from this, so a
	 * window made big (where the page fits and top becomes 0) and small
	 * again comes back to the same place. */
	int anchor_src;
	size_t anchor_k, anchor_n;
	int hscroll;
	unsigned char **unfolded; /* per page: nfolds flags, or NULL */

	/* The terminal. */
	int rows, cols;
	bool utf8;
	bool too_small;
	enum app_mode mode;

	/* Contents and help lists. */
	size_t toc_sel, toc_top;
	size_t help_top;

	/* Search: the pattern, what is being typed, the current match. */
	char pattern[128];
	char typed[128];
	size_t typed_len;
	bool have_match;
	size_t match_line;
	size_t match_off, match_len;

	/* A kernel run and its panes (NULL when none is open), and the
	 * knob form. */
	struct live *live;
	struct form *form;

	char msg[512];            /* transient status message */
	bool quit;
	bool oom;
};

/* crt.c — terminal set-up, colours, drawing helpers. */
int crt_init(struct app *a);
void crt_done(void);
void crt_abandon(void);            /* the terminal is gone: no blocking */
void crt_install_fatal_handlers(void);
void crt_resize(struct app *a);    /* ask the tty its size, resize curses */
int crt_style(unsigned style, unsigned attr);  /* curses attr for a run */
int crt_ui(enum crt_ui ui);
/* Put UTF-8 text at most cols columns wide at the cursor (in a non-UTF-8
 * locale, non-ASCII characters become '?'). Returns columns drawn. */
int crt_put(const char *s, size_t len, int cols);
/* A glyph that has an ASCII stand-in outside UTF-8 locales. */
const char *crt_glyph(const struct app *a, const char *utf8, const char *ascii);

/* signal.c — signals as events on a pipe. */
int sig_init(void);
void sig_done(void);
int sig_fd(void);
/* The next signal that arrived, or 0 when none is pending. */
int sig_next(void);

/* pager.c */
int pager_open(struct app *a, size_t page);
int pager_relayout(struct app *a, bool keep_place);
void pager_anchor(struct app *a);
void pager_draw(struct app *a);
void pager_scroll_to(struct app *a, long top);
size_t pager_view_rows(const struct app *a);
int pager_width(const struct app *a);     /* columns a page is laid out for */
size_t app_full_rows(const struct app *a);  /* rows between the two bars */
size_t pager_max_top(const struct app *a);
void pager_bar(struct app *a, int y, const char *left, const char *right);
void pager_status(struct app *a, const char *hints);
int pager_number(const struct app *a, size_t page);
unsigned char *pager_unfolded(struct app *a, size_t page);
void pager_toggle_solution(struct app *a);
void pager_toggle_exercise(struct app *a);
/* The {kernel} line the top of the screen is in (or the first shown),
 * or NULL. */
const char *pager_kernel_at_top(const struct app *a);

/* keys.c */
void keys_pager(struct app *a, int ch);
void keys_form(struct app *a, int ch);
void help_draw(struct app *a);
void help_key(struct app *a, int ch);

/* toc.c */
void toc_open(struct app *a);
void toc_draw(struct app *a);
void toc_key(struct app *a, int ch);

/* search.c */
void search_start(struct app *a);
void search_key(struct app *a, int ch);
void search_next(struct app *a, int dir);
void search_draw_prompt(struct app *a);
/* Matches of the pattern in a line: byte ranges, up to max; count. */
size_t search_matches(const struct app *a, const char *text, size_t len,
		      size_t *off, size_t max);

/* app.c */
void app_message(struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void app_page_changed(struct app *a);
void app_save(struct app *a);
/* The state directory (--state-dir, else the usual one), newly
 * allocated; NULL when there is none. */
char *app_state_dir(const struct app *a);
/* Where the lesson goes on screen now (after a run's panes open or
 * close, or a resize); lays the page out again if its width changed. */
void app_geometry(struct app *a);

#endif
