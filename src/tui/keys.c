/*
 * keys.c — the key tables, and the help generated from them.
 *
 * Each row is one action: the keys that trigger it, how they are written
 * for people, what it does, and the function that does it. The pager and
 * the contents dispatch on these rows; the `?` overlay and
 * tui_keys_print() (for --help and the man page) print them, so the keys
 * and their documentation cannot drift apart.
 */
#include <curses.h>
#include <string.h>

#include "tui/live.h"

#define CTRL(c) ((c) & 0x1f)

struct key_entry {
	const char *label;        /* "j, Down" */
	const char *help;         /* "scroll down one line" */
	void (*fn)(struct app *a, int arg);
	int arg;
	int keys[6];              /* 0-terminated */
};

struct key_table {
	const char *title;
	const struct key_entry *v;
	size_t n;
};

/* ---------------------------------------------------------------- pager */

static void k_line(struct app *a, int dir)
{
	if (live_scroll(a, 0, dir))
		return;
	pager_scroll_to(a, (long)a->top + dir);
}

static void k_screen(struct app *a, int dir)
{
	long step = (long)pager_view_rows(a) - 2;
	if (live_scroll(a, 1, dir))
		return;
	pager_scroll_to(a, (long)a->top + dir * (step > 1 ? step : 1));
}

static void k_half(struct app *a, int dir)
{
	long step = (long)pager_view_rows(a) / 2;
	if (live_scroll(a, 2, dir))
		return;
	pager_scroll_to(a, (long)a->top + dir * (step > 1 ? step : 1));
}

static void k_edge(struct app *a, int end)
{
	if (live_scroll(a, 3, end ? 1 : -1))
		return;
	pager_scroll_to(a, end ? (long)pager_max_top(a) : 0);
}

static void k_page(struct app *a, int dir)
{
	if (dir < 0 && a->page == 0) {
		app_message(a, "This is the first page");
		return;
	}
	if (dir > 0 && a->page + 1 >= a->set->n) {
		app_message(a, "This is the last page");
		return;
	}
	pager_open(a, dir < 0 ? a->page - 1 : a->page + 1);
}

static void k_hscroll(struct app *a, int dir)
{
	int step = 8;

	if (live_hscroll(a, dir))
		return;
	if (!a->lay->has_wide && a->hscroll == 0) {
		app_message(a, "Nothing on this page is wider than the screen");
		return;
	}
	int h = a->hscroll + dir * step;
	if (h < 0)
		h = 0;
	if (h == a->hscroll)
		return;
	/* Stop once nothing is clipped on the right any more. */
	if (dir > 0) {
		bool clipped = false;
		for (size_t i = 0; i < a->lay->nlines; i++)
			if (a->lay->lines[i].flags & LAYOUT_CLIPPED_RIGHT)
				clipped = true;
		if (!clipped) {
			app_message(a, "Already showing the right edge");
			return;
		}
	}
	a->hscroll = h;
	pager_relayout(a, true);
}

static void k_toc(struct app *a, int arg)
{
	toc_open(a);
}

static void k_search(struct app *a, int arg)
{
	search_start(a);
}

static void k_next(struct app *a, int dir)
{
	search_next(a, dir);
}

static void k_solution(struct app *a, int arg)
{
	pager_toggle_solution(a);
}

static void k_done(struct app *a, int arg)
{
	pager_toggle_exercise(a);
}

static void k_help(struct app *a, int arg)
{
	a->mode = MODE_HELP;
	a->help_top = 0;
}

static void k_redraw(struct app *a, int arg)
{
	clearok(curscr, TRUE);
}

static void k_quit(struct app *a, int arg)
{
	a->quit = true;
}

/* The {kernel} line under the top of the screen, else the page's first. */
static const char *kernel_here(struct app *a)
{
	const char *args = pager_kernel_at_top(a);
	const struct lesson_page *pg = a->set->pages[a->page];

	if (!args && pg->nkernels > 0)
		args = pg->kernels[0].args;
	if (!args)
		app_message(a, "This page has no kernel to run; the pages with %s lines do",
			    crt_glyph(a, "▶", ">"));
	return args;
}

static void k_run(struct app *a, int form)
{
	const char *args = kernel_here(a);

	if (!args)
		return;
	if (live_running(a)) {
		app_message(a, "%s is still running: x stops it", a->live->name);
		return;
	}
	if (form)
		form_open(a, args);
	else
		live_start_args(a, args);
}

/* x stops a run, then closes its panes; Esc only closes (a stray Esc,
 * or an Alt key the terminal sends as one, must not stop a run). */
static void k_stop(struct app *a, int esc)
{
	if (live_running(a) && esc)
		app_message(a, "%s is running: x stops it", a->live->name);
	else if (live_running(a))
		live_stop(a);
	else if (a->live)
		live_close(a);
	else if (!esc)
		app_message(a, "Nothing is running (r runs this page's kernel)");
}

static void k_tab(struct app *a, int arg)
{
	live_focus_next(a);
}

static void k_grid(struct app *a, int arg)
{
	live_toggle_grid(a);
}

static void k_rank(struct app *a, int dir)
{
	live_select_rank(a, dir);
}

static void k_compare(struct app *a, int arg)
{
	live_compare_next(a);
}

static const struct key_entry pager_keys[] = {
	{ "j, Down, Enter", "scroll down one line", k_line, +1,
	  { 'j', KEY_DOWN, '\n', '\r', KEY_ENTER } },
	{ "k, Up", "scroll up one line", k_line, -1, { 'k', KEY_UP } },
	{ "Space, f, PgDn", "scroll down one screen", k_screen, +1,
	  { ' ', 'f', KEY_NPAGE } },
	{ "b, PgUp", "scroll up one screen", k_screen, -1, { 'b', KEY_PPAGE } },
	{ "Ctrl-D, Ctrl-U", "scroll down, up half a screen", k_half, +1,
	  { CTRL('d') } },
	{ NULL, NULL, k_half, -1, { CTRL('u') } },
	{ "g, Home", "go to the top of the page", k_edge, 0, { 'g', KEY_HOME, '<' } },
	{ "G, End", "go to the end of the page", k_edge, 1, { 'G', KEY_END, '>' } },
	{ "]", "next page", k_page, +1, { ']' } },
	{ "[", "previous page", k_page, -1, { '[' } },
	{ "l, Right", "scroll code, wide tables (or the output) right", k_hscroll, +1,
	  { 'l', KEY_RIGHT } },
	{ "h, Left", "scroll code, wide tables (or the output) left", k_hscroll, -1,
	  { 'h', KEY_LEFT } },
	{ "t", "table of contents", k_toc, 0, { 't' } },
	{ "/", "search this page, then the following pages", k_search, 0, { '/' } },
	{ "n", "next match", k_next, +1, { 'n' } },
	{ "N", "previous match", k_next, -1, { 'N' } },
	{ "s", "show or fold the solution at the top of the screen",
	  k_solution, 0, { 's' } },
	{ "d", "mark the exercise at the top of the screen done, or not",
	  k_done, 0, { 'd' } },
	{ "r", "run the kernel at the top of the screen (else the page's first)",
	  k_run, 0, { 'r' } },
	{ "R", "edit the kernel's knobs first, then run it", k_run, 1, { 'R' } },
	{ "x, Ctrl-C", "stop the run (interrupt, terminate, kill); x again closes its panes",
	  k_stop, 0, { 'x' } },
	{ "Esc", "close a finished run's panes", k_stop, 1, { 27 } },
	{ "Tab", "move between the lesson, output and results panes", k_tab, 0, { '\t' } },
	{ "c", "rank panes, or all output in arrival order", k_grid, 0, { 'c' } },
	{ "+, -", "choose the rank pane the keys scroll (and more ranks)", k_rank, +1,
	  { '+', '=' } },
	{ NULL, NULL, k_rank, -1, { '-' } },
	{ "C", "compare with earlier runs of this kernel (results.csv)", k_compare, 0,
	  { 'C' } },
	{ "Ctrl-L", "redraw the screen", k_redraw, 0, { CTRL('l') } },
	{ "?", "show these keys", k_help, 0, { '?' } },
	{ "q", "quit (your place is kept)", k_quit, 0, { 'q' } },
};

/* ---------------------------------------------------------------- contents */

static void t_move(struct app *a, int d)
{
	long sel = (long)a->toc_sel + d;
	long last = (long)a->set->n - 1;

	a->toc_sel = (size_t)(sel < 0 ? 0 : sel > last ? last : sel);
}

static void t_screen(struct app *a, int dir)
{
	long step = (long)app_full_rows(a) - 1;
	t_move(a, dir * (int)(step > 1 ? step : 1));
}

static void t_edge(struct app *a, int end)
{
	a->toc_sel = end ? a->set->n - 1 : 0;
}

static void t_open(struct app *a, int arg)
{
	a->mode = MODE_PAGER;
	if (a->toc_sel != a->page)
		pager_open(a, a->toc_sel);
}

static void t_close(struct app *a, int arg)
{
	a->mode = MODE_PAGER;
}

static const struct key_entry toc_keys[] = {
	{ "j, Down", "next page in the list", t_move, +1, { 'j', KEY_DOWN } },
	{ "k, Up", "previous page in the list", t_move, -1, { 'k', KEY_UP } },
	{ "Space, PgDn", "down one screen", t_screen, +1, { ' ', KEY_NPAGE, 'f' } },
	{ "b, PgUp", "up one screen", t_screen, -1, { 'b', KEY_PPAGE } },
	{ "g, Home", "first page", t_edge, 0, { 'g', KEY_HOME } },
	{ "G, End", "last page", t_edge, 1, { 'G', KEY_END } },
	{ "Enter", "open the selected page", t_open, 0,
	  { '\n', '\r', KEY_ENTER, 'l', KEY_RIGHT } },
	{ "t, q, Esc", "back to the page", t_close, 0, { 't', 'q', 27, KEY_LEFT, 'h' } },
};

/* ---------------------------------------------------------------- knob form */

static void f_move(struct app *a, int dir)
{
	form_move(a, dir);
}

static void f_run(struct app *a, int arg)
{
	form_submit(a);
}

static void f_cancel(struct app *a, int arg)
{
	form_close(a);
	app_message(a, "Nothing run");
}

static void f_cycle(struct app *a, int dir)
{
	form_cycle(a, dir);
}

static void f_erase(struct app *a, int all)
{
	form_erase(a, all);
}

static const struct key_entry form_keys[] = {
	{ "Down, Tab", "next field", f_move, +1, { KEY_DOWN, '\t' } },
	{ "Up, Shift-Tab", "previous field", f_move, -1, { KEY_UP, KEY_BTAB } },
	{ "Right, Left", "next, previous choice (dtype, variant, flags, launcher)",
	  f_cycle, +1, { KEY_RIGHT } },
	{ NULL, NULL, f_cycle, -1, { KEY_LEFT } },
	{ "Backspace", "delete a character", f_erase, 0, { KEY_BACKSPACE, 127, 8 } },
	{ "Ctrl-U", "clear the field (the kernel's default)", f_erase, 1, { CTRL('u') } },
	{ "Enter", "check the knobs as the kernel would, and run", f_run, 0,
	  { '\n', '\r', KEY_ENTER } },
	{ "Esc", "close the form without running", f_cancel, 0, { 27 } },
};

static const struct key_table tables[] = {
	{ "Reading", pager_keys, sizeof pager_keys / sizeof pager_keys[0] },
	{ "In the contents (t)", toc_keys, sizeof toc_keys / sizeof toc_keys[0] },
	{ "In the knob form (R)", form_keys, sizeof form_keys / sizeof form_keys[0] },
};

static bool dispatch(struct app *a, const struct key_entry *v, size_t n, int ch)
{
	for (size_t i = 0; i < n; i++)
		for (const int *k = v[i].keys; *k; k++)
			if (*k == ch) {
				v[i].fn(a, v[i].arg);
				return true;
			}
	return false;
}

void keys_pager(struct app *a, int ch)
{
	if (!dispatch(a, pager_keys, sizeof pager_keys / sizeof pager_keys[0], ch) &&
	    ch < 0x80 && ch > ' ')
		app_message(a, "Key %c does nothing here %s press ? for the keys",
			    ch, crt_glyph(a, "—", "-"));
}

void keys_form(struct app *a, int ch)
{
	if (!dispatch(a, form_keys, sizeof form_keys / sizeof form_keys[0], ch))
		form_type(a, ch);
}

void toc_key(struct app *a, int ch)
{
	dispatch(a, toc_keys, sizeof toc_keys / sizeof toc_keys[0], ch);
}

/* ---------------------------------------------------------------- help */

#define LABEL_COLS 18

/* The help text as rows: a heading (entry NULL) or an entry. */
struct help_row {
	const char *heading;
	const struct key_entry *e;
};

static size_t help_rows(struct help_row *out, size_t max)
{
	size_t n = 0;

	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		if (n && n < max)
			out[n++] = (struct help_row){ "", NULL };
		if (n < max)
			out[n++] = (struct help_row){ tables[t].title, NULL };
		for (size_t i = 0; i < tables[t].n; i++)
			if (tables[t].v[i].label && n < max)
				out[n++] = (struct help_row){ NULL, &tables[t].v[i] };
	}
	return n;
}

void tui_keys_print(FILE *fp)
{
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		fprintf(fp, "%s%s:\n", t ? "\n" : "", tables[t].title);
		for (size_t i = 0; i < tables[t].n; i++)
			if (tables[t].v[i].label)
				fprintf(fp, "  %-*s %s\n", LABEL_COLS,
					tables[t].v[i].label, tables[t].v[i].help);
	}
}

void help_draw(struct app *a)
{
	struct help_row rows[96];
	size_t n = help_rows(rows, 96), view = app_full_rows(a);

	if (a->help_top + view > n)
		a->help_top = n > view ? n - view : 0;
	pager_bar(a, 0, "Keys", NULL);
	for (size_t i = 0; i < view; i++) {
		move(1 + (int)i, 0);
		clrtoeol();
		if (a->help_top + i >= n)
			continue;
		const struct help_row *r = &rows[a->help_top + i];
		move(1 + (int)i, 2);
		if (r->heading) {
			attrset(crt_style(LAYOUT_HEADING, 0));
			crt_put(r->heading, strlen(r->heading), a->cols - 4);
		} else {
			attrset(crt_style(LAYOUT_CODE, LAYOUT_BOLD));
			crt_put(r->e->label, strlen(r->e->label), LABEL_COLS);
			attrset(A_NORMAL);
			move(1 + (int)i, 4 + LABEL_COLS);
			crt_put(r->e->help, strlen(r->e->help), a->cols - 6 - LABEL_COLS);
		}
		attrset(A_NORMAL);
	}
	pager_status(a, "[j/k] scroll  [any other key] back");
}

void help_key(struct app *a, int ch)
{
	struct help_row rows[96];
	size_t n = help_rows(rows, 96), view = app_full_rows(a);

	switch (ch) {
	case 'j': case KEY_DOWN:
		if (a->help_top + view < n)
			a->help_top++;
		return;
	case 'k': case KEY_UP:
		if (a->help_top > 0)
			a->help_top--;
		return;
	default:
		a->mode = MODE_PAGER;
	}
}
