/*
 * pager.c — one lesson page on the screen.
 *
 * The page is laid out for the window's width (layout/ does the work and
 * is cheap, so every change of width, horizontal scroll or fold lays the
 * page out again), and the visible slice is drawn between a title bar and
 * a status line. The reading place survives a re-layout through the
 * source line of the top line.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/live.h"

#define MAX_MATCHES 64

size_t app_full_rows(const struct app *a)
{
	return a->rows > 2 ? (size_t)a->rows - 2 : 0;
}

size_t pager_view_rows(const struct app *a)
{
	return a->view.h > 0 ? (size_t)a->view.h : app_full_rows(a);
}

int pager_width(const struct app *a)
{
	int w = a->view.w > 0 ? a->view.w : a->cols;
	return w > 2 ? w - 2 : 1;
}

size_t pager_max_top(const struct app *a)
{
	size_t n = a->lay ? a->lay->nlines : 0, v = pager_view_rows(a);
	return n > v ? n - v : 0;
}

void pager_scroll_to(struct app *a, long top)
{
	long max = (long)pager_max_top(a);

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	a->top = (size_t)top;
}

/* The page's number as the learner knows it: the digits its file name
 * starts with ("02-single-core" is 2), else its place in the set. */
int pager_number(const struct app *a, size_t page)
{
	const char *s = a->set->pages[page]->slug;
	int n = 0;

	if (s[0] < '0' || s[0] > '9')
		return (int)page + 1;
	for (; *s >= '0' && *s <= '9' && n < 100000; s++)
		n = n * 10 + (*s - '0');
	return n;
}

unsigned char *pager_unfolded(struct app *a, size_t page)
{
	int n = a->set->pages[page]->nfolds;

	if (n <= 0)
		return NULL;
	if (!a->unfolded[page]) {
		a->unfolded[page] = calloc((size_t)n, 1);
		if (!a->unfolded[page])
			a->oom = true;
	}
	return a->unfolded[page];
}

/* Lines from `first` on that share its source line. */
static size_t block_lines(const struct layout *lay, size_t first)
{
	size_t i = first;

	while (i < lay->nlines && lay->lines[i].src_line == lay->lines[first].src_line)
		i++;
	return i - first;
}

int pager_relayout(struct app *a, bool keep_place)
{
	const struct lesson_page *pg = a->set->pages[a->page];
	struct layout_opts o = {
		.width = pager_width(a),
		.utf8 = a->utf8,
		.hscroll = a->hscroll,
		.unfolded = pager_unfolded(a, a->page),
		.nunfolded = pg->nfolds > 0 ? (size_t)pg->nfolds : 0,
	};
	struct layout *lay = layout_page(pg, &o);

	if (!lay) {
		a->oom = true;
		return -1;
	}
	struct layout *old = a->lay;
	size_t top = a->top;
	if (keep_place && a->anchor_n) {
		/* Same block, same fraction of the way through it. */
		size_t nf = layout_find_src_line(lay, a->anchor_src);
		size_t n_new = nf < lay->nlines ? block_lines(lay, nf) : 0;
		top = nf + (n_new ? a->anchor_k * n_new / a->anchor_n : 0);
	}
	layout_free(old);
	a->lay = lay;
	a->have_match = false;   /* line numbers changed; the pattern stays */
	pager_scroll_to(a, (long)top);
	return 0;
}

void pager_anchor(struct app *a)
{
	const struct layout *lay = a->lay;

	a->anchor_n = 0;
	if (!lay || a->top >= lay->nlines)
		return;
	size_t first = a->top;
	a->anchor_src = lay->lines[first].src_line;
	while (first > 0 && lay->lines[first - 1].src_line == a->anchor_src)
		first--;
	a->anchor_k = a->top - first;
	a->anchor_n = block_lines(lay, first);
}

int pager_open(struct app *a, size_t page)
{
	if (page >= a->set->n)
		return -1;
	a->page = page;
	a->top = 0;
	a->hscroll = 0;
	a->have_match = false;
	layout_free(a->lay);
	a->lay = NULL;
	if (pager_relayout(a, false) != 0)
		return -1;
	pager_anchor(a);
	app_page_changed(a);
	return 0;
}

/* Draw text into at most cols columns, with "…" when it does not fit. */
static int put_fit(struct app *a, const char *s, int cols)
{
	size_t len = strlen(s);
	size_t w = layout_str_width(s, len);

	if (cols <= 0)
		return 0;
	if ((int)w <= cols)
		return crt_put(s, len, cols);
	const char *ell = crt_glyph(a, "…", "~");
	int used = crt_put(s, len, cols - 1);
	addstr(ell);
	return used + 1;
}

static void bar_at(struct app *a, int y, int w, const char *left, const char *right)
{
	int rw = right ? (int)layout_str_width(right, strlen(right)) : 0;

	attrset(crt_ui(CRT_BAR));
	move(y, 0);
	for (int x = 0; x < w; x++)
		addch(' ');
	move(y, 1);
	put_fit(a, left, w - 2 - (rw ? rw + 2 : 0));
	if (rw && rw < w - 2) {
		move(y, w - 1 - rw);
		crt_put(right, strlen(right), rw);
	}
	attrset(A_NORMAL);
}

void pager_bar(struct app *a, int y, const char *left, const char *right)
{
	bar_at(a, y, a->cols, left, right);
}

void pager_status(struct app *a, const char *hints)
{
	const char *dot = crt_glyph(a, " · ", " - ");
	const struct lesson_page *pg = a->set->pages[a->page];
	char left[640];
	int y = a->rows - 1;

	if (a->msg[0]) {
		snprintf(left, sizeof left, "%zu/%zu%s%s", a->page + 1, a->set->n,
			 dot, a->msg);
		pager_bar(a, y, left, NULL);
		return;
	}
	/* "3/9 · Title · hints": the title gives way to the hints. */
	int hw = (int)layout_str_width(hints, strlen(hints));
	snprintf(left, sizeof left, "%zu/%zu%s", a->page + 1, a->set->n, dot);
	pager_bar(a, y, "", NULL);
	attrset(crt_ui(CRT_BAR));
	move(y, 1);
	int x = 1 + crt_put(left, strlen(left), a->cols - 2);
	int room = a->cols - 1 - x - hw - (int)layout_str_width(dot, strlen(dot));
	if (room > 3) {
		x += put_fit(a, pg->title, room);
		x += crt_put(dot, strlen(dot), a->cols - 1 - x);
	}
	crt_put(hints, strlen(hints), a->cols - 1 - x);
	attrset(A_NORMAL);
}

/* One page line at row y, with search matches marked. */
static void draw_line(struct app *a, int y, size_t idx)
{
	const struct layout_line *ln = &a->lay->lines[idx];
	size_t moff[MAX_MATCHES];
	size_t nm = search_matches(a, ln->text, ln->len, moff, MAX_MATCHES);
	size_t plen = strlen(a->pattern);
	int cols = pager_width(a), used = 0;

	move(y, a->view.x + 1);
	for (uint32_t r = 0; r < ln->nruns && used < cols; r++) {
		const struct layout_run *run = &ln->runs[r];
		size_t pos = run->off, end = (size_t)run->off + run->len;
		int base = crt_style(run->style, run->attr);
		if (end > ln->len)
			end = ln->len;
		while (pos < end && used < cols) {
			size_t seg = end;
			int attr = base;
			for (size_t m = 0; m < nm; m++) {
				if (moff[m] + plen <= pos)
					continue;
				if (moff[m] <= pos) {
					seg = moff[m] + plen < end ? moff[m] + plen : end;
					bool cur = a->have_match && a->match_line == idx &&
						   a->match_off == moff[m];
					attr = crt_ui(cur ? CRT_MATCH_CUR : CRT_MATCH);
				} else if (moff[m] < seg) {
					seg = moff[m];
				}
				break;
			}
			attrset(attr);
			used += crt_put(ln->text + pos, seg - pos, cols - used);
			pos = seg;
		}
	}
	attrset(A_NORMAL);
}

void pager_draw(struct app *a)
{
	const struct lesson_page *pg = a->set->pages[a->page];
	char title[512], where[32];
	size_t view = pager_view_rows(a), n = a->lay->nlines;

	snprintf(title, sizeof title, "%d. %s", pager_number(a, a->page), pg->title);
	if (n <= view)
		snprintf(where, sizeof where, "All");
	else if (a->top == 0)
		snprintf(where, sizeof where, "Top");
	else if (a->top >= pager_max_top(a))
		snprintf(where, sizeof where, "End");
	else
		snprintf(where, sizeof where, "%zu%%", (a->top + view) * 100 / n);
	if (a->hscroll > 0) {
		size_t l = strlen(where);
		snprintf(where + l, sizeof where - l, " %s%d",
			 crt_glyph(a, "→", ">"), a->hscroll);
	}
	bar_at(a, 0, a->live && a->live->side ? a->view.w : a->cols, title, where);

	for (size_t i = 0; i < view; i++) {
		int y = a->view.y + (int)i;
		move(y, 0);
		clrtoeol();
		if (a->top + i < n)
			draw_line(a, y, a->top + i);
	}
	if (a->mode == MODE_SEARCH)
		return;
	if (a->live && !live_running(a))
		pager_status(a, "[r] again  [x] close  [C] compare  [Tab] pane  [?] help");
	else if (a->live)
		pager_status(a, "[x] stop  [Tab] pane  [c] ranks  [?] help");
	else if (pg->nkernels > 0)
		pager_status(a, "[r] run  [?] help  [t] contents  [q] quit");
	else
		pager_status(a, "[?] help  [t] contents  [q] quit");
}

/* The target of this kind the top line sits in, or else the first that
 * starts on screen; NULL when none. */
static const struct layout_target *target_at_top(const struct app *a,
						 enum layout_target_kind kind)
{
	const struct layout *lay = a->lay;
	const struct layout_target *below = NULL;
	size_t view_end = a->top + pager_view_rows(a);

	for (size_t i = 0; i < lay->ntargets; i++) {
		const struct layout_target *t = &lay->targets[i];
		if (t->kind != kind)
			continue;
		if (t->first <= a->top && a->top <= t->last)
			return t;
		if (!below && t->first > a->top && t->first < view_end)
			below = t;
	}
	return below;
}

const char *pager_kernel_at_top(const struct app *a)
{
	const struct layout_target *t = target_at_top(a, LAYOUT_TARGET_KERNEL);

	return t ? t->kernel_args : NULL;
}

void pager_toggle_solution(struct app *a)
{
	const struct lesson_page *pg = a->set->pages[a->page];
	const struct layout_target *t = target_at_top(a, LAYOUT_TARGET_SOLUTION);
	unsigned char *uf;

	if (!t) {
		app_message(a, "No solution on this screen");
		return;
	}
	int id = t->id;
	uf = pager_unfolded(a, a->page);
	if (!uf || id < 0 || id >= pg->nfolds) {
		app_message(a, "This solution cannot be unfolded");
		return;
	}
	uf[id] = !uf[id];
	if (uf[id]) {
		if (progress_set_solution_seen(a->progress, pg->slug, id) == 0)
			a->progress_dirty = true;
		app_save(a);
	}
	size_t top = a->top;
	if (pager_relayout(a, false) != 0)
		return;
	/* Folding the solution the top line was in: show its fold line. */
	for (size_t i = 0; i < a->lay->ntargets; i++) {
		const struct layout_target *nt = &a->lay->targets[i];
		if (nt->kind == LAYOUT_TARGET_SOLUTION && nt->id == id &&
		    nt->first < top)
			top = nt->first;
	}
	pager_scroll_to(a, (long)top);
	if (uf[id])
		app_message(a, "Solution shown %s press s again to fold it",
			    crt_glyph(a, "—", "-"));
	else
		app_message(a, "Solution folded");
}

void pager_toggle_exercise(struct app *a)
{
	const struct lesson_page *pg = a->set->pages[a->page];
	const struct layout_target *t = target_at_top(a, LAYOUT_TARGET_EXERCISE);

	if (!t || t->id < 0) {
		app_message(a, "No exercise on this screen");
		return;
	}
	bool done = !progress_exercise_done(a->progress, pg->slug, t->id);
	if (progress_set_exercise_done(a->progress, pg->slug, t->id, done) != 0) {
		app_message(a, "Could not record the exercise");
		return;
	}
	a->progress_dirty = true;
	app_save(a);
	const char *title = t->title && t->title[0] ? t->title : "Exercise";
	app_message(a, "%s%s%s: %s (%d of %d on this page done)",
		    crt_glyph(a, "“", "\""), title, crt_glyph(a, "”", "\""),
		    done ? "done" : "not done",
		    progress_exercises_done(a->progress, pg->slug), pg->nexercises);
}
