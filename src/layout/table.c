/*
 * table.c — GFM and csv tables fitted to the page.
 *
 * Columns get their natural width when the table fits. Otherwise each
 * column keeps a minimum (its longest word, or failing that a few
 * columns) and the room left is shared in proportion to what each
 * column wants; cell text wraps inside its cell. When even the minimum
 * does not fit, the table keeps its natural widths and is cut at the
 * page edge and scrolled like code: the grid is never broken.
 */
#include <stdlib.h>
#include <string.h>

#include "layout/internal.h"

#define TABLE_MIN_COL 6

struct cell {
	size_t a, e;          /* bytes in the cell buffer */
	size_t seg, nseg;     /* its wrapped lines */
};

struct seg {
	size_t a, e;
	int w;
};

struct table {
	size_t nr, nc;
	struct cell *cells;
	int *nat, *word, *colw;
	const unsigned *widths;   /* csv-table :widths:, or NULL */
	struct seg *segs;
	size_t nsegs, scap;
	struct lay_sbuf buf;
};

static bool sb_glyph(struct lay_build *lb, struct lay_sbuf *b,
		     enum lay_glyph g, int count)
{
	const char *s = lay_glyph(lb, g);
	size_t n = lb->glyph_len[g];
	char buf[240];
	int per = n ? (int)(sizeof buf / n) : 0, k = 0;
	for (; k < per && k < count; k++)
		memcpy(buf + (size_t)k * n, s, n);
	while (count > 0 && k > 0) {
		int c = count < k ? count : k;
		if (!lay_sb_put(b, buf, (size_t)c * n, LAYOUT_TABLE_BORDER, 0))
			return false;
		count -= c;
	}
	return true;
}

static bool sb_spaces(struct lay_sbuf *b, int count)
{
	static const char spaces[] = "                                ";
	while (count > 0) {
		int k = count < 32 ? count : 32;
		if (!lay_sb_put(b, spaces, (size_t)k, LAYOUT_TEXT, 0))
			return false;
		count -= k;
	}
	return true;
}

static bool sb_copy(struct lay_sbuf *dst, const struct lay_sbuf *src,
		    size_t a, size_t e)
{
	for (size_t r = lay_sb_run_at(src, a); r < src->nruns && a < e; r++) {
		const struct layout_run *run = &src->runs[r];
		size_t re = run->off + run->len;
		if (re <= a)
			continue;
		if (re > e)
			re = e;
		if (!lay_sb_put(dst, src->s + a, re - a, run->style, run->attr))
			return false;
		a = re;
	}
	return true;
}

static long col_weight(const struct table *t, size_t c)
{
	long lack = t->nat[c] - t->colw[c];
	if (lack <= 0)
		return 0;
	return t->widths ? (long)(t->widths[c] > 1000 ? 1000 : t->widths[c])
			 : lack;
}

/* Shares the columns out: natural widths, or minimums plus a share of
 * the room left. Returns false when the minimum does not fit. */
static bool fit_columns(struct table *t, int avail)
{
	int over = 3 * (int)t->nc + 1, sum = 0;
	for (size_t c = 0; c < t->nc; c++) {
		t->colw[c] = t->nat[c];
		sum += t->nat[c];
	}
	if (sum + over <= avail)
		return true;
	int minsum = 0;
	for (size_t c = 0; c < t->nc; c++) {
		t->colw[c] = t->word[c] < t->nat[c] ? t->word[c] : t->nat[c];
		minsum += t->colw[c];
	}
	if (minsum + over > avail) {
		minsum = 0;
		for (size_t c = 0; c < t->nc; c++) {
			if (t->colw[c] > TABLE_MIN_COL)
				t->colw[c] = TABLE_MIN_COL;
			minsum += t->colw[c];
		}
		if (minsum + over > avail) {
			for (size_t c = 0; c < t->nc; c++)
				t->colw[c] = t->nat[c];
			return false;
		}
	}
	/* share the room by what each column lacks, or by csv-table's
	 * :widths: when the lesson gives them */
	long extra = avail - over - minsum, total = 0, given = 0;
	for (size_t c = 0; c < t->nc; c++)
		total += col_weight(t, c);
	if (total > 0) {
		for (size_t c = 0; c < t->nc; c++) {
			long add = extra * col_weight(t, c) / total;
			if (add > t->nat[c] - t->colw[c])
				add = t->nat[c] - t->colw[c];
			t->colw[c] += (int)add;
			given += add;
		}
	}
	for (bool more = true; more && given < extra;) {
		more = false;
		for (size_t c = 0; c < t->nc && given < extra; c++)
			if (t->colw[c] < t->nat[c]) {
				t->colw[c]++;
				given++;
				more = true;
			}
	}
	return true;
}

static bool wrap_cells(struct lay_build *lb, struct table *t)
{
	for (size_t i = 0; i < t->nr * t->nc; i++) {
		struct cell *cl = &t->cells[i];
		struct lay_wrap w;
		lay_wrap_init(lb, &w, &t->buf, cl->a, cl->e);
		cl->seg = t->nsegs;
		size_t a, e;
		int wd;
		while (lay_wrap_next(&w, t->colw[i % t->nc], &a, &e, &wd)) {
			if (!lay_grow((void **)&t->segs, &t->scap, t->nsegs + 1,
				      sizeof *t->segs))
				return false;
			t->segs[t->nsegs++] = (struct seg){ a, e, wd };
		}
		cl->nseg = t->nsegs - cl->seg;
	}
	return true;
}

static bool border_line(struct lay_build *lb, struct table *t,
			enum lay_glyph l, enum lay_glyph mid, enum lay_glyph r)
{
	struct lay_sbuf *b = &lb->wide;
	lay_sb_reset(b);
	if (!sb_glyph(lb, b, l, 1))
		return false;
	for (size_t c = 0; c < t->nc; c++)
		if (!sb_glyph(lb, b, G_H, t->colw[c] + 2)
		    || !sb_glyph(lb, b, c + 1 < t->nc ? mid : r, 1))
			return false;
	return true;
}

static bool row_line(struct lay_build *lb, struct table *t,
		     const struct lesson_block *blk, size_t r, size_t k)
{
	struct lay_sbuf *b = &lb->wide;
	lay_sb_reset(b);
	if (!sb_glyph(lb, b, G_V, 1))
		return false;
	for (size_t c = 0; c < t->nc; c++) {
		const struct cell *cl = &t->cells[r * t->nc + c];
		const struct seg *sg = k < cl->nseg ? &t->segs[cl->seg + k] : NULL;
		int w = sg ? sg->w : 0, pad = t->colw[c] - w, before = 0;
		enum lesson_align al = blk->align ? blk->align[c]
						  : LESSON_ALIGN_DEFAULT;
		if (al == LESSON_ALIGN_RIGHT)
			before = pad;
		else if (al == LESSON_ALIGN_CENTER)
			before = pad / 2;
		if (!sb_spaces(b, 1 + before)
		    || (sg && !sb_copy(b, &t->buf, sg->a, sg->e))
		    || !sb_spaces(b, pad - before + 1)
		    || !sb_glyph(lb, b, G_V, 1))
			return false;
	}
	return true;
}

static void emit(struct lay_build *lb, int tw, int hs, int avail)
{
	lay_line_begin(lb);
	lay_put_clipped(lb, &lb->wide, tw, hs, avail);
	lay_line_end(lb);
}

static bool table_measure(struct lay_build *lb, struct table *t,
			  const struct lesson_block *b)
{
	for (size_t c = 0; c < t->nc; c++)
		t->nat[c] = t->word[c] = 1;
	for (size_t i = 0; i < t->nr * t->nc; i++) {
		struct cell *cl = &t->cells[i];
		bool head = b->header && i < t->nc;
		cl->a = t->buf.len;
		lay_flatten(lb, &t->buf, &b->cells[i],
			    head ? LAYOUT_TABLE_HEAD : LAYOUT_TEXT,
			    head ? LAYOUT_BOLD : 0);
		cl->e = t->buf.len;
		if (lb->oom)
			return false;
		struct lay_wrap w;
		lay_wrap_init(lb, &w, &t->buf, cl->a, cl->e);
		int nat, word;
		lay_measure(&w, &nat, &word);
		size_t c = i % t->nc;
		if (nat > t->nat[c])
			t->nat[c] = nat;
		if (word > t->word[c])
			t->word[c] = word;
	}
	return true;
}

static void table_draw(struct lay_build *lb, struct table *t,
		       const struct lesson_block *b)
{
	int avail = lay_avail(lb);
	if (!fit_columns(t, avail))
		lb->has_wide = true;
	if (!wrap_cells(lb, t)) {
		lb->oom = true;
		return;
	}
	int tw = 3 * (int)t->nc + 1;
	for (size_t c = 0; c < t->nc; c++)
		tw += t->colw[c];
	int hs = lay_hscroll(lb, tw, avail);
	/* rows that wrap need rules between them to read as rows */
	bool rules = false;
	for (size_t i = 0; i < t->nr * t->nc; i++)
		if (t->cells[i].nseg > 1)
			rules = true;
	if (!border_line(lb, t, G_TL, G_TDOWN, G_TR))
		goto oom;
	emit(lb, tw, hs, avail);
	for (size_t r = 0; r < t->nr && !lb->oom; r++) {
		size_t h = 1;
		for (size_t c = 0; c < t->nc; c++)
			if (t->cells[r * t->nc + c].nseg > h)
				h = t->cells[r * t->nc + c].nseg;
		for (size_t k = 0; k < h; k++) {
			if (!row_line(lb, t, b, r, k))
				goto oom;
			emit(lb, tw, hs, avail);
		}
		if (r + 1 < t->nr && ((r == 0 && b->header) || rules)) {
			if (!border_line(lb, t, G_TRIGHT, G_CROSS, G_TLEFT))
				goto oom;
			emit(lb, tw, hs, avail);
		}
	}
	if (!border_line(lb, t, G_BL, G_TUP, G_BR))
		goto oom;
	emit(lb, tw, hs, avail);
	return;
oom:
	lb->oom = true;
}

void lay_table(struct lay_build *lb, const struct lesson_block *b)
{
	struct table t = { .nr = b->nrows, .nc = b->ncols, .widths = b->widths };
	if (t.nr == 0 || t.nc == 0 || !b->cells || t.nc > 4096
	    || t.nr > SIZE_MAX / sizeof(struct cell) / t.nc)
		return;
	t.cells = calloc(t.nr * t.nc, sizeof *t.cells);
	t.nat = calloc(3 * t.nc, sizeof *t.nat);
	if (!t.cells || !t.nat) {
		lb->oom = true;
		goto out;
	}
	t.word = t.nat + t.nc;
	t.colw = t.word + t.nc;
	if (!table_measure(lb, &t, b)) {
		lb->oom = true;
		goto out;
	}
	table_draw(lb, &t, b);
out:
	free(t.cells);
	free(t.nat);
	free(t.segs);
	lay_sb_free(&t.buf);
}
