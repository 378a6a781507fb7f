/*
 * layout_fixture.c — lesson pages built by hand for the layout tests, and
 * the checks every laid-out line must pass.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "layout_fixture.h"

/* ---- building pages by hand ---- */

void *fx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	ck_assert_ptr_nonnull(p);
	return p;
}

char *fx_xstrdup(const char *s)
{
	char *p = strdup(s);
	ck_assert_ptr_nonnull(p);
	return p;
}

struct lesson_block *fx_blk(enum lesson_block_kind kind, int line)
{
	struct lesson_block *b = fx_xcalloc(1, sizeof *b);
	b->kind = kind;
	b->line = line;
	b->task = -1;
	b->id = -1;
	b->title = fx_xstrdup("");
	return b;
}

void fx_add_child(struct lesson_block *p, struct lesson_block *c)
{
	p->children = realloc(p->children, (p->nchildren + 1) * sizeof c);
	ck_assert_ptr_nonnull(p->children);
	p->children[p->nchildren++] = c;
}

/* Appends a run to a text: attr bits and, for links, the URL. */
void fx_text_add(struct lesson_text *t, const char *s, unsigned attr,
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
		.href = href ? fx_xstrdup(href) : NULL };
	t->len += n;
}

struct lesson_block *fx_para(int line, const char *s)
{
	struct lesson_block *b = fx_blk(LESSON_PARAGRAPH, line);
	fx_text_add(&b->text, s, 0, NULL);
	return b;
}

struct lesson_block *fx_heading(int line, int level, const char *s)
{
	struct lesson_block *b = fx_blk(LESSON_HEADING, line);
	b->level = level;
	fx_text_add(&b->text, s, 0, NULL);
	return b;
}

struct lesson_block *fx_code(int line, const char *lang, const char *s)
{
	struct lesson_block *b = fx_blk(LESSON_CODE, line);
	b->lang = fx_xstrdup(lang);
	b->info = fx_xstrdup("");
	b->code = fx_xstrdup(s);
	return b;
}

struct lesson_block *fx_dir(int line, enum lesson_directive d,
			    const char *name, const char *title)
{
	struct lesson_block *b = fx_blk(LESSON_DIRECTIVE, line);
	b->directive = d;
	b->name = fx_xstrdup(name);
	free(b->title);
	b->title = fx_xstrdup(title);
	return b;
}

/* A list of plain items; each item may get more children later. */
struct lesson_block *fx_list(int line, bool ordered, unsigned start,
			     int n, ...)
{
	struct lesson_block *l = fx_blk(LESSON_LIST, line);
	l->ordered = ordered;
	l->start = start;
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		struct lesson_block *it = fx_blk(LESSON_ITEM, line + i);
		fx_add_child(it, fx_para(line + i, va_arg(ap, const char *)));
		fx_add_child(l, it);
	}
	va_end(ap);
	return l;
}

struct lesson_block *fx_table(int line, size_t nr, size_t nc, bool header,
			      const char *const *cells)
{
	struct lesson_block *t = fx_blk(LESSON_TABLE, line);
	t->nrows = nr;
	t->ncols = nc;
	t->header = header;
	t->cells = fx_xcalloc(nr * nc, sizeof *t->cells);
	t->align = fx_xcalloc(nc, sizeof *t->align);
	for (size_t i = 0; i < nr * nc; i++) {
		const char *s = cells[i];
		if (s[0] == '`') {      /* `x`: the cell is inline code */
			char buf[256];
			snprintf(buf, sizeof buf, "%.*s", (int)strlen(s) - 2, s + 1);
			fx_text_add(&t->cells[i], buf, LESSON_ATTR_CODE, NULL);
		} else {
			fx_text_add(&t->cells[i], s, 0, NULL);
		}
	}
	return t;
}

struct lesson_page *fx_page_new(const char *title)
{
	struct lesson_page *p = fx_xcalloc(1, sizeof *p);
	p->path = fx_xstrdup("fixture.md");
	p->slug = fx_xstrdup("fixture");
	p->title = fx_xstrdup(title);
	return p;
}

void fx_page_add(struct lesson_page *p, struct lesson_block *b)
{
	p->blocks = realloc(p->blocks, (p->nblocks + 1) * sizeof b);
	ck_assert_ptr_nonnull(p->blocks);
	p->blocks[p->nblocks++] = b;
}

/* The fixture allocates the model exactly as the parser does (every
 * string and array with malloc), so the parser's own free releases it. */
void fx_page_free(struct lesson_page *p)
{
	lesson_page_free(p);
}

/* ---- the fixtures ---- */


const char fx_cjk[] =
	"日本語のテキストは単語の間にスペースがありません。"
	"これは折り返しの試験のための長い文です。中文也没有空格，"
	"每个汉字占两列。한국어는 띄어쓰기를 합니다 하지만 글자는 넓습니다.";
const char fx_combining[] =
	"Cafe\xcc\x81 re\xcc\x81sume\xcc\x81 nai\xcc\x88ve Zoe\xcc\x88 "
	"a\xcc\x8a\xcc\x81ngstro\xcc\x88m pin\xcc\x83" "ata "
	"e\xcc\x81\xcc\x81\xcc\x81\xcc\x81 Cafe\xcc\x81 re\xcc\x81sume\xcc\x81";
const char fx_emoji[] =
	"Thumbs 👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇮🇸🇪🇯🇵 heart ❤️ "
	"rocket🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀 end";

/* Everything a page can hold, nested where lessons nest. */
struct lesson_page *fx_page_full(bool ascii_only)
{
	struct lesson_page *p = fx_page_new("Single-core performance");
	p->teaching = 30;
	p->exercises = 20;
	fx_page_add(p, fx_heading(1, 1, "Single-core performance"));

	struct lesson_block *q = fx_dir(3, LESSON_DIR_QUESTIONS, "questions", "");
	fx_add_child(q, fx_list(4, false, 1, 2, "Why is a pure-Python loop slow?",
			  "What limits a vectorised sum?"));
	fx_page_add(p, q);

	struct lesson_block *pa = fx_blk(LESSON_PARAGRAPH, 7);
	fx_text_add(&pa->text, "Plain, ", 0, NULL);
	fx_text_add(&pa->text, "emphasis", LESSON_EMPH, NULL);
	fx_text_add(&pa->text, ", ", 0, NULL);
	fx_text_add(&pa->text, "strong", LESSON_STRONG, NULL);
	fx_text_add(&pa->text, ", ", 0, NULL);
	fx_text_add(&pa->text, "numpy.sum()", LESSON_ATTR_CODE, NULL);
	fx_text_add(&pa->text, ", ", 0, NULL);
	fx_text_add(&pa->text, "gone", LESSON_STRIKE, NULL);
	fx_text_add(&pa->text, " and the ", 0, NULL);
	fx_text_add(&pa->text, "NumPy docs", LESSON_LINK,
		 "https://numpy.org/doc/stable/reference/generated/numpy.sum.html");
	fx_text_add(&pa->text, " or ", 0, NULL);
	fx_text_add(&pa->text, "https://example.org", LESSON_LINK,
		 "https://example.org");
	fx_text_add(&pa->text, ". A very long word: "
		 "Pneumonoultramicroscopicsilicovolcanoconiosisandthensomemoreletters"
		 "\nafter a hard break.", 0, NULL);
	fx_page_add(p, pa);

	fx_page_add(p, fx_heading(9, 2, "Text from everywhere"));
	if (!ascii_only) {
		fx_page_add(p, fx_para(11, fx_cjk));
		fx_page_add(p, fx_para(13, fx_combining));
		fx_page_add(p, fx_para(15, fx_emoji));
	}

	struct lesson_block *l = fx_list(17, false, 1, 3, "first level item "
				      "with enough words to wrap at narrow widths",
				      "second", "third");
	struct lesson_block *l2 = fx_list(18, false, 1, 2, "nested item", "another");
	fx_add_child(l2->children[0], fx_list(19, false, 1, 1, "third level item "
					"that wraps as well when narrow"));
	fx_add_child(l->children[0], l2);
	fx_page_add(p, l);
	struct lesson_block *ol = fx_list(22, true, 9, 3, "nine", "ten", "eleven");
	ol->children[1]->task = 1;
	ol->children[2]->task = 0;
	fx_page_add(p, ol);

	struct lesson_block *bq = fx_blk(LESSON_QUOTE, 26);
	fx_add_child(bq, fx_para(26, "A quoted paragraph that is long enough to wrap "
			   "onto more than one line at eighty columns wide."));
	fx_page_add(p, bq);
	fx_page_add(p, fx_blk(LESSON_RULE, 28));

	fx_page_add(p, fx_code(30, "python",
			 "def f(x):  # comment\n    return \"str\" + 'q' * 42\n"
			 LONG_CODE));
	fx_page_add(p, fx_code(34, "c", "#include <stdio.h>\n"
			 "int main(void) { /* hi */ return printf(\"%d\\n\", 1); }"));
	fx_page_add(p, fx_code(37, "console", "$ python3 sum.py --n 10  # run\n"
			 "sum = 45\n$ echo \"done\""));
	fx_page_add(p, fx_code(41, "output", "sum = 45"));
	if (!ascii_only) {
		/* wide characters where code is cut, and in table cells */
		fx_page_add(p, fx_code(42, "python", "s = \"漢字漢字漢字漢字漢字"
				       "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字"
				       "漢字漢字漢字漢字漢字漢字漢字漢字\"  # 👍🏽 e\xcc\x81 "
				       "👨‍👩‍👧‍👦 and more text after the wide part"));
		static const char *const wide_cells[] = {
			"名前", "説明",
			"漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
			"emoji 👍🏽👍🏽👍🏽 and Cafe\xcc\x81 text that wraps",
		};
		fx_page_add(p, fx_table(43, 2, 2, true, wide_cells));
	}

	static const char *const small[] = {
		"variant", "time", "note",
		"boxed loop", "1.9 s", "`for x in a`",
		"C loop", "9.8 ms", "plain",
	};
	struct lesson_block *t = fx_table(44, 3, 3, true, small);
	t->align[1] = LESSON_ALIGN_RIGHT;
	fx_page_add(p, t);
	static const char *const wide[] = {
		"kernel", "what it shows", "knobs", "c4", "c5", "c6", "c7", "c8",
		"sum", ("interpreter-style boxed loop vs plain C loop vs "
			"vectorised loop vs OpenBLAS; add-then-sum"),
		"n, dtype (float32/float64), variant, inplace, repeats, warmup",
		"alpha beta gamma", "delta", "epsilon", "zeta", "eta",
		"map", "a thread pool mapping a function over an array", "",
		"", "", "", "", "",
	};
	fx_page_add(p, fx_table(48, 3, 8, true, wide));

	/* exercise > note > warning, and the solution, folded */
	struct lesson_block *ex = fx_dir(52, LESSON_DIR_EXERCISE, "exercise",
				      "Scale N");
	ex->id = 0;
	fx_add_child(ex, fx_para(53, "Run the kernel for N = 1e6, 5e6 and 2e7. "
			   "How does the time grow?"));
	fx_add_child(ex, fx_list(54, false, 1, 2, "one", "two"));
	struct lesson_block *note = fx_dir(56, LESSON_DIR_NOTE, "note", "");
	struct lesson_block *warn = fx_dir(57, LESSON_DIR_WARNING, "warning", "");
	fx_add_child(warn, fx_para(58, "Three boxes deep and still inside the page."));
	fx_add_child(warn, fx_code(59, "python", "print('deep')"));
	fx_add_child(note, fx_para(57, "A note in an exercise."));
	fx_add_child(note, warn);
	fx_add_child(ex, note);
	struct lesson_block *sol = fx_dir(62, LESSON_DIR_SOLUTION, "solution", "");
	sol->folded = true;
	sol->id = 0;
	fx_add_child(sol, fx_para(63, "Linearly in N once the arrays outgrow the "
			    "caches: the secret answer."));
	fx_add_child(ex, sol);
	fx_page_add(p, ex);

	struct lesson_block *dd = fx_dir(66, LESSON_DIR_ADMONITION, "admonition",
				      "More detail");
	dd->folded = true;
	dd->id = 1;
	fx_add_child(dd, fx_para(67, "Hidden until unfolded."));
	fx_page_add(p, dd);
	p->nfolds = 2;
	p->nexercises = 1;

	struct lesson_block *k = fx_dir(70, LESSON_DIR_KERNEL, "kernel",
				     "sum --n 10M --dtype float64");
	k->id = 0;
	fx_add_child(k, fx_para(71, "Launch the four sum variants side by side."));
	fx_page_add(p, k);
	p->kernels = fx_xcalloc(1, sizeof *p->kernels);
	p->kernels[0].args = fx_xstrdup("sum --n 10M --dtype float64");
	p->kernels[0].name = fx_xstrdup("sum");
	p->kernels[0].line = 70;
	p->nkernels = 1;

	struct lesson_block *un = fx_dir(74, LESSON_DIR_UNKNOWN, "sidebar",
				      "Aside");
	fx_add_child(un, fx_para(75, "An unknown directive."));
	fx_page_add(p, un);
	struct lesson_block *hl = fx_dir(77, LESSON_DIR_HIGHLIGHT, "highlight",
				      "python");
	fx_page_add(p, hl);
	struct lesson_block *tt = fx_dir(79, LESSON_DIR_TOCTREE, "toctree", "");
	tt->items = fx_xcalloc(2, sizeof *tt->items);
	tt->items[0] = fx_xstrdup("01-intro");
	tt->items[1] = fx_xstrdup("02-single-core");
	tt->nitems = 2;
	fx_page_add(p, tt);
	struct lesson_block *in = fx_dir(82, LESSON_DIR_INSTRUCTOR_NOTE,
				      "instructor-note", "");
	fx_add_child(in, fx_para(83, "Take ten minutes."));
	fx_page_add(p, in);
	static const char *const csv[] = { "a", "b", "1", "2" };
	struct lesson_block *ct = fx_dir(85, LESSON_DIR_CSV_TABLE, "csv-table",
				      "Numbers");
	fx_add_child(ct, fx_table(86, 2, 2, true, csv));
	fx_page_add(p, ct);
	struct lesson_block *html = fx_blk(LESSON_HTML, 88);
	html->code = fx_xstrdup("<!-- a comment nobody sees -->");
	fx_page_add(p, html);
	struct lesson_block *kp = fx_dir(90, LESSON_DIR_KEYPOINTS, "keypoints", "");
	fx_add_child(kp, fx_list(91, false, 1, 1, "Measure before optimising."));
	fx_page_add(p, kp);
	return p;
}

/* ---- checking lines ---- */

struct layout *fx_lay_at(const struct lesson_page *p, int width, bool utf8,
			 int hscroll, const unsigned char *unf, size_t nunf)
{
	struct layout_opts o = { .width = width, .utf8 = utf8,
				 .hscroll = hscroll, .unfolded = unf,
				 .nunfolded = nunf };
	struct layout *lay = layout_page(p, &o);
	ck_assert_ptr_nonnull(lay);
	return lay;
}


/* The invariants every line of every layout keeps. */
void fx_check_lines(const struct layout *lay, int width)
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

long fx_find_line(const struct layout *lay, const char *needle)
{
	for (size_t i = 0; i < lay->nlines; i++)
		if (strstr(lay->lines[i].text, needle))
			return (long)i;
	return -1;
}

/* The style of the byte where needle starts in some line, or -1. */
int fx_style_of(const struct layout *lay, const char *needle, int *attr)
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

const struct layout_target *fx_target_of(const struct layout *lay,
					 enum layout_target_kind kind, int id)
{
	for (size_t t = 0; t < lay->ntargets; t++)
		if (lay->targets[t].kind == kind && lay->targets[t].id == id)
			return &lay->targets[t];
	return NULL;
}

