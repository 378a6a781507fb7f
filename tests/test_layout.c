/*
 * test_layout.c — the layout engine: widths, wrapping of wide and
 * combining characters, lists, boxes, folds, tables, code, targets.
 *
 * The pages are built by hand here, so these tests pin the layout down
 * independently of the parser.
 */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "layout/layout.h"

/* ---- building pages by hand ---- */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	ck_assert_ptr_nonnull(p);
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	ck_assert_ptr_nonnull(p);
	return p;
}

static struct lesson_block *blk(enum lesson_block_kind kind, int line)
{
	struct lesson_block *b = xcalloc(1, sizeof *b);
	b->kind = kind;
	b->line = line;
	b->task = -1;
	b->id = -1;
	b->title = xstrdup("");
	return b;
}

static void add_child(struct lesson_block *p, struct lesson_block *c)
{
	p->children = realloc(p->children, (p->nchildren + 1) * sizeof c);
	ck_assert_ptr_nonnull(p->children);
	p->children[p->nchildren++] = c;
}

/* Appends a run to a text: attr bits and, for links, the URL. */
static void text_add(struct lesson_text *t, const char *s, unsigned attr,
		     const char *href)
{
	size_t n = strlen(s);
	t->s = realloc(t->s, t->len + n + 1);
	ck_assert_ptr_nonnull(t->s);
	memcpy(t->s + t->len, s, n + 1);
	t->runs = realloc(t->runs, (t->nruns + 1) * sizeof *t->runs);
	ck_assert_ptr_nonnull(t->runs);
	t->runs[t->nruns++] = (struct lesson_run){
		.off = (uint32_t)t->len, .len = (uint32_t)n, .attr = attr,
		.href = href ? xstrdup(href) : NULL };
	t->len += n;
}

static struct lesson_block *para(int line, const char *s)
{
	struct lesson_block *b = blk(LESSON_PARAGRAPH, line);
	text_add(&b->text, s, 0, NULL);
	return b;
}

static struct lesson_block *heading(int line, int level, const char *s)
{
	struct lesson_block *b = blk(LESSON_HEADING, line);
	b->level = level;
	text_add(&b->text, s, 0, NULL);
	return b;
}

static struct lesson_block *code(int line, const char *lang, const char *s)
{
	struct lesson_block *b = blk(LESSON_CODE, line);
	b->lang = xstrdup(lang);
	b->info = xstrdup("");
	b->code = xstrdup(s);
	return b;
}

static struct lesson_block *dir(int line, enum lesson_directive d,
				const char *name, const char *title)
{
	struct lesson_block *b = blk(LESSON_DIRECTIVE, line);
	b->directive = d;
	b->name = xstrdup(name);
	free(b->title);
	b->title = xstrdup(title);
	return b;
}

/* A list of plain items; each item may get more children later. */
static struct lesson_block *list(int line, bool ordered, unsigned start,
				 int n, ...)
{
	struct lesson_block *l = blk(LESSON_LIST, line);
	l->ordered = ordered;
	l->start = start;
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		struct lesson_block *it = blk(LESSON_ITEM, line + i);
		add_child(it, para(line + i, va_arg(ap, const char *)));
		add_child(l, it);
	}
	va_end(ap);
	return l;
}

static struct lesson_block *table(int line, size_t nr, size_t nc, bool header,
				  const char *const *cells)
{
	struct lesson_block *t = blk(LESSON_TABLE, line);
	t->nrows = nr;
	t->ncols = nc;
	t->header = header;
	t->cells = xcalloc(nr * nc, sizeof *t->cells);
	t->align = xcalloc(nc, sizeof *t->align);
	for (size_t i = 0; i < nr * nc; i++) {
		const char *s = cells[i];
		if (s[0] == '`') {      /* `x`: the cell is inline code */
			char buf[256];
			snprintf(buf, sizeof buf, "%.*s", (int)strlen(s) - 2, s + 1);
			text_add(&t->cells[i], buf, LESSON_ATTR_CODE, NULL);
		} else {
			text_add(&t->cells[i], s, 0, NULL);
		}
	}
	return t;
}

static void text_free(struct lesson_text *t)
{
	for (size_t i = 0; i < t->nruns; i++)
		free(t->runs[i].href);
	free(t->runs);
	free(t->s);
}

static void block_free(struct lesson_block *b)
{
	if (!b)
		return;
	text_free(&b->text);
	free(b->code);
	free(b->lang);
	free(b->info);
	for (size_t i = 0; b->cells && i < b->nrows * b->ncols; i++)
		text_free(&b->cells[i]);
	free(b->cells);
	free(b->align);
	free(b->widths);
	free(b->name);
	free(b->title);
	for (size_t i = 0; i < b->noptions; i++) {
		free(b->options[i].key);
		free(b->options[i].value);
	}
	free(b->options);
	for (size_t i = 0; i < b->nitems; i++)
		free(b->items[i]);
	free(b->items);
	for (size_t i = 0; i < b->nchildren; i++)
		block_free(b->children[i]);
	free(b->children);
	free(b);
}

static struct lesson_page *page_new(const char *title)
{
	struct lesson_page *p = xcalloc(1, sizeof *p);
	p->path = xstrdup("fixture.md");
	p->slug = xstrdup("fixture");
	p->title = xstrdup(title);
	return p;
}

static void page_add(struct lesson_page *p, struct lesson_block *b)
{
	p->blocks = realloc(p->blocks, (p->nblocks + 1) * sizeof b);
	ck_assert_ptr_nonnull(p->blocks);
	p->blocks[p->nblocks++] = b;
}

static void page_free(struct lesson_page *p)
{
	for (size_t i = 0; i < p->nblocks; i++)
		block_free(p->blocks[i]);
	free(p->blocks);
	for (size_t i = 0; i < p->nkernels; i++) {
		free(p->kernels[i].args);
		free(p->kernels[i].name);
	}
	free(p->kernels);
	free(p->path);
	free(p->slug);
	free(p->title);
	free(p);
}

/* ---- the fixtures ---- */

#define LONG_CODE "total = sum(float(x) * 2.5 for x in range(1000000) " \
	"if x % 3 == 0)  # a line much wider than any page: it is cut, not wrapped " \
	"and the reader scrolls to see its end"

static const char cjk[] =
	"日本語のテキストは単語の間にスペースがありません。"
	"これは折り返しの試験のための長い文です。中文也没有空格，"
	"每个汉字占两列。한국어는 띄어쓰기를 합니다 하지만 글자는 넓습니다.";
static const char combining[] =
	"Cafe\xcc\x81 re\xcc\x81sume\xcc\x81 nai\xcc\x88ve Zoe\xcc\x88 "
	"a\xcc\x8a\xcc\x81ngstro\xcc\x88m pin\xcc\x83" "ata "
	"e\xcc\x81\xcc\x81\xcc\x81\xcc\x81 Cafe\xcc\x81 re\xcc\x81sume\xcc\x81";
static const char emoji[] =
	"Thumbs 👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇮🇸🇪🇯🇵 heart ❤️ "
	"rocket🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀 end";

/* Everything a page can hold, nested where lessons nest. */
static struct lesson_page *fixture_full(bool ascii_only)
{
	struct lesson_page *p = page_new("Single-core performance");
	p->teaching = 30;
	p->exercises = 20;
	page_add(p, heading(1, 1, "Single-core performance"));

	struct lesson_block *q = dir(3, LESSON_DIR_QUESTIONS, "questions", "");
	add_child(q, list(4, false, 1, 2, "Why is a pure-Python loop slow?",
			  "What limits a vectorised sum?"));
	page_add(p, q);

	struct lesson_block *pa = blk(LESSON_PARAGRAPH, 7);
	text_add(&pa->text, "Plain, ", 0, NULL);
	text_add(&pa->text, "emphasis", LESSON_EMPH, NULL);
	text_add(&pa->text, ", ", 0, NULL);
	text_add(&pa->text, "strong", LESSON_STRONG, NULL);
	text_add(&pa->text, ", ", 0, NULL);
	text_add(&pa->text, "numpy.sum()", LESSON_ATTR_CODE, NULL);
	text_add(&pa->text, ", ", 0, NULL);
	text_add(&pa->text, "gone", LESSON_STRIKE, NULL);
	text_add(&pa->text, " and the ", 0, NULL);
	text_add(&pa->text, "NumPy docs", LESSON_LINK,
		 "https://numpy.org/doc/stable/reference/generated/numpy.sum.html");
	text_add(&pa->text, " or ", 0, NULL);
	text_add(&pa->text, "https://example.org", LESSON_LINK,
		 "https://example.org");
	text_add(&pa->text, ". A very long word: "
		 "Pneumonoultramicroscopicsilicovolcanoconiosisandthensomemoreletters"
		 "\nafter a hard break.", 0, NULL);
	page_add(p, pa);

	page_add(p, heading(9, 2, "Text from everywhere"));
	if (!ascii_only) {
		page_add(p, para(11, cjk));
		page_add(p, para(13, combining));
		page_add(p, para(15, emoji));
	}

	struct lesson_block *l = list(17, false, 1, 3, "first level item "
				      "with enough words to wrap at narrow widths",
				      "second", "third");
	struct lesson_block *l2 = list(18, false, 1, 2, "nested item", "another");
	add_child(l2->children[0], list(19, false, 1, 1, "third level item "
					"that wraps as well when narrow"));
	add_child(l->children[0], l2);
	page_add(p, l);
	struct lesson_block *ol = list(22, true, 9, 3, "nine", "ten", "eleven");
	ol->children[1]->task = 1;
	ol->children[2]->task = 0;
	page_add(p, ol);

	struct lesson_block *bq = blk(LESSON_QUOTE, 26);
	add_child(bq, para(26, "A quoted paragraph that is long enough to wrap "
			   "onto more than one line at eighty columns wide."));
	page_add(p, bq);
	page_add(p, blk(LESSON_RULE, 28));

	page_add(p, code(30, "python",
			 "def f(x):  # comment\n    return \"str\" + 'q' * 42\n"
			 LONG_CODE));
	page_add(p, code(34, "c", "#include <stdio.h>\n"
			 "int main(void) { /* hi */ return printf(\"%d\\n\", 1); }"));
	page_add(p, code(37, "console", "$ python3 sum.py --n 10  # run\n"
			 "sum = 45\n$ echo \"done\""));
	page_add(p, code(41, "output", "sum = 45"));

	static const char *const small[] = {
		"variant", "time", "note",
		"boxed loop", "1.9 s", "`for x in a`",
		"C loop", "9.8 ms", "plain",
	};
	struct lesson_block *t = table(44, 3, 3, true, small);
	t->align[1] = LESSON_ALIGN_RIGHT;
	page_add(p, t);
	static const char *const wide[] = {
		"kernel", "what it shows", "knobs", "c4", "c5", "c6", "c7", "c8",
		"sum", "interpreter-style boxed loop vs plain C loop vs "
		"vectorised loop vs OpenBLAS; add-then-sum",
		"n, dtype (float32/float64), variant, inplace, repeats, warmup",
		"alpha beta gamma", "delta", "epsilon", "zeta", "eta",
		"map", "a thread pool mapping a function over an array", "",
		"", "", "", "", "",
	};
	page_add(p, table(48, 3, 8, true, wide));

	/* exercise > note > warning, and the solution, folded */
	struct lesson_block *ex = dir(52, LESSON_DIR_EXERCISE, "exercise",
				      "Scale N");
	ex->id = 0;
	add_child(ex, para(53, "Run the kernel for N = 1e6, 5e6 and 2e7. "
			   "How does the time grow?"));
	add_child(ex, list(54, false, 1, 2, "one", "two"));
	struct lesson_block *note = dir(56, LESSON_DIR_NOTE, "note", "");
	struct lesson_block *warn = dir(57, LESSON_DIR_WARNING, "warning", "");
	add_child(warn, para(58, "Three boxes deep and still inside the page."));
	add_child(warn, code(59, "python", "print('deep')"));
	add_child(note, para(57, "A note in an exercise."));
	add_child(note, warn);
	add_child(ex, note);
	struct lesson_block *sol = dir(62, LESSON_DIR_SOLUTION, "solution", "");
	sol->folded = true;
	sol->id = 0;
	add_child(sol, para(63, "Linearly in N once the arrays outgrow the "
			    "caches: the secret answer."));
	add_child(ex, sol);
	page_add(p, ex);

	struct lesson_block *dd = dir(66, LESSON_DIR_ADMONITION, "admonition",
				      "More detail");
	dd->folded = true;
	dd->id = 1;
	add_child(dd, para(67, "Hidden until unfolded."));
	page_add(p, dd);
	p->nfolds = 2;
	p->nexercises = 1;

	struct lesson_block *k = dir(70, LESSON_DIR_KERNEL, "kernel",
				     "sum --n 10M --dtype float64");
	k->id = 0;
	add_child(k, para(71, "Launch the four sum variants side by side."));
	page_add(p, k);
	p->kernels = xcalloc(1, sizeof *p->kernels);
	p->kernels[0].args = xstrdup("sum --n 10M --dtype float64");
	p->kernels[0].name = xstrdup("sum");
	p->kernels[0].line = 70;
	p->nkernels = 1;

	struct lesson_block *un = dir(74, LESSON_DIR_UNKNOWN, "sidebar",
				      "Aside");
	add_child(un, para(75, "An unknown directive."));
	page_add(p, un);
	struct lesson_block *hl = dir(77, LESSON_DIR_HIGHLIGHT, "highlight",
				      "python");
	page_add(p, hl);
	struct lesson_block *tt = dir(79, LESSON_DIR_TOCTREE, "toctree", "");
	tt->items = xcalloc(2, sizeof *tt->items);
	tt->items[0] = xstrdup("01-intro");
	tt->items[1] = xstrdup("02-single-core");
	tt->nitems = 2;
	page_add(p, tt);
	struct lesson_block *in = dir(82, LESSON_DIR_INSTRUCTOR_NOTE,
				      "instructor-note", "");
	add_child(in, para(83, "Take ten minutes."));
	page_add(p, in);
	static const char *const csv[] = { "a", "b", "1", "2" };
	struct lesson_block *ct = dir(85, LESSON_DIR_CSV_TABLE, "csv-table",
				      "Numbers");
	add_child(ct, table(86, 2, 2, true, csv));
	page_add(p, ct);
	struct lesson_block *html = blk(LESSON_HTML, 88);
	html->code = xstrdup("<!-- a comment nobody sees -->");
	page_add(p, html);
	struct lesson_block *kp = dir(90, LESSON_DIR_KEYPOINTS, "keypoints", "");
	add_child(kp, list(91, false, 1, 1, "Measure before optimising."));
	page_add(p, kp);
	return p;
}

/* ---- checking lines ---- */

static struct layout *lay_at(const struct lesson_page *p, int width, bool utf8,
			     int hscroll, const unsigned char *unf, size_t nunf)
{
	struct layout_opts o = { .width = width, .utf8 = utf8,
				 .hscroll = hscroll, .unfolded = unf,
				 .nunfolded = nunf };
	struct layout *lay = layout_page(p, &o);
	ck_assert_ptr_nonnull(lay);
	return lay;
}

/* Asserts in the hot loops: check records every passing ck_assert with
 * a write(2), so the property checks test first and call it on failure. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* The invariants every line of every layout keeps. */
static void check_lines(const struct layout *lay, int width)
{
	REQUIRE(lay->width == (width < 20 ? 20 : width), "width %d", lay->width);
	REQUIRE(lay->nlines > 0, "no lines");
	for (size_t i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];
		REQUIRE(l->text && strlen(l->text) == l->len,
			"line %zu: length", i);
		REQUIRE(u8_check((const uint8_t *)l->text, l->len) == NULL,
			"line %zu is not valid UTF-8", i);
		for (uint32_t k = 0; k < l->len; k++)
			REQUIRE((unsigned char)l->text[k] >= 0x20
				&& l->text[k] != 0x7f,
				"control byte in line %zu", i);
		REQUIRE(l->width <= (uint32_t)lay->width,
			"line %zu is %u wide at width %d: \"%s\"", i,
			l->width, lay->width, l->text);
		REQUIRE(l->width == layout_str_width(l->text, l->len),
			"line %zu: width %u, measured %zu: \"%s\"", i, l->width,
			layout_str_width(l->text, l->len), l->text);
		uint32_t off = 0;
		for (uint32_t r = 0; r < l->nruns; r++) {
			const struct layout_run *run = &l->runs[r];
			REQUIRE(run->off == off && run->len > 0
				&& run->style < LAYOUT_STYLE_COUNT,
				"line %zu: run %u does not follow on", i, r);
			/* a run never starts inside a character */
			REQUIRE((l->text[off] & 0xc0) != 0x80,
				"line %zu: run %u splits a character", i, r);
			off += run->len;
		}
		REQUIRE(off == l->len, "line %zu: runs cover %u of %u bytes", i,
			off, l->len);
		REQUIRE(l->target >= -1 && l->target < (int32_t)lay->ntargets,
			"line %zu: target %d", i, l->target);
		REQUIRE(l->src_line > 0, "line %zu: no source line", i);
	}
	for (size_t t = 0; t < lay->ntargets; t++)
		REQUIRE(lay->targets[t].first <= lay->targets[t].last
			&& lay->targets[t].last < lay->nlines,
			"target %zu: lines %u..%u", t, lay->targets[t].first,
			lay->targets[t].last);
}

static long find_line(const struct layout *lay, const char *needle)
{
	for (size_t i = 0; i < lay->nlines; i++)
		if (strstr(lay->lines[i].text, needle))
			return (long)i;
	return -1;
}

/* The style of the byte where needle starts in some line, or -1. */
static int style_of(const struct layout *lay, const char *needle, int *attr)
{
	for (size_t i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];
		const char *at = strstr(l->text, needle);
		if (!at)
			continue;
		uint32_t off = (uint32_t)(at - l->text);
		for (uint32_t r = 0; r < l->nruns; r++)
			if (off >= l->runs[r].off
			    && off < l->runs[r].off + l->runs[r].len) {
				if (attr)
					*attr = l->runs[r].attr;
				return l->runs[r].style;
			}
	}
	return -1;
}

static const struct layout_target *target_of(const struct layout *lay,
					     enum layout_target_kind kind, int id)
{
	for (size_t t = 0; t < lay->ntargets; t++)
		if (lay->targets[t].kind == kind && lay->targets[t].id == id)
			return &lay->targets[t];
	return NULL;
}

/* ---- tests ---- */

START_TEST(widths_hold_everywhere)
{
	struct lesson_page *p = fixture_full(false);
	static const unsigned char all[2] = { 1, 1 };
	for (int w = 20; w <= 200; w++) {
		for (int mode = 0; mode < 4; mode++) {
			bool utf8 = mode != 3;
			int hs = mode == 1 ? 9 : mode == 2 ? 1000 : 0;
			struct layout *lay = lay_at(p, w, utf8, hs,
						    mode & 1 ? all : NULL, 2);
			check_lines(lay, w);
			layout_free(lay);
		}
	}
	page_free(p);
}
END_TEST

START_TEST(narrow_widths_clamp)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 5, true, 0, NULL, 0);
	check_lines(lay, 5);
	ck_assert_int_eq(lay->width, 20);
	layout_free(lay);
	page_free(p);
}
END_TEST

/* The text of the lines made from one source line, prefixes and all,
 * with spaces removed. */
static char *lines_of(const struct layout *lay, int src_line)
{
	size_t n = 1;
	for (size_t i = 0; i < lay->nlines; i++)
		if (lay->lines[i].src_line == src_line)
			n += lay->lines[i].len;
	char *s = xcalloc(n, 1), *o = s;
	for (size_t i = 0; i < lay->nlines; i++)
		if (lay->lines[i].src_line == src_line)
			for (const char *c = lay->lines[i].text; *c; c++)
				if (*c != ' ')
					*o++ = *c;
	*o = '\0';
	return s;
}

static char *nospace(const char *in)
{
	char *s = xstrdup(in), *o = s;
	for (const char *c = in; *c; c++)
		if (*c != ' ')
			*o++ = *c;
	*o = '\0';
	return s;
}

START_TEST(wide_and_combining_text_survives_wrapping)
{
	struct lesson_page *p = fixture_full(false);
	static const struct { int line; const char *text; } cases[] = {
		{ 11, cjk }, { 13, combining }, { 15, emoji },
	};
	for (int w = 20; w <= 200; w += 3) {
		struct layout *lay = lay_at(p, w, true, 0, NULL, 0);
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			char *got = lines_of(lay, cases[c].line);
			char *want = nospace(cases[c].text);
			REQUIRE(strcmp(got, want) == 0, "width %d: \"%s\"", w, got);
			free(got);
			free(want);
		}
		/* wrapping made use of the width: some CJK line is nearly full
		 * (a closing mark like 。 stays with the character before it) */
		bool full = false;
		int n = 0;
		for (size_t i = 0; i < lay->nlines; i++) {
			if (lay->lines[i].src_line != 11
			    || lay->lines[i].width == 0)
				continue;
			n++;
			if (lay->lines[i].width + 4 >= (uint32_t)w)
				full = true;
		}
		if (n == 1)
			full = true;
		ck_assert_msg(full, "CJK paragraph not filled at width %d", w);
		layout_free(lay);
	}
	page_free(p);
}
END_TEST

START_TEST(header_and_inline_styles)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 100, true, 0, NULL, 0);
	ck_assert_str_eq(lay->lines[0].text, "Single-core performance");
	ck_assert_int_eq(lay->lines[0].runs[0].style, LAYOUT_TITLE);
	ck_assert_str_eq(lay->lines[1].text, "Teaching 30 min · Exercises 20 min");
	ck_assert_int_eq(lay->lines[1].runs[0].style, LAYOUT_META);
	ck_assert_int_eq(find_line(lay, "Single-core performance"), 0);
	ck_assert(find_line(lay, "Single-core performance") == 0);
	for (size_t i = 1; i < lay->nlines; i++)
		ck_assert(strcmp(lay->lines[i].text, "Single-core performance"));
	int attr = 0;
	ck_assert_int_eq(style_of(lay, "emphasis", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_ITALIC);
	ck_assert_int_eq(style_of(lay, "strong", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_BOLD);
	ck_assert_int_eq(style_of(lay, "numpy.sum()", NULL), LAYOUT_CODE);
	ck_assert_int_eq(style_of(lay, "gone", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_STRIKE);
	ck_assert_int_eq(style_of(lay, "NumPy docs", NULL), LAYOUT_LINK);
	ck_assert_int_ge(find_line(lay, "NumPy docs <https://numpy.org/doc/"), 0);
	ck_assert_int_eq(style_of(lay, "<https://numpy.org", NULL), LAYOUT_URL);
	/* a link whose text is its URL is not repeated */
	ck_assert_int_lt(find_line(lay, "<https://example.org>"), 0);
	ck_assert_int_ge(find_line(lay, "https://example.org"), 0);
	/* the hard break starts a line */
	long hb = find_line(lay, "after a hard break.");
	ck_assert_int_ge(hb, 0);
	ck_assert_str_eq(lay->lines[hb].text, "after a hard break.");
	ck_assert_int_eq(style_of(lay, "Text from everywhere", &attr),
			 LAYOUT_HEADING);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(lists_nest_with_bullets_and_numbers)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 80, true, 0, NULL, 0);
	long a = find_line(lay, "• first level item");
	long b = find_line(lay, "  ◦ nested item");
	long c = find_line(lay, "    ▪ third level item");
	ck_assert_int_ge(a, 0);
	ck_assert_int_gt(b, a);
	ck_assert_int_gt(c, b);
	ck_assert_int_eq(style_of(lay, "◦", NULL), LAYOUT_BULLET);
	ck_assert_int_ge(find_line(lay, " 9. nine"), 0);
	ck_assert_int_ge(find_line(lay, "10. [x] ten"), 0);
	ck_assert_int_ge(find_line(lay, "11. [ ] eleven"), 0);
	layout_free(lay);
	/* continuation lines hang under the item's text */
	lay = lay_at(p, 30, true, 0, NULL, 0);
	a = find_line(lay, "• first level item");
	ck_assert_int_ge(a, 0);
	ck_assert(strncmp(lay->lines[a + 1].text, "  ", 2) == 0);
	ck_assert(lay->lines[a + 1].text[2] != ' ');
	layout_free(lay);
	lay = lay_at(p, 80, false, 0, NULL, 0);
	ck_assert_int_ge(find_line(lay, "* first level item"), 0);
	ck_assert_int_ge(find_line(lay, "  - nested item"), 0);
	ck_assert_int_ge(find_line(lay, "    + third level"), 0);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(solution_folds_to_one_line)
{
	struct lesson_page *p = fixture_full(false);
	for (int w = 20; w <= 120; w += 10) {
		struct layout *lay = lay_at(p, w, true, 0, NULL, 0);
		const struct layout_target *s = target_of(lay,
			LAYOUT_TARGET_SOLUTION, 0);
		ck_assert_ptr_nonnull(s);
		ck_assert(s->folded);
		ck_assert_uint_eq(s->first, s->last);
		const struct layout_line *l = &lay->lines[s->first];
		if (w >= 60)
			ck_assert_ptr_nonnull(strstr(l->text,
				"▸ Solution (folded — press s)"));
		bool folded_style = false;
		for (uint32_t r = 0; r < l->nruns; r++)
			if (l->runs[r].style == LAYOUT_FOLDED)
				folded_style = true;
		ck_assert(folded_style);
		ck_assert_int_lt(find_line(lay, "secret answer"), 0);
		ck_assert_int_lt(find_line(lay, "Hidden until"), 0);
		layout_free(lay);
	}
	static const unsigned char unf[2] = { 1, 0 };
	struct layout *lay = lay_at(p, 80, true, 0, unf, 2);
	const struct layout_target *s = target_of(lay, LAYOUT_TARGET_SOLUTION, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert(!s->folded);
	ck_assert_uint_gt(s->last, s->first + 1);
	ck_assert_ptr_nonnull(strstr(lay->lines[s->first].text, "▾ Solution"));
	long ans = find_line(lay, "secret answer");
	ck_assert_int_gt(ans, (long)s->first);
	ck_assert_int_lt(ans, (long)s->last);
	ck_assert_int_eq(lay->lines[ans].target, (int)(s - lay->targets));
	/* the dropdown stays folded, under its own title */
	const struct layout_target *d = target_of(lay, LAYOUT_TARGET_SOLUTION, 1);
	ck_assert_ptr_nonnull(d);
	ck_assert(d->folded);
	ck_assert_ptr_nonnull(strstr(lay->lines[d->first].text,
				     "▸ More detail (folded — press s)"));
	layout_free(lay);
	lay = lay_at(p, 80, false, 0, NULL, 0);
	ck_assert_int_ge(find_line(lay, "> Solution (folded - press s)"), 0);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(targets_cover_their_lines)
{
	struct lesson_page *p = fixture_full(false);
	static const unsigned char unf[2] = { 1, 1 };
	struct layout *lay = lay_at(p, 80, true, 0, unf, 2);
	const struct layout_target *ex = target_of(lay, LAYOUT_TARGET_EXERCISE, 0);
	ck_assert_ptr_nonnull(ex);
	int exi = (int)(ex - lay->targets);
	ck_assert_ptr_nonnull(strstr(lay->lines[ex->first].text,
				     "┌ Exercise 1  Scale N ─"));
	ck_assert_int_eq(lay->lines[ex->first].runs[0].style, LAYOUT_BOX_EXERCISE);
	ck_assert(strncmp(lay->lines[ex->last].text, "└", strlen("└")) == 0);
	ck_assert_str_eq(ex->title, "Scale N");
	const struct layout_target *so = target_of(lay, LAYOUT_TARGET_SOLUTION, 0);
	int soi = (int)(so - lay->targets);
	ck_assert_uint_gt(so->first, ex->first);
	ck_assert_uint_lt(so->last, ex->last);
	for (size_t i = 0; i < lay->nlines; i++) {
		int t = lay->lines[i].target;
		if (i >= so->first && i <= so->last)
			ck_assert_int_eq(t, soi);
		else if (i >= ex->first && i <= ex->last)
			ck_assert_int_eq(t, exi);
		else
			ck_assert(t != exi && t != soi);
	}
	const struct layout_target *k = target_of(lay, LAYOUT_TARGET_KERNEL, 0);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->kernel_args, "sum --n 10M --dtype float64");
	ck_assert_str_eq(lay->lines[k->first].text,
			 "▶ [r] run: sum --n 10M --dtype float64");
	ck_assert_int_eq(lay->lines[k->first].runs[0].style, LAYOUT_KERNEL);
	long desc = find_line(lay, "Launch the four sum variants");
	ck_assert_int_eq(desc, (long)k->last);
	ck_assert_int_eq(lay->lines[desc].target, (int)(k - lay->targets));
	/* src_line finds the place again */
	size_t at = layout_find_src_line(lay, 52);
	ck_assert_uint_eq(at, ex->first);
	ck_assert_uint_eq(layout_find_src_line(lay, 100000), lay->nlines);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(directives_render_as_boxes)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 80, true, 0, NULL, 0);
	int attr;
	ck_assert_int_ge(find_line(lay, "┌ Questions ─"), 0);
	ck_assert_int_eq(style_of(lay, "┌ Questions", &attr), LAYOUT_BOX_KEY);
	ck_assert_int_eq(style_of(lay, "┌ Keypoints", &attr), LAYOUT_BOX_KEY);
	ck_assert_int_eq(style_of(lay, "┌ Instructor note", &attr),
			 LAYOUT_BOX_INSTRUCTOR);
	ck_assert_int_eq(style_of(lay, "┌ Warning", &attr), LAYOUT_BOX_WARNING);
	ck_assert_int_eq(style_of(lay, "┌ sidebar  Aside", &attr),
			 LAYOUT_BOX_NOTE);
	ck_assert_int_ge(find_line(lay, "│ An unknown directive."), 0);
	ck_assert_int_ge(find_line(lay, "• 01-intro"), 0);
	ck_assert_int_lt(find_line(lay, "highlight"), 0);
	ck_assert_int_lt(find_line(lay, "comment nobody sees"), 0);
	ck_assert_int_ge(find_line(lay, "Numbers"), 0);
	/* three boxes deep */
	ck_assert_int_ge(find_line(lay, "│ │ ┌ Warning"), 0);
	ck_assert_int_ge(find_line(lay, "│ │ │ Three boxes deep"), 0);
	layout_free(lay);
	lay = lay_at(p, 40, true, 0, NULL, 0);
	ck_assert_int_ge(find_line(lay, "│ │ │ Three boxes"), 0);
	long l = find_line(lay, "│ │ │ Three boxes");
	ck_assert_uint_eq(lay->lines[l].width, 40);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(ascii_mode_is_ascii)
{
	struct lesson_page *p = fixture_full(true);
	static const unsigned char all[2] = { 1, 1 };
	for (int w = 20; w <= 200; w += 7) {
		for (int u = 0; u < 2; u++) {
			struct layout *lay = lay_at(p, w, false, u ? 5 : 0,
						    u ? all : NULL, 2);
			check_lines(lay, w);
			for (size_t i = 0; i < lay->nlines; i++)
				for (const char *c = lay->lines[i].text; *c; c++)
					REQUIRE((unsigned char)*c < 0x80,
						"non-ASCII in \"%s\"",
						lay->lines[i].text);
			layout_free(lay);
		}
	}
	page_free(p);
}
END_TEST

START_TEST(code_is_cut_and_scrolled)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 60, true, 0, NULL, 0);
	ck_assert(lay->has_wide);
	long i = find_line(lay, "total = sum(");
	ck_assert_int_ge(i, 0);
	const struct layout_line *l = &lay->lines[i];
	ck_assert_uint_eq(l->width, 60);
	ck_assert(l->flags & LAYOUT_CLIPPED_RIGHT);
	ck_assert(!(l->flags & LAYOUT_CLIPPED_LEFT));
	ck_assert_str_eq(l->text + l->len - strlen("›"), "›");
	ck_assert_int_eq(l->runs[l->nruns - 1].style, LAYOUT_MARK);
	/* short code lines are untouched */
	long d = find_line(lay, "def f(x):");
	ck_assert_int_eq(lay->lines[d].flags, 0);
	layout_free(lay);

	lay = lay_at(p, 60, true, 20, NULL, 0);
	/* columns 21.. of the line follow the mark */
	char want[16];
	memcpy(want, "‹", strlen("‹"));
	memcpy(want + strlen("‹"), LONG_CODE + 21, 10);
	want[strlen("‹") + 10] = '\0';
	i = find_line(lay, want);
	ck_assert_int_ge(i, 0);
	l = &lay->lines[i];
	ck_assert_uint_eq(l->flags, LAYOUT_CLIPPED_LEFT | LAYOUT_CLIPPED_RIGHT);
	ck_assert_uint_eq(l->width, 60);
	ck_assert_ptr_null(strstr(l->text, "total = sum("));
	/* a line shorter than the scroll shows only the mark */
	i = find_line(lay, "def f(x)");
	ck_assert_int_lt(i, 0);
	layout_free(lay);

	/* scrolled to the end, the end shows and nothing is cut on the right */
	lay = lay_at(p, 60, true, 100000, NULL, 0);
	i = find_line(lay, "scrolls to see its end");
	ck_assert_int_ge(i, 0);
	ck_assert(!(lay->lines[i].flags & LAYOUT_CLIPPED_RIGHT));
	int max = lay->hscroll_max;
	ck_assert_int_gt(max, 0);
	/* hscroll_max is where scrolling stops changing anything */
	struct layout *a = lay_at(p, 60, true, max, NULL, 0);
	struct layout *b = lay_at(p, 60, true, max - 1, NULL, 0);
	ck_assert_uint_eq(a->nlines, lay->nlines);
	bool same = true, moved = false;
	for (size_t k = 0; k < a->nlines; k++) {
		same = same && strcmp(a->lines[k].text, lay->lines[k].text) == 0;
		moved = moved || strcmp(a->lines[k].text, b->lines[k].text) != 0;
	}
	ck_assert(same);
	ck_assert(moved);
	layout_free(a);
	layout_free(b);
	layout_free(lay);

	/* a page with nothing wide */
	struct lesson_page *q = page_new("Small");
	page_add(q, para(2, "Short."));
	page_add(q, code(3, "python", "x = 1"));
	lay = lay_at(q, 80, true, 10, NULL, 0);
	ck_assert(!lay->has_wide);
	ck_assert_int_eq(lay->hscroll_max, 0);
	ck_assert_int_ge(find_line(lay, "  x = 1"), 0);
	layout_free(lay);
	page_free(q);
	page_free(p);
}
END_TEST

START_TEST(snippet_names_show)
{
	struct lesson_page *p = page_new("Names");
	struct lesson_block *c = code(2, "python", "print(1)");
	free(c->info);
	c->info = xstrdup("run name=hello.py");
	page_add(p, c);
	struct layout *lay = lay_at(p, 40, true, 0, NULL, 0);
	long i = find_line(lay, "  hello.py:");
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(lay->lines[i + 1].text, "  print(1)");
	ck_assert_int_eq(style_of(lay, "hello.py", NULL), LAYOUT_META);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(csv_widths_weigh_columns)
{
	static const char *const cells[] = {
		"a", "b",
		"one two three four five six seven eight nine ten",
		"one two three four five six seven eight nine ten",
	};
	struct lesson_page *p = page_new("Widths");
	struct lesson_block *t = table(2, 2, 2, true, cells);
	page_add(p, t);
	struct layout *lay = lay_at(p, 41, true, 0, NULL, 0);
	check_lines(lay, 41);
	long top = find_line(lay, "┌");
	ck_assert_int_ge(top, 0);
	/* equal wants: equal columns */
	ck_assert_str_eq(lay->lines[top].text,
			 "┌───────────────────┬───────────────────┐");
	layout_free(lay);
	t->widths = xcalloc(2, sizeof *t->widths);
	t->widths[0] = 3;
	t->widths[1] = 1;
	lay = lay_at(p, 40, true, 0, NULL, 0);
	check_lines(lay, 40);
	top = find_line(lay, "┌");
	const char *mid = strstr(lay->lines[top].text, "┬");
	ck_assert_ptr_nonnull(mid);
	/* the first column, weighted 3 to 1, is the wider */
	ck_assert_int_gt(layout_str_width(lay->lines[top].text,
					  (size_t)(mid - lay->lines[top].text)),
			 22);
	ck_assert_uint_eq(lay->lines[top].width, 40);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(code_is_highlighted)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 100, true, 0, NULL, 0);
	ck_assert_int_eq(style_of(lay, "def f", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(style_of(lay, "return \"str\"", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(style_of(lay, "\"str\"", NULL), LAYOUT_STRING);
	ck_assert_int_eq(style_of(lay, "'q'", NULL), LAYOUT_STRING);
	ck_assert_int_eq(style_of(lay, "# comment", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(style_of(lay, "42", NULL), LAYOUT_NUMBER);
	ck_assert_int_eq(style_of(lay, "f(x)", NULL), LAYOUT_CODE);
	ck_assert_int_eq(style_of(lay, "#include", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(style_of(lay, "int main", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(style_of(lay, "/* hi */", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(style_of(lay, "$ python3", NULL), LAYOUT_PROMPT);
	ck_assert_int_eq(style_of(lay, "# run", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(style_of(lay, "sum = 45", NULL), LAYOUT_OUTPUT);
	ck_assert_int_eq(style_of(lay, "\"done\"", NULL), LAYOUT_STRING);
	layout_free(lay);
	page_free(p);
}
END_TEST

/* Every line of a table's grid has the same width: the grid is whole. */
static void check_table(const struct layout *lay, int src_line, bool *clipped)
{
	uint32_t w = 0;
	int n = 0;
	*clipped = false;
	for (size_t i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];
		if (l->src_line != src_line || l->width == 0)
			continue;
		if (n++ == 0)
			w = l->width;
		REQUIRE(l->width == w, "table line %zu: %u, not %u", i, l->width, w);
		if (l->flags & LAYOUT_CLIPPED_RIGHT)
			*clipped = true;
	}
	ck_assert_int_ge(n, 4);
}

START_TEST(tables_fit_or_clip)
{
	struct lesson_page *p = fixture_full(false);
	bool clipped;
	struct layout *lay = lay_at(p, 80, true, 0, NULL, 0);
	check_table(lay, 44, &clipped);
	ck_assert(!clipped);
	ck_assert_int_ge(find_line(lay, "┌────────────┬────────┬────────────┐"), 0);
	ck_assert_int_ge(find_line(lay, "│ variant    │   time │ note       │"), 0);
	ck_assert_int_ge(find_line(lay, "│ boxed loop │  1.9 s │ for x in a │"), 0);
	ck_assert_int_eq(style_of(lay, "variant", NULL), LAYOUT_TABLE_HEAD);
	ck_assert_int_eq(style_of(lay, "for x in a", NULL), LAYOUT_CODE);
	ck_assert_int_eq(style_of(lay, "┌──", NULL), LAYOUT_TABLE_BORDER);
	layout_free(lay);
	int fits = 0, clips = 0;
	for (int w = 20; w <= 200; w++) {
		lay = lay_at(p, w, true, 0, NULL, 0);
		check_table(lay, 44, &clipped);
		check_table(lay, 48, &clipped);
		if (clipped)
			clips++;
		else
			fits++;
		layout_free(lay);
	}
	/* the wide table wraps its cells when it can and scrolls when not */
	ck_assert_int_gt(fits, 0);
	ck_assert_int_gt(clips, 0);
	lay = lay_at(p, 80, true, 0, NULL, 0);
	check_table(lay, 48, &clipped);
	ck_assert(!clipped);
	ck_assert_int_ge(find_line(lay, "│ sum    │ interp"), 0);
	layout_free(lay);
	lay = lay_at(p, 30, true, 7, NULL, 0);
	check_table(lay, 48, &clipped);
	ck_assert(clipped);
	ck_assert(lay->has_wide);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(write_text_strips_trailing_spaces)
{
	struct lesson_page *p = fixture_full(false);
	struct layout *lay = lay_at(p, 72, true, 0, NULL, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(layout_write_text(lay, fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	size_t lines = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			lines++;
			ck_assert(i == 0 || buf[i - 1] != ' ');
		}
	}
	ck_assert_uint_eq(lines, lay->nlines);
	ck_assert(strncmp(buf, "Single-core performance\n", 24) == 0);
	free(buf);
	layout_free(lay);
	page_free(p);
}
END_TEST

START_TEST(empty_and_odd_pages)
{
	struct lesson_page *p = page_new("");
	struct layout *lay = lay_at(p, 80, true, 0, NULL, 0);
	ck_assert_uint_eq(lay->nlines, 1);          /* never no lines */
	layout_free(lay);
	free(p->title);
	p->title = xstrdup("Only a title");
	lay = lay_at(p, 80, true, 0, NULL, 0);
	ck_assert_uint_eq(lay->nlines, 1);
	ck_assert_str_eq(lay->lines[0].text, "Only a title");
	layout_free(lay);
	/* an empty box, an empty item, a directive at depth, odd bytes */
	struct lesson_block *d = dir(2, LESSON_DIR_NOTE, "note", "");
	page_add(p, d);
	struct lesson_block *l = blk(LESSON_LIST, 3);
	add_child(l, blk(LESSON_ITEM, 3));
	page_add(p, l);
	struct lesson_block *outer = dir(4, LESSON_DIR_NOTE, "note", "");
	struct lesson_block *cur = outer;
	for (int i = 0; i < 40; i++) {
		struct lesson_block *in = dir(5 + i, LESSON_DIR_WARNING, "warning",
					      "deep");
		add_child(cur, in);
		cur = in;
	}
	add_child(cur, para(50, "bottom"));
	page_add(p, outer);
	/* lists nested deep, with long numbers and task boxes, holding boxes */
	struct lesson_block *top = list(51, true, 99998, 1, "item");
	struct lesson_block *in = top;
	for (int i = 0; i < 12; i++) {
		struct lesson_block *it = in->children[0];
		it->task = i & 1;
		struct lesson_block *box = dir(52, LESSON_DIR_EXERCISE, "exercise",
					       "a box in a list");
		box->id = i;
		add_child(box, para(52, "wide 漢字漢字漢字漢字 text"));
		struct lesson_block *sub = list(52, i & 1, 99990 + (unsigned)i, 2,
						"x", "y");
		add_child(it, box);
		add_child(it, sub);
		in = sub;
	}
	page_add(p, top);
	page_add(p, para(60, "bad \x01 bytes \xff\xfe and a\ttab"));
	page_add(p, code(61, "", "tab\there \x7f \xc3"));
	for (int w = 20; w <= 200; w += 13) {
		lay = lay_at(p, w, w % 2, 3, NULL, 0);
		check_lines(lay, w);
		ck_assert_int_ge(find_line(lay, "bottom"), 0);
		layout_free(lay);
	}
	page_free(p);
}
END_TEST


/* ---- pages parsed from Markdown ---- */

static const char markdown[] =
	"---\nteaching: 10\nexercises: 5\n---\n"
	"# Parsed page\n\n"
	"Some *text* with `code` and a [link](https://hpc.example/docs).\n\n"
	"::::{exercise} Outer\n"
	"Do this.\n\n"
	":::{note}\n"
	"```{warning}\n"
	"Deep **inside**.\n"
	"```\n"
	":::\n"
	"::::\n\n"
	"```{solution}\n"
	"The answer follows the exercise.\n"
	"```\n\n"
	"```{csv-table} Timings\n"
	":header: \"variant\", \"time\"\n\n"
	"\"loop\", \"1.9 s\"\n"
	"\"numpy\", \"9.8 ms\"\n"
	"```\n\n"
	"```{kernel} sum --n 10M --dtype float64\n"
	"Launch the four sum variants.\n"
	"```\n\n"
	"```{admonition} Details\n"
	":class: dropdown\n\n"
	"Hidden.\n"
	"```\n\n"
	"```console\n"
	"$ python3 sum.py\n"
	"4.5\n"
	"```\n";

static struct lesson_page *parse(const char *md)
{
	struct lesson_diags d = { 0 };
	struct lesson_page *p = lesson_page_parse("parsed.md", md, strlen(md), &d);
	ck_assert_ptr_nonnull(p);
	lesson_diags_print(&d, stderr);
	ck_assert_uint_eq(lesson_diags_errors(&d), 0);
	lesson_diags_clear(&d);
	return p;
}

START_TEST(parsed_page_reads_well)
{
	struct lesson_page *p = parse(markdown);
	ck_assert_int_ge(p->nfolds, 2);
	struct layout *lay = lay_at(p, 60, true, 0, NULL, 0);
	check_lines(lay, 60);
	ck_assert_str_eq(lay->lines[0].text, "Parsed page");
	ck_assert_str_eq(lay->lines[1].text, "Teaching 10 min · Exercises 5 min");
	ck_assert_int_ge(find_line(lay, "link <https://hpc.example/docs>"), 0);
	ck_assert_int_eq(style_of(lay, "code", NULL), LAYOUT_CODE);
	const struct layout_target *ex = target_of(lay, LAYOUT_TARGET_EXERCISE, 0);
	ck_assert_ptr_nonnull(ex);
	ck_assert_ptr_nonnull(strstr(lay->lines[ex->first].text,
				     "┌ Exercise 1  Outer"));
	ck_assert_int_ge(find_line(lay, "│ │ │ Deep inside."), 0);
	ck_assert_int_eq(style_of(lay, "inside", NULL), LAYOUT_TEXT);
	/* the solution after the exercise folds inside it */
	long sol = find_line(lay, "│ ▸ Solution (folded — press s)");
	ck_assert_int_gt(sol, (long)ex->first);
	ck_assert_int_lt(sol, (long)ex->last);
	ck_assert_int_ge(find_line(lay, "Timings"), 0);
	ck_assert_int_ge(find_line(lay, "│ variant │ time   │"), 0);
	ck_assert_int_ge(find_line(lay, "│ numpy   │ 9.8 ms │"), 0);
	ck_assert_int_ge(find_line(lay, "▶ [r] run: sum --n 10M --dtype float64"), 0);
	ck_assert_int_ge(find_line(lay, "▸ Details (folded — press s)"), 0);
	ck_assert_int_eq(style_of(lay, "$ ", NULL), LAYOUT_PROMPT);
	ck_assert_int_eq(style_of(lay, "4.5", NULL), LAYOUT_OUTPUT);
	layout_free(lay);

	unsigned char all[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	lay = lay_at(p, 60, true, 0, all, (size_t)p->nfolds);
	ck_assert_int_ge(find_line(lay, "│ │ The answer follows the exercise."), 0);
	ck_assert_int_ge(find_line(lay, "│ Hidden."), 0);
	layout_free(lay);
	lesson_page_free(p);
}
END_TEST

START_TEST(garbage_lays_out)
{
	static const char *const pages[] = {
		"````{exercise}\n```{solution}\nunclosed",
		"```{note}\n```",
		"| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n",
		"\xff\xfe\x01\x02 # \x80\x80\n\n- \xe4\xb8\n\t\ttab",
		":::{exercise}\n:::{solution}\n- [ ] x\n- [x] y\n:::\n:::\n",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct lesson_page *p = lesson_page_parse("g.md", pages[i],
							  strlen(pages[i]), NULL);
		ck_assert_ptr_nonnull(p);
		for (int w = 20; w <= 200; w += 9) {
			struct layout *lay = lay_at(p, w, w & 1, w & 4, NULL, 0);
			check_lines(lay, w);
			layout_free(lay);
		}
		lesson_page_free(p);
	}
}
END_TEST

/* The source tree's file, or NULL when the tree cannot be found. */
static char *src_path(const char *rel)
{
	const char *top = getenv("abs_top_srcdir");
	if (!top)
		top = TOP_SRCDIR;
	size_t n = strlen(top) + strlen(rel) + 2;
	char *s = xcalloc(n, 1);
	snprintf(s, n, "%s/%s", top, rel);
	return s;
}

static void check_file(const char *path)
{
	struct lesson_page *p = lesson_page_load(path, NULL);
	ck_assert_msg(p != NULL, "cannot load %s", path);
	unsigned char *all = xcalloc((size_t)p->nfolds + 1, 1);
	memset(all, 1, (size_t)p->nfolds + 1);
	for (int w = 20; w <= 200; w++) {
		struct layout *lay = lay_at(p, w, w % 3 != 0, w % 5 ? 0 : 11,
					    w & 1 ? all : NULL,
					    (size_t)p->nfolds);
		check_lines(lay, w);
		/* every exercise and kernel of the page has its target */
		size_t ex = 0, k = 0;
		for (size_t t = 0; t < lay->ntargets; t++) {
			ex += lay->targets[t].kind == LAYOUT_TARGET_EXERCISE;
			k += lay->targets[t].kind == LAYOUT_TARGET_KERNEL;
		}
		REQUIRE(ex == (size_t)p->nexercises && k == p->nkernels,
			"%s: %zu exercise and %zu kernel targets", path, ex, k);
		layout_free(lay);
	}
	free(all);
	lesson_page_free(p);
}

START_TEST(shipped_lessons_fit_every_width)
{
	char *dirp = src_path("lessons");
	DIR *d = opendir(dirp);
	ck_assert_msg(d != NULL, "cannot open %s", dirp);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".md"))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dirp, e->d_name);
		check_file(path);
		n++;
	}
	closedir(d);
	ck_assert_int_gt(n, 0);
	free(dirp);
	char *sl = src_path("tests/data/lesson/sphinx-lesson.md");
	check_file(sl);
	free(sl);
}
END_TEST

static Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, widths_hold_everywhere);
	tcase_add_test(tc, narrow_widths_clamp);
	tcase_add_test(tc, wide_and_combining_text_survives_wrapping);
	tcase_add_test(tc, header_and_inline_styles);
	tcase_add_test(tc, lists_nest_with_bullets_and_numbers);
	tcase_add_test(tc, solution_folds_to_one_line);
	tcase_add_test(tc, targets_cover_their_lines);
	tcase_add_test(tc, directives_render_as_boxes);
	tcase_add_test(tc, ascii_mode_is_ascii);
	tcase_add_test(tc, code_is_cut_and_scrolled);
	tcase_add_test(tc, code_is_highlighted);
	tcase_add_test(tc, snippet_names_show);
	tcase_add_test(tc, csv_widths_weigh_columns);
	tcase_add_test(tc, tables_fit_or_clip);
	tcase_add_test(tc, write_text_strips_trailing_spaces);
	tcase_add_test(tc, empty_and_odd_pages);
	suite_add_tcase(s, tc);
	TCase *tp = tcase_create("parsed");
	tcase_set_timeout(tp, 300);
	tcase_add_test(tp, parsed_page_reads_well);
	tcase_add_test(tp, garbage_lays_out);
	tcase_add_test(tp, shipped_lessons_fit_every_width);
	suite_add_tcase(s, tp);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(layout_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
