/*
 * pane.c — the screen while a run's panes are open: where the lesson,
 * the output and the results go, the run's header, and the output pane
 * (every line in arrival order, or a grid of rank panes).
 *
 * Wide windows (120 columns and more) keep the lesson on the left at a
 * readable width and stack output over results on the right; narrower
 * ones keep a few lines of the lesson on top and put output and results
 * side by side below, results the wider of the two because their table
 * is what the learner reads. Everything drawn is the run's sanitised
 * text: nothing a kernel prints reaches the terminal as it was.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tui/live.h"

#define SIDE_MIN_COLS 120

void live_layout(struct app *a)
{
	struct live *l = a->live;
	int rows = a->rows, cols = a->cols, body = rows > 2 ? rows - 2 : 0;

	if (!l) {
		a->view = (struct rect){ 1, 0, body, cols };
		return;
	}
	l->side = cols >= SIDE_MIN_COLS;
	if (l->side) {
		int lw = cols * 2 / 5;
		lw = lw < 50 ? 50 : lw > 90 ? 90 : lw;
		int x = lw + 1, w = cols - x, oh = body / 2;
		a->view = (struct rect){ 1, 0, body, lw };
		l->sep_x = lw;
		l->head = (struct rect){ 0, x, 1, w };
		l->out = (struct rect){ 1, x + 1, oh, w - 1 };
		l->res = (struct rect){ 2 + oh, x, body - oh - 1, w };
	} else {
		int lh = body / 3 < 5 ? 5 : body / 3;
		int y = 2 + lh, h = rows - 1 - y, ow = cols * 2 / 5;
		a->view = (struct rect){ 1, 0, lh, cols };
		l->sep_x = ow;
		l->head = (struct rect){ 1 + lh, 0, 1, cols };
		l->out = (struct rect){ y, 1, h, ow - 1 };
		l->res = (struct rect){ y, ow + 1, h, cols - ow - 1 };
	}
}

int live_put(struct app *a, int y, int x, int w, const char *s, int attr)
{
	size_t len = strlen(s);
	int used;

	if (w <= 0)
		return 0;
	move(y, x);
	attrset(attr);
	if ((int)layout_str_width(s, len) <= w) {
		used = crt_put(s, len, w);
	} else {
		used = crt_put(s, len, w - 1);
		addstr(crt_glyph(a, "…", "~"));
		used++;
	}
	attrset(A_NORMAL);
	return used;
}

void live_bar(struct app *a, int y, int x, int w, const char *text, int attr)
{
	move(y, x);
	attrset(attr);
	for (int i = 0; i < w; i++)
		addch(' ');
	live_put(a, y, x + 1, w - 2, text, attr);
}

static void clear_rect(struct rect r)
{
	attrset(A_NORMAL);
	for (int y = 0; y < r.h; y++) {
		move(r.y + y, r.x);
		for (int x = 0; x < r.w; x++)
			addch(' ');
	}
}

/* Wrap S into rows of at most W columns, breaking at spaces where it
 * can (a long word is cut) and at every newline: the start of each row into OFF (at most MAX);
 * returns the row count. */
static int wrap(const char *s, int w, size_t *off, int max)
{
	size_t len = strlen(s), pos = 0;
	int n = 0;

	if (w <= 0)
		return 0;
	while (pos < len && n < max) {
		size_t p = pos, brk = 0;
		int cols = 0;
		off[n++] = pos;
		while (p < len && cols < w && s[p] != '\n') {
			size_t c = 1;
			while (p + c < len && (s[p + c] & 0xc0) == 0x80)
				c++;
			cols += (int)layout_str_width(s + p, c);
			if (cols > w)
				break;
			p += c;
			if (s[p - c] == ' ')
				brk = p;
		}
		if (p < len && s[p] == '\n') {
			p++;        /* a line of its own */
		} else {
			/* A break right at the start ("$ /long/path") would
			 * leave a word alone on its row: cut the long word. */
			if (p < len && brk > pos + 2 && s[p] != ' ')
				p = brk;
			while (p < len && s[p] == ' ')
				p++;
		}
		pos = p > pos ? p : pos + 1;
	}
	return n;
}

#define WRAP_MAX 64

static int wrap_rows(const char *s, int w)
{
	size_t off[WRAP_MAX];
	return wrap(s, w, off, WRAP_MAX);
}

/* Row K of S wrapped at W columns, drawn at (y, x). */
static void put_wrapped_row(struct app *a, int y, int x, int w, const char *s, int k,
			    int attr)
{
	size_t off[WRAP_MAX];
	int n = wrap(s, w, off, WRAP_MAX);

	if (k >= n)
		return;
	size_t end = k + 1 < n ? off[k + 1] : strlen(s);
	move(y, x);
	attrset(attr);
	crt_put(s + off[k], end - off[k], w);
	attrset(A_NORMAL);
	(void)a;
}

/* The line at the bottom of the output: how it ended, or the watchdog. */
static const char *footer(struct app *a, int *attr)
{
	struct live *l = a->live;
	static char buf[600];

	if (l->exited) {
		*attr = crt_ui(l->failed ? CRT_WARN : CRT_GOOD);
		return l->how;
	}
	if (run_state(l->run) == RUN_STOPPING) {
		*attr = crt_ui(CRT_WARN);
		return "Stopping...";
	}
	if (run_hung(l->run)) {
		int i = lesson_set_find(a->set, "06-mpi4py");
		char page[200] = "the page on send/recv deadlock";
		if (i >= 0)
			snprintf(page, sizeof page, "the page on send/recv deadlock "
				 "(%d. %s)", pager_number(a, (size_t)i), a->set->pages[i]->title);
		snprintf(buf, sizeof buf, "This looks like a deadlock: no output for %.0f s, "
			 "every rank waiting for another. Press x to stop it. See %s.",
			 run_silent_for(l->run), page);
		*attr = crt_ui(CRT_WARN);
		return buf;
	}
	return NULL;
}

static int line_attr(const struct run_line *ln)
{
	if (ln->flags & RUN_LINE_STDERR)
		return crt_ui(CRT_STDERR);
	if (ln->flags & RUN_LINE_NOTE)
		return crt_ui(CRT_NOTE);
	if (ln->flags & RUN_LINE_RESULT)
		return crt_style(LAYOUT_META, 0);
	return A_NORMAL;
}

/* One output line at (y, x), w columns; with its rank in front when
 * TAG. Stderr lines carry a mark, so they show without colour too. */
static void put_line(struct app *a, int y, int x, int w, const struct run_line *ln, bool tag)
{
	char t[16];
	int used = 0;

	move(y, x);
	if (tag && ln->rank >= 0) {
		snprintf(t, sizeof t, "[%d]", ln->rank);
		used += live_put(a, y, x, w, t, crt_style(LAYOUT_BULLET, 0));
		used++;
	}
	if (ln->flags & RUN_LINE_STDERR) {
		used += live_put(a, y, x + used, w - used, crt_glyph(a, "▌", "!"),
				 crt_ui(CRT_STDERR));
	}
	/* Scrolled right (h/l with the output focused): skip that many
	 * columns of the text, never the rank tag. */
	const char *text = ln->text;
	for (int skip = a->live->hscroll; skip > 0 && *text; skip--) {
		text++;
		while ((*text & 0xc0) == 0x80)
			text++;
	}
	if (w - used > 0)
		live_put(a, y, x + used, w - used, text, line_attr(ln));
}

/* Lines from RING, bottom-aligned in R, SCROLL lines up from the newest;
 * LEAD wrapped first (the command). With a lead (the view of all output)
 * result lines ("@hpct ...") are left out: the results table beside
 * shows them, and the kernel's own words read better. A rank's pane
 * keeps them: they are what that rank said. */
static void draw_lines(struct app *a, struct rect r, const struct run_ring *ring,
		       long *scroll, bool tag, const char *lead, int lead_attr)
{
	unsigned hide = lead ? RUN_LINE_RESULT : 0;
	size_t n = ring ? run_ring_count(ring) : 0;
	static size_t idx[8192];
	long want = r.h + *scroll, got = 0;
	int nlead = lead ? wrap_rows(lead, r.w) : 0;

	if (r.h <= 0)
		return;
	if (want > (long)(sizeof idx / sizeof idx[0]))
		want = (long)(sizeof idx / sizeof idx[0]);
	/* Newest first, as many as the view and the scroll need. */
	for (size_t i = n; i-- > 0 && got < want;)
		if (!(run_ring_get(ring, i)->flags & hide))
			idx[got++] = i;
	bool all = got < want;   /* the oldest line kept is in: the lead too */
	long total = got + (all ? nlead : 0);
	if (*scroll > total - r.h)
		*scroll = total - r.h > 0 ? total - r.h : 0;
	/* Rows from the bottom: k = 0 is the newest shown. */
	int y = r.y + (total < r.h ? (int)total : r.h) - 1;
	for (long k = *scroll; k < total && y >= r.y; k++, y--) {
		if (k < got)
			put_line(a, y, r.x, r.w, run_ring_get(ring, idx[k]), tag);
		else
			put_wrapped_row(a, y, r.x, r.w, lead, (int)(nlead - 1 - (k - got)),
					lead_attr);
	}
}

static int nranks(const struct live *l)
{
	int n = run_max_rank(l->run) + 1;
	return n > l->ranks ? n : l->ranks;
}

static void draw_grid(struct app *a, struct rect r)
{
	struct live *l = a->live;
	int nr = nranks(l);

	if (l->sel >= nr)
		l->sel = nr - 1;
	int first = l->sel / LIVE_GRID_MAX * LIVE_GRID_MAX;
	int count = nr - first < LIVE_GRID_MAX ? nr - first : LIVE_GRID_MAX;
	/* Columns of panes: the most text shown, counting up to eight lines
	 * and forty columns a pane (more of either adds little). */
	int c = 1, best = -1;
	static const int choices[] = { 1, 2, 4 };
	for (size_t i = 0; i < 3; i++) {
		int cc = choices[i];
		if (cc > 1 && cc / 2 >= count)
			break;
		int prow = (count + cc - 1) / cc, ph = r.h / prow - 1, pw = r.w / cc;
		int score = (ph < 8 ? ph : 8) * (pw < 40 ? pw : 40);
		if (ph >= 1 && score > best) {
			best = score;
			c = cc;
		}
	}
	int prow = (count + c - 1) / c;
	int ph = r.h / prow, pw = (r.w - (c - 1)) / c;
	for (int i = 0; i < count; i++) {
		int rank = first + i, row = i / c, col = i % c;
		struct rect p = { r.y + row * ph, r.x + col * (pw + 1), ph, pw };
		const struct run_ring *ring = run_rank_ring(l->run, rank);
		char title[96];
		bool sel = rank == l->sel;
		unsigned long long n = ring ? run_ring_count(ring) + run_ring_dropped(ring) : 0;

		snprintf(title, sizeof title, "[%d] %llu line%s%s", rank, n, n == 1 ? "" : "s",
			 sel && nr > LIVE_GRID_MAX ? "  (+/- other ranks)" : "");
		live_bar(a, p.y, p.x, p.w, title,
			 sel && l->focus == LIVE_FOCUS_OUTPUT ? crt_ui(CRT_SELECT) : crt_ui(CRT_BAR2));
		if (col > 0)
			for (int y = 0; y < ph; y++) {
				move(p.y + y, p.x - 1);
				attrset(crt_style(LAYOUT_RULE, 0));
				addstr(crt_glyph(a, "│", "|"));
			}
		long none = 0;
		struct rect body = { p.y + 1, p.x, p.h - 1, p.w };
		draw_lines(a, body, ring, sel ? &l->scroll_out : &none, false, NULL, 0);
	}
	if (nr > LIVE_GRID_MAX) {
		char more[64];
		snprintf(more, sizeof more, "ranks %d-%d of %d", first, first + count - 1, nr);
		live_put(a, r.y + r.h - 1, r.x + r.w - (int)strlen(more) - 1,
			 (int)strlen(more), more, crt_ui(CRT_NOTE));
	}
}

static void draw_output(struct app *a)
{
	struct live *l = a->live;
	struct rect r = l->out;
	int fattr = 0;
	const char *f = footer(a, &fattr);
	int fr = f ? wrap_rows(f, r.w) : 0;

	if (fr > r.h / 2)
		fr = r.h / 2;
	for (int i = 0; i < fr; i++)
		put_wrapped_row(a, r.y + r.h - fr + i, r.x, r.w, f, i, fattr);
	r.h -= fr;
	if (r.h <= 0)
		return;
	if (l->grid && nranks(l) > 1 && !run_exec_failed(l->run)) {
		draw_grid(a, r);
		return;
	}
	char lead[4096];
	/* The command as a shell takes it, and for MPI runs which launcher
	 * and why (where srun is on offer, the reason). */
	snprintf(lead, sizeof lead, "$ %s%s%s", l->cmdline, l->launcher->takes_ranks ?
		 "\n# " : "", l->launcher->takes_ranks ? l->note : "");
	draw_lines(a, r, run_combined(l->run), &l->scroll_out,
		   l->launcher->labels != RUN_LABEL_NONE, lead, crt_ui(CRT_NOTE));
}

static void draw_head(struct app *a)
{
	struct live *l = a->live;
	char text[512], state[128], rt[128];
	const char *dot = crt_glyph(a, " · ", " - ");
	static const char *const focus[] = { "lesson", "output", "results" };
	unsigned long long lines = run_line_count(l->run);

	if (!l->exited)
		snprintf(state, sizeof state, "%s %.1f s", run_state(l->run) == RUN_STOPPING ?
			 "stopping" : "running", run_elapsed(l->run));
	else
		snprintf(state, sizeof state, "%s %.1f s", run_was_stopped(l->run) ?
			 "stopped after" : l->failed ? "failed after" : "finished in",
			 run_elapsed(l->run));
	snprintf(text, sizeof text, "%s %s%s%s%s%llu line%s", l->exited ?
		 crt_glyph(a, "■", "#") : crt_glyph(a, "▶", ">"), live_title(l), dot, state,
		 dot, lines, lines == 1 ? "" : "s");
	snprintf(rt, sizeof rt, "keys: %s", focus[l->focus]);
	int attr = crt_ui(l->exited && l->failed ? CRT_WARN : CRT_BAR2);
	int rw = (int)strlen(rt);
	live_bar(a, l->head.y, l->head.x, l->head.w, text, attr);
	int tw = (int)layout_str_width(text, strlen(text));
	if (tw + rw + 4 <= l->head.w)
		live_put(a, l->head.y, l->head.x + l->head.w - rw - 1, rw, rt, attr);
	if (l->side) {
		int y = l->out.y + l->out.h;
		size_t nrows = run_agg_count(run_results(l->run));
		snprintf(rt, sizeof rt, "results%s%zu row%s%s", dot, nrows, nrows == 1 ? "" : "s",
			 l->cmp >= 0 ? "  (with an earlier run: C for another)" : "");
		live_bar(a, y, l->head.x, l->head.w, rt,
			 l->focus == LIVE_FOCUS_RESULTS ? crt_ui(CRT_SELECT) : crt_ui(CRT_BAR2));
	}
}

void live_draw(struct app *a)
{
	struct live *l = a->live;

	if (!l)
		return;
	if (l->side)
		clear_rect((struct rect){ 1, l->sep_x, a->rows - 2, a->cols - l->sep_x });
	else
		clear_rect((struct rect){ l->out.y, 0, a->rows - 1 - l->out.y, a->cols });
	attrset(crt_style(LAYOUT_RULE, 0));
	int y0 = l->side ? 0 : l->out.y, y1 = l->out.y + l->out.h + (l->side ? l->res.h + 1 : 0);
	for (int y = y0; y < y1 && y < a->rows - 1; y++) {
		move(y, l->sep_x);
		addstr(crt_glyph(a, "│", "|"));
	}
	attrset(A_NORMAL);
	draw_head(a);
	draw_output(a);

	struct rect t = l->res;
	int want = results_rows(a, run_agg_count(run_results(l->run)));
	int chart_min = t.h >= 10 ? 6 : 0;
	if (want > t.h - chart_min)
		want = t.h - chart_min;
	t.h = want;
	results_draw(a, t);
	struct rect c = { l->res.y + want + 1, l->res.x, l->res.h - want - 1, l->res.w };
	if (c.h >= 3)
		chart_draw(a, c);
	l->last_draw = run_now();
	l->dirty = false;
}

bool live_hscroll(struct app *a, int dir)
{
	struct live *l = a->live;

	if (!l || l->focus != LIVE_FOCUS_OUTPUT)
		return false;
	l->hscroll += dir * 8;
	if (l->hscroll < 0)
		l->hscroll = 0;
	if (l->hscroll > RUN_LINE_MAX)
		l->hscroll = RUN_LINE_MAX;
	return true;
}

bool live_scroll(struct app *a, int kind, int dir)
{
	struct live *l = a->live;

	if (!l || l->focus == LIVE_FOCUS_LESSON)
		return false;
	long page = (l->focus == LIVE_FOCUS_OUTPUT ? l->out.h : l->res.h) - 1;
	long step = kind == 0 ? 1 : kind == 1 ? page - 1 : kind == 2 ? page / 2 : LONG_MAX / 4;
	if (step < 1)
		step = 1;
	if (l->focus == LIVE_FOCUS_OUTPUT) {
		/* Down is toward the newest line; the end follows the output. */
		if (kind == 3)
			l->scroll_out = dir > 0 ? 0 : LONG_MAX / 4;
		else
			l->scroll_out -= dir * step;
		if (l->scroll_out < 0)
			l->scroll_out = 0;
	} else {
		if (kind == 3)
			l->scroll_res = dir > 0 ? LONG_MAX / 4 : 0;
		else
			l->scroll_res += dir * step;
		if (l->scroll_res < 0)
			l->scroll_res = 0;
	}
	return true;
}

void live_focus_next(struct app *a)
{
	static const char *const names[] = {
		"Focus on the lesson: the pager keys scroll it",
		"Focus on the output: j/k, Space/b, g/G scroll it (G follows the newest)",
		"Focus on the results: j/k scroll the table",
	};
	struct live *l = a->live;

	if (!l) {
		app_message(a, "Tab moves between the lesson, output and results while a run's "
			    "panes are open (r runs this page's kernel)");
		return;
	}
	l->focus = (enum live_focus)((l->focus + 1) % LIVE_FOCUS_COUNT);
	app_message(a, "%s", names[l->focus]);
}

void live_toggle_grid(struct app *a)
{
	struct live *l = a->live;

	if (!l) {
		app_message(a, "No run on screen: r runs this page's kernel");
		return;
	}
	if (nranks(l) <= 1 && !l->grid) {
		app_message(a, "This run has one process: its output is all in one pane");
		return;
	}
	l->grid = !l->grid;
	l->scroll_out = 0;
	app_message(a, "%s", l->grid ? "One pane per rank (+/- choose the rank the keys scroll)"
		    : "All ranks' lines in the order they arrived");
}

void live_select_rank(struct app *a, int dir)
{
	struct live *l = a->live;

	if (!l || !l->grid) {
		app_message(a, "+ and - choose a rank pane when rank panes are shown (c)");
		return;
	}
	int n = nranks(l);
	l->sel = (l->sel + dir + n) % n;
	l->scroll_out = 0;
	l->focus = LIVE_FOCUS_OUTPUT;
	app_message(a, "Rank %d selected: the pager keys scroll its pane", l->sel);
}
