/*
 * layout.c — a lesson page to lines: the page header, the block tree,
 * lists, quotes, directive boxes, folds, kernel launch lines and the
 * targets the pager acts on.
 *
 * Each block is laid out inside the frames opened by the blocks around
 * it (build.c), so nesting is free: an exercise box holding a list
 * holding code simply stacks three frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/internal.h"

/* Below this many columns inside, a box drops its side borders. */
#define BOX_MIN_INNER 10
/* Below this many columns for text, a list, a quote or a kernel's
 * description stops indenting: so every line but a list item's first
 * has at least this many columns. */
#define LIST_MIN_TEXT 6
#define MAX_DEPTH 128

enum dir_kind { DK_BOX, DK_EXERCISE, DK_SOLUTION, DK_KERNEL, DK_TOC,
		DK_HIDDEN, DK_TABLE };

static const struct dir_def {
	const char *label;    /* NULL: the directive's own name */
	enum dir_kind kind;
	int style;
} dir_table[LESSON_DIR_COUNT] = {
	[LESSON_DIR_UNKNOWN] = { NULL, DK_BOX, LAYOUT_BOX_NOTE },
	[LESSON_DIR_QUESTIONS] = { "Questions", DK_BOX, LAYOUT_BOX_KEY },
	[LESSON_DIR_OBJECTIVES] = { "Objectives", DK_BOX, LAYOUT_BOX_KEY },
	[LESSON_DIR_PREREQ] = { "Prerequisites", DK_BOX, LAYOUT_BOX_KEY },
	[LESSON_DIR_KEYPOINTS] = { "Keypoints", DK_BOX, LAYOUT_BOX_KEY },
	[LESSON_DIR_EXERCISE] = { "Exercise", DK_EXERCISE, LAYOUT_BOX_EXERCISE },
	[LESSON_DIR_SOLUTION] = { "Solution", DK_SOLUTION, LAYOUT_BOX_SOLUTION },
	[LESSON_DIR_DISCUSSION] = { "Discussion", DK_BOX, LAYOUT_BOX_EXERCISE },
	[LESSON_DIR_CALLOUT] = { "Callout", DK_BOX, LAYOUT_BOX_NOTE },
	[LESSON_DIR_IMPORTANT] = { "Important", DK_BOX, LAYOUT_BOX_WARNING },
	[LESSON_DIR_NOTE] = { "Note", DK_BOX, LAYOUT_BOX_NOTE },
	[LESSON_DIR_WARNING] = { "Warning", DK_BOX, LAYOUT_BOX_WARNING },
	[LESSON_DIR_INSTRUCTOR_NOTE] = { "Instructor note", DK_BOX,
					 LAYOUT_BOX_INSTRUCTOR },
	[LESSON_DIR_TYPE_ALONG] = { "Type-along", DK_BOX, LAYOUT_BOX_EXERCISE },
	[LESSON_DIR_ADMONITION] = { "Note", DK_BOX, LAYOUT_BOX_NOTE },
	[LESSON_DIR_CSV_TABLE] = { "", DK_TABLE, LAYOUT_TEXT },
	[LESSON_DIR_TOCTREE] = { "Contents", DK_TOC, LAYOUT_HEADING },
	[LESSON_DIR_HIGHLIGHT] = { "", DK_HIDDEN, LAYOUT_TEXT },
	[LESSON_DIR_KERNEL] = { "", DK_KERNEL, LAYOUT_KERNEL },
};

static void blocks(struct lay_build *lb, struct lesson_block *const *v,
		   size_t n, bool in_item);

static bool html_comment(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\n')
		s++;
	if (*s == '\0')
		return true;
	if (strncmp(s, "<!--", 4) != 0)
		return false;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	return n >= 7 && memcmp(s + n - 3, "-->", 3) == 0;
}

/* A directive out of range is drawn as an unknown one. */
static const struct dir_def *dir_def(const struct lesson_block *b)
{
	if (b->directive < 0 || b->directive >= LESSON_DIR_COUNT)
		return &dir_table[LESSON_DIR_UNKNOWN];
	return &dir_table[b->directive];
}

static bool visible(const struct lay_build *lb, const struct lesson_block *b)
{
	if (!b || b == lb->skip)
		return false;
	switch (b->kind) {
	case LESSON_PARAGRAPH:
		return b->text.len > 0;
	case LESSON_HTML:
		return !html_comment(b->code);
	case LESSON_TABLE:
		return b->nrows > 0 && b->ncols > 0;
	case LESSON_DIRECTIVE:
		return dir_def(b)->kind != DK_HIDDEN;
	default:
		return true;
	}
}

/* "Exercise 2  Scale N", "Keypoints", an admonition's own title. */
static void box_title(struct lay_build *lb, struct lay_sbuf *t,
		      const struct lesson_block *b, const char *mark)
{
	const char *label = dir_def(b)->label;
	const char *title = b->title ? b->title : "";
	bool ok = true;
	if (mark)
		ok = lay_sb_put(t, mark, strlen(mark), 0, 0)
		  && lay_sb_put(t, " ", 1, 0, 0);
	if (b->directive == LESSON_DIR_ADMONITION && *title) {
		label = title;
		title = "";
	}
	if (!label)
		label = b->name && *b->name ? b->name : "Note";
	ok = ok && lay_sb_put_text(t, label, strlen(label), 0, 0, false);
	if (ok && b->directive == LESSON_DIR_EXERCISE && b->id >= 0) {
		char num[24];
		int k = snprintf(num, sizeof num, " %d", b->id + 1);
		ok = lay_sb_put(t, num, (size_t)k, 0, 0);
	}
	if (ok && *title)
		ok = lay_sb_put(t, "  ", 2, 0, 0)
		  && lay_sb_put_text(t, title, strlen(title), 0, 0, false);
	if (!ok)
		lb->oom = true;
}

static void box(struct lay_build *lb, const struct lesson_block *b,
		int style, const char *mark)
{
	struct lay_sbuf *t = &lb->tmp;
	lay_sb_reset(t);
	box_title(lb, t, b, mark);
	int avail = lay_avail(lb);
	lay_line_begin(lb);
	lay_put_glyph(lb, G_TL, style, 0);
	lay_put(lb, " ", 1, style, 0);
	int before = (int)lb->line_w;
	lay_put_cut(lb, t->s ? t->s : "", t->len, avail - 5, style, LAYOUT_BOLD);
	int tw = (int)lb->line_w - before;
	lay_put(lb, " ", 1, style, 0);
	lay_put_repeat(lb, G_H, avail - tw - 4, style, 0);
	lay_put_glyph(lb, G_TR, style, 0);
	lay_line_end(lb);

	bool narrow = avail - 4 < BOX_MIN_INNER;
	char side[8], rside[8];
	snprintf(side, sizeof side, "%s ", lay_glyph(lb, G_V));
	snprintf(rside, sizeof rside, " %s", lay_glyph(lb, G_V));
	bool pushed = lay_frame_push(lb, NULL, 0, narrow ? "" : side, style,
				     narrow ? "" : rside, style);
	blocks(lb, b->children, b->nchildren, false);
	if (pushed)
		lay_frame_pop(lb);

	lay_line_begin(lb);
	lay_put_glyph(lb, G_BL, style, 0);
	lay_put_repeat(lb, G_H, avail - 2, style, 0);
	lay_put_glyph(lb, G_BR, style, 0);
	lay_line_end(lb);
}

static bool fold_shown(const struct lay_build *lb, int id)
{
	const struct layout_opts *o = lb->opts;
	return o->unfolded && id >= 0 && (size_t)id < o->nunfolded
	    && o->unfolded[id];
}

/* A solution or a dropdown: one line while folded, a box when shown. */
static void foldable(struct lay_build *lb, const struct lesson_block *b)
{
	bool shown = fold_shown(lb, b->id);
	int saved = lb->target;
	int t = lay_target_open(lb, LAYOUT_TARGET_SOLUTION, b->id, b->title,
				NULL, !shown);
	int style = dir_def(b)->style;
	if (shown) {
		box(lb, b, style, lay_glyph(lb, G_UNFOLDED));
	} else {
		struct lay_sbuf *s = &lb->tmp;
		lay_sb_reset(s);
		box_title(lb, s, b, lay_glyph(lb, G_FOLDED));
		const char *dash = lay_glyph(lb, G_DASH);
		if (!lay_sb_put(s, " (folded ", 9, 0, 0)
		    || !lay_sb_put(s, dash, strlen(dash), 0, 0)
		    || !lay_sb_put(s, " press s)", 9, 0, 0))
			lb->oom = true;
		int avail = lay_avail(lb);
		lay_line_begin(lb);
		lay_put_cut(lb, s->s ? s->s : "", s->len, avail, LAYOUT_FOLDED, 0);
		lay_line_end(lb);
	}
	lay_target_close(lb, t, saved);
}

static void kernel(struct lay_build *lb, const struct lesson_block *b)
{
	const struct lesson_page *p = lb->page;
	const char *args = b->title ? b->title : "", *name = args;
	if (b->id >= 0 && (size_t)b->id < p->nkernels && p->kernels[b->id].args) {
		args = p->kernels[b->id].args;
		if (p->kernels[b->id].name)
			name = p->kernels[b->id].name;
	}
	int saved = lb->target;
	int t = lay_target_open(lb, LAYOUT_TARGET_KERNEL, b->id, name, args,
				false);
	struct lay_sbuf *s = &lb->tmp;
	lay_sb_reset(s);
	const char *mark = lay_glyph(lb, G_KERNEL);
	if (!lay_sb_put(s, mark, strlen(mark), LAYOUT_KERNEL, LAYOUT_BOLD)
	    || !lay_sb_put(s, " [r] run: ", 10, LAYOUT_KERNEL, LAYOUT_BOLD)
	    || !lay_sb_put_text(s, args, strlen(args), LAYOUT_KERNEL,
				LAYOUT_BOLD, false))
		lb->oom = true;
	/* the launch line's continuation and the description hang under it */
	bool pushed = lay_frame_push(lb, "", LAYOUT_TEXT,
				     lay_avail(lb) >= 2 + LIST_MIN_TEXT ? "  " : "",
				     LAYOUT_TEXT, NULL, 0);
	lay_wrap_sbuf(lb, s);
	blocks(lb, b->children, b->nchildren, false);
	if (pushed)
		lay_frame_pop(lb);
	lay_target_close(lb, t, saved);
}

static void caption(struct lay_build *lb, const char *title, int style)
{
	if (!title || !*title)
		return;
	struct lay_sbuf *s = &lb->tmp;
	lay_sb_reset(s);
	if (!lay_sb_put_text(s, title, strlen(title), style, LAYOUT_BOLD, false))
		lb->oom = true;
	lay_wrap_sbuf(lb, s);
}

static const enum lay_glyph bullets[] = { G_BULLET1, G_BULLET2, G_BULLET3 };

/* Opens a list item: its bullet on the first line, its text hanging
 * under the text after the bullet. Where that leaves too little room,
 * the bullet gets a line of its own and the text goes under it. */
static bool item_frame(struct lay_build *lb, const char *first)
{
	size_t fn = strlen(first);
	int fw = lay_width(first, fn), avail = lay_avail(lb);
	if (avail - fw < LIST_MIN_TEXT) {
		lay_line_begin(lb);
		lay_put_cut(lb, first, fn, avail, LAYOUT_BULLET, 0);
		lay_line_end(lb);
		return lay_frame_push(lb, NULL, 0, "", LAYOUT_TEXT, NULL, 0);
	}
	char rest[LAY_FRAME_TEXT];
	if (fw >= (int)sizeof rest)
		fw = sizeof rest - 1;
	memset(rest, ' ', (size_t)fw);
	rest[fw] = '\0';
	return lay_frame_push(lb, first, LAYOUT_BULLET, rest, LAYOUT_TEXT,
			      NULL, 0);
}

static void item_end(struct lay_build *lb, bool pushed)
{
	if (!pushed)
		return;
	if (lb->frames[lb->nframes - 1].first_pending)
		lay_blank(lb);          /* an empty item still shows its bullet */
	lay_frame_pop(lb);
}

static int list_depth(const struct lay_build *lb)
{
	int d = 0;
	for (int i = 0; i < lb->nframes; i++)
		if (lb->frames[i].first_style == LAYOUT_BULLET
		    && lb->frames[i].first_len > 0)
			d++;
	return d;
}

static void list(struct lay_build *lb, const struct lesson_block *b)
{
	int depth = list_depth(lb);
	unsigned long last = (unsigned long)b->start + b->nchildren;
	int numw = snprintf(NULL, 0, "%lu", last > 0 ? last - 1 : 0);
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct lesson_block *it = b->children[i];
		if (!it)
			continue;
		char first[LAY_FRAME_TEXT];
		if (b->ordered)
			snprintf(first, sizeof first, "%*lu. ", numw,
				 (unsigned long)b->start + i);
		else
			snprintf(first, sizeof first, "%s ",
				 lay_glyph(lb, bullets[depth % 3]));
		if (it->task >= 0) {
			size_t k = strlen(first);
			snprintf(first + k, sizeof first - k, "[%c] ",
				 it->task ? 'x' : ' ');
		}
		if (it->line > 0)
			lb->src_line = it->line;
		bool pushed = item_frame(lb, first);
		blocks(lb, it->children, it->nchildren, true);
		item_end(lb, pushed);
	}
}

static void toctree(struct lay_build *lb, const struct lesson_block *b)
{
	caption(lb, b->title, LAYOUT_HEADING);
	char first[LAY_FRAME_TEXT];
	snprintf(first, sizeof first, "%s ", lay_glyph(lb, G_BULLET1));
	for (size_t i = 0; i < b->nitems; i++) {
		const char *e = b->items[i] ? b->items[i] : "";
		bool pushed = item_frame(lb, first);
		struct lay_sbuf *s = &lb->tmp;
		lay_sb_reset(s);
		if (!lay_sb_put_text(s, e, strlen(e), LAYOUT_LINK, 0, false))
			lb->oom = true;
		lay_wrap_sbuf(lb, s);
		item_end(lb, pushed);
	}
}

static void directive(struct lay_build *lb, const struct lesson_block *b)
{
	if (b->folded && b->id >= 0) {
		foldable(lb, b);
		return;
	}
	int saved = lb->target, t = -1;
	switch (dir_def(b)->kind) {
	case DK_HIDDEN:
		return;
	case DK_KERNEL:
		kernel(lb, b);
		return;
	case DK_TOC:
		toctree(lb, b);
		return;
	case DK_TABLE:
		caption(lb, b->title, LAYOUT_TEXT);
		blocks(lb, b->children, b->nchildren, false);
		return;
	case DK_EXERCISE:
		t = lay_target_open(lb, LAYOUT_TARGET_EXERCISE, b->id, b->title,
				    NULL, false);
		break;
	case DK_SOLUTION:       /* a solution that cannot fold: shown */
		t = lay_target_open(lb, LAYOUT_TARGET_SOLUTION, b->id, b->title,
				    NULL, false);
		break;
	case DK_BOX:
		break;
	}
	box(lb, b, dir_def(b)->style, NULL);
	if (t >= 0)
		lay_target_close(lb, t, saved);
}

static void heading(struct lay_build *lb, const struct lesson_block *b)
{
	if (b->level <= 1)
		lay_text(lb, &b->text, LAYOUT_TITLE, LAYOUT_BOLD);
	else
		lay_text(lb, &b->text, LAYOUT_HEADING,
			 b->level == 2 ? LAYOUT_BOLD : 0);
}

static void rule(struct lay_build *lb)
{
	int avail = lay_avail(lb);
	lay_line_begin(lb);
	lay_put_repeat(lb, G_H, avail, LAYOUT_RULE, 0);
	lay_line_end(lb);
}

static void quote(struct lay_build *lb, const struct lesson_block *b)
{
	char bar[8];
	snprintf(bar, sizeof bar, "%s ", lay_glyph(lb, G_QUOTE));
	bool pushed = lay_frame_push(lb, NULL, 0,
				     lay_avail(lb) >= 2 + LIST_MIN_TEXT ? bar : "",
				     LAYOUT_RULE, NULL, 0);
	blocks(lb, b->children, b->nchildren, false);
	if (pushed)
		lay_frame_pop(lb);
}

static void block(struct lay_build *lb, const struct lesson_block *b)
{
	if (lb->depth >= MAX_DEPTH || lb->oom)
		return;
	lb->depth++;
	if (b->line > 0)
		lb->src_line = b->line;
	switch (b->kind) {
	case LESSON_PARAGRAPH:
		lay_text(lb, &b->text, LAYOUT_TEXT, 0);
		break;
	case LESSON_HEADING:
		heading(lb, b);
		break;
	case LESSON_LIST:
		list(lb, b);
		break;
	case LESSON_ITEM:        /* an item outside a list: as its blocks */
		blocks(lb, b->children, b->nchildren, true);
		break;
	case LESSON_QUOTE:
		quote(lb, b);
		break;
	case LESSON_CODE:
	case LESSON_HTML:
		lay_code(lb, b);
		break;
	case LESSON_TABLE:
		lay_table(lb, b);
		break;
	case LESSON_RULE:
		rule(lb);
		break;
	case LESSON_DIRECTIVE:
		directive(lb, b);
		break;
	}
	lb->depth--;
}

static void blocks(struct lay_build *lb, struct lesson_block *const *v,
		   size_t n, bool in_item)
{
	bool any = false;
	for (size_t i = 0; i < n && !lb->oom; i++) {
		const struct lesson_block *b = v[i];
		if (!visible(lb, b))
			continue;
		if (any && !(in_item && b->kind == LESSON_LIST))
			lay_blank(lb);
		block(lb, b);
		any = true;
	}
}

/* The first level-1 heading that says the page's title: the header
 * draws it, so it is not drawn again. */
static const struct lesson_block *find_title(const struct lesson_page *p)
{
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct lesson_block *b = p->blocks[i];
		if (b && b->kind == LESSON_HEADING && b->level == 1) {
			if (p->title && b->text.s
			    && strcmp(b->text.s, p->title) == 0)
				return b;
			return NULL;
		}
	}
	return NULL;
}

static void header(struct lay_build *lb)
{
	const struct lesson_page *p = lb->page;
	if (lb->skip) {
		lb->src_line = lb->skip->line;
		lay_text(lb, &lb->skip->text, LAYOUT_TITLE, LAYOUT_BOLD);
	} else {
		const char *t = p->title ? p->title : p->slug ? p->slug : "";
		lb->src_line = 1;
		caption(lb, t, LAYOUT_TITLE);
	}
	if (p->teaching > 0 || p->exercises > 0) {
		char meta[128];
		int k = 0;
		if (p->teaching > 0)
			k = snprintf(meta, sizeof meta, "Teaching %d min",
				     p->teaching);
		if (p->exercises > 0)
			snprintf(meta + k, sizeof meta - (size_t)k,
				 "%s%s%sExercises %d min", k ? " " : "",
				 k ? lay_glyph(lb, G_DOT) : "", k ? " " : "",
				 p->exercises);
		struct lay_sbuf *s = &lb->tmp;
		lay_sb_reset(s);
		if (!lay_sb_put(s, meta, strlen(meta), LAYOUT_META, 0))
			lb->oom = true;
		lay_wrap_sbuf(lb, s);
	}
}

struct layout_impl {
	struct layout pub;        /* first: a struct layout * points here */
	char *text;
	struct layout_run *runs;
};

static void build_free(struct lay_build *lb)
{
	lay_sb_free(&lb->out);
	lay_sb_free(&lb->tmp);
	lay_sb_free(&lb->wide);
	free(lb->lines);
	free(lb->targets);
	free(lb->brk);
	free(lb->hl);
}

struct layout *layout_page(const struct lesson_page *page,
			   const struct layout_opts *opts)
{
	static const struct lesson_page empty = { .title = "" };
	static const struct layout_opts defaults = { .width = 80, .utf8 = true };
	struct lay_build lb = {
		.page = page ? page : &empty,
		.opts = opts ? opts : &defaults,
		.target = -1,
	};
	lb.width = lb.opts->width < 20 ? 20 : lb.opts->width > 4096
		? 4096 : lb.opts->width;
	lb.utf8 = lb.opts->utf8;
	lay_glyph_init(&lb);
	lb.skip = find_title(lb.page);

	header(&lb);
	if (lb.page->nblocks > 0 && lb.nlines > 0)
		lay_blank(&lb);
	blocks(&lb, lb.page->blocks, lb.page->nblocks, false);

	if (lb.nlines == 0)
		lay_blank(&lb);         /* a page always has a line */
	struct layout_impl *li = lb.oom ? NULL : calloc(1, sizeof *li);
	if (!li) {
		build_free(&lb);
		return NULL;
	}
	struct layout *lay = &li->pub;
	size_t toff = 0, roff = 0;
	for (size_t i = 0; i < lb.nlines; i++) {
		struct layout_line *l = &lb.lines[i];
		l->text = lb.out.s + toff;
		l->runs = l->nruns ? lb.out.runs + roff : NULL;
		toff += l->len + 1;
		roff += l->nruns;
	}
	li->text = lb.out.s;
	li->runs = lb.out.runs;
	lay->lines = lb.lines;
	lay->nlines = lb.nlines;
	lay->targets = lb.targets;
	lay->ntargets = lb.ntargets;
	lay->width = lb.width;
	lay->has_wide = lb.has_wide;
	lay->hscroll_max = lb.hscroll_max;
	lb.out.s = NULL;
	lb.out.runs = NULL;
	lb.lines = NULL;
	lb.targets = NULL;
	build_free(&lb);
	return lay;
}

void layout_free(struct layout *lay)
{
	if (!lay)
		return;
	struct layout_impl *li = (struct layout_impl *)lay;
	free(li->text);
	free(li->runs);
	free(lay->lines);
	free(lay->targets);
	free(li);
}

size_t layout_find_src_line(const struct layout *lay, int src_line)
{
	if (!lay)
		return 0;
	for (size_t i = 0; i < lay->nlines; i++)
		if (lay->lines[i].src_line >= src_line)
			return i;
	return lay->nlines;
}

int layout_write_text(const struct layout *lay, FILE *fp)
{
	if (!lay || !fp)
		return -1;
	for (size_t i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];
		size_t n = l->len;
		while (n > 0 && l->text[n - 1] == ' ')
			n--;
		if ((n && fwrite(l->text, 1, n, fp) != n) || putc('\n', fp) == EOF)
			return -1;
	}
	return ferror(fp) ? -1 : 0;
}
