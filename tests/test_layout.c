/*
 * test_layout.c — the layout engine: widths, wrapping of wide and
 * combining characters, lists, boxes, folds, tables, code, targets.
 *
 * Most pages are built by hand (layout_fixture.c), so those tests pin
 * the layout down independently of the parser; the last ones lay out
 * Markdown parsed by liblesson, shipped lessons included.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "layout/layout.h"
#include "layout_fixture.h"

/* ---- tests ---- */

START_TEST(widths_hold_everywhere)
{
	struct lesson_page *p = fx_page_full(false);
	static const unsigned char all[2] = { 1, 1 };
	for (int w = 20; w <= 200; w++) {
		for (int mode = 0; mode < 4; mode++) {
			bool utf8 = mode != 3;
			int hs = mode == 1 ? 9 : mode == 2 ? 1000 : 0;
			struct layout *lay = fx_lay_at(p, w, utf8, hs,
						    mode & 1 ? all : NULL, 2);
			fx_check_lines(lay, w);
			layout_free(lay);
		}
	}
	fx_page_free(p);
}
END_TEST

START_TEST(narrow_widths_clamp)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 5, true, 0, NULL, 0);
	fx_check_lines(lay, 5);
	ck_assert_int_eq(lay->width, 20);
	layout_free(lay);
	fx_page_free(p);
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
	char *s = fx_xcalloc(n, 1), *o = s;
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
	char *s = fx_xstrdup(in), *o = s;
	for (const char *c = in; *c; c++)
		if (*c != ' ')
			*o++ = *c;
	*o = '\0';
	return s;
}

START_TEST(wide_and_combining_text_survives_wrapping)
{
	struct lesson_page *p = fx_page_full(false);
	static const struct { int line; const char *text; } cases[] = {
		{ 11, fx_cjk }, { 13, fx_combining }, { 15, fx_emoji },
	};
	for (int w = 20; w <= 200; w += 3) {
		struct layout *lay = fx_lay_at(p, w, true, 0, NULL, 0);
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
	fx_page_free(p);
}
END_TEST

START_TEST(header_and_inline_styles)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 100, true, 0, NULL, 0);
	ck_assert_str_eq(lay->lines[0].text, "Single-core performance");
	ck_assert_int_eq(lay->lines[0].runs[0].style, LAYOUT_TITLE);
	ck_assert_str_eq(lay->lines[1].text, "Teaching 30 min · Exercises 20 min");
	ck_assert_int_eq(lay->lines[1].runs[0].style, LAYOUT_META);
	ck_assert_int_eq(fx_find_line(lay, "Single-core performance"), 0);
	ck_assert(fx_find_line(lay, "Single-core performance") == 0);
	for (size_t i = 1; i < lay->nlines; i++)
		ck_assert(strcmp(lay->lines[i].text, "Single-core performance"));
	int attr = 0;
	ck_assert_int_eq(fx_style_of(lay, "emphasis", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_ITALIC);
	ck_assert_int_eq(fx_style_of(lay, "strong", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_BOLD);
	ck_assert_int_eq(fx_style_of(lay, "numpy.sum()", NULL), LAYOUT_CODE);
	ck_assert_int_eq(fx_style_of(lay, "gone", &attr), LAYOUT_TEXT);
	ck_assert(attr & LAYOUT_STRIKE);
	ck_assert_int_eq(fx_style_of(lay, "NumPy docs", NULL), LAYOUT_LINK);
	ck_assert_int_ge(fx_find_line(lay, "NumPy docs <https://numpy.org/doc/"), 0);
	ck_assert_int_eq(fx_style_of(lay, "<https://numpy.org", NULL), LAYOUT_URL);
	/* a link whose text is its URL is not repeated */
	ck_assert_int_lt(fx_find_line(lay, "<https://example.org>"), 0);
	ck_assert_int_ge(fx_find_line(lay, "https://example.org"), 0);
	/* the hard break starts a line */
	long hb = fx_find_line(lay, "after a hard break.");
	ck_assert_int_ge(hb, 0);
	ck_assert_str_eq(lay->lines[hb].text, "after a hard break.");
	ck_assert_int_eq(fx_style_of(lay, "Text from everywhere", &attr),
			 LAYOUT_HEADING);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

/* File names and dotted names are not broken at their dots. */
START_TEST(dotted_names_stay_whole)
{
	struct lesson_page *p = fx_page_new("Dots");
	fx_page_add(p, fx_para(2, "Save the script above as hello.sh and run "
			       "numpy.sum on it, see https://example.org/a/b"));
	for (int w = 20; w <= 60; w++) {
		struct layout *lay = fx_lay_at(p, w, true, 0, NULL, 0);
		ck_assert_int_ge(fx_find_line(lay, "hello.sh"), 0);
		ck_assert_int_ge(fx_find_line(lay, "numpy.sum"), 0);
		layout_free(lay);
	}
	fx_page_free(p);
}
END_TEST

START_TEST(lists_nest_with_bullets_and_numbers)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	long a = fx_find_line(lay, "• first level item");
	long b = fx_find_line(lay, "  ◦ nested item");
	long c = fx_find_line(lay, "    ▪ third level item");
	ck_assert_int_ge(a, 0);
	ck_assert_int_gt(b, a);
	ck_assert_int_gt(c, b);
	ck_assert_int_eq(fx_style_of(lay, "◦", NULL), LAYOUT_BULLET);
	ck_assert_int_ge(fx_find_line(lay, " 9. nine"), 0);
	ck_assert_int_ge(fx_find_line(lay, "10. [x] ten"), 0);
	ck_assert_int_ge(fx_find_line(lay, "11. [ ] eleven"), 0);
	layout_free(lay);
	/* continuation lines hang under the item's text */
	lay = fx_lay_at(p, 30, true, 0, NULL, 0);
	a = fx_find_line(lay, "• first level item");
	ck_assert_int_ge(a, 0);
	ck_assert(strncmp(lay->lines[a + 1].text, "  ", 2) == 0);
	ck_assert(lay->lines[a + 1].text[2] != ' ');
	layout_free(lay);
	lay = fx_lay_at(p, 80, false, 0, NULL, 0);
	ck_assert_int_ge(fx_find_line(lay, "* first level item"), 0);
	ck_assert_int_ge(fx_find_line(lay, "  - nested item"), 0);
	ck_assert_int_ge(fx_find_line(lay, "    + third level"), 0);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(solution_folds_to_one_line)
{
	struct lesson_page *p = fx_page_full(false);
	for (int w = 20; w <= 120; w += 10) {
		struct layout *lay = fx_lay_at(p, w, true, 0, NULL, 0);
		const struct layout_target *s = fx_target_of(lay,
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
		ck_assert_int_lt(fx_find_line(lay, "secret answer"), 0);
		ck_assert_int_lt(fx_find_line(lay, "Hidden until"), 0);
		layout_free(lay);
	}
	static const unsigned char unf[2] = { 1, 0 };
	struct layout *lay = fx_lay_at(p, 80, true, 0, unf, 2);
	const struct layout_target *s = fx_target_of(lay, LAYOUT_TARGET_SOLUTION, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert(!s->folded);
	ck_assert_uint_gt(s->last, s->first + 1);
	ck_assert_ptr_nonnull(strstr(lay->lines[s->first].text, "▾ Solution"));
	long ans = fx_find_line(lay, "secret answer");
	ck_assert_int_gt(ans, (long)s->first);
	ck_assert_int_lt(ans, (long)s->last);
	ck_assert_int_eq(lay->lines[ans].target, (int)(s - lay->targets));
	/* the dropdown stays folded, under its own title */
	const struct layout_target *d = fx_target_of(lay, LAYOUT_TARGET_SOLUTION, 1);
	ck_assert_ptr_nonnull(d);
	ck_assert(d->folded);
	ck_assert_ptr_nonnull(strstr(lay->lines[d->first].text,
				     "▸ More detail (folded — press s)"));
	layout_free(lay);
	lay = fx_lay_at(p, 80, false, 0, NULL, 0);
	ck_assert_int_ge(fx_find_line(lay, "> Solution (folded - press s)"), 0);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(targets_cover_their_lines)
{
	struct lesson_page *p = fx_page_full(false);
	static const unsigned char unf[2] = { 1, 1 };
	struct layout *lay = fx_lay_at(p, 80, true, 0, unf, 2);
	const struct layout_target *ex = fx_target_of(lay, LAYOUT_TARGET_EXERCISE, 0);
	ck_assert_ptr_nonnull(ex);
	int exi = (int)(ex - lay->targets);
	ck_assert_ptr_nonnull(strstr(lay->lines[ex->first].text,
				     "┌ Exercise 1  Scale N ─"));
	ck_assert_int_eq(lay->lines[ex->first].runs[0].style, LAYOUT_BOX_EXERCISE);
	ck_assert(strncmp(lay->lines[ex->last].text, "└", strlen("└")) == 0);
	ck_assert_str_eq(ex->title, "Scale N");
	const struct layout_target *so = fx_target_of(lay, LAYOUT_TARGET_SOLUTION, 0);
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
	const struct layout_target *k = fx_target_of(lay, LAYOUT_TARGET_KERNEL, 0);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->kernel_args, "sum --n 10M --dtype float64");
	ck_assert_str_eq(lay->lines[k->first].text,
			 "▶ [r] run: sum --n 10M --dtype float64");
	ck_assert_int_eq(lay->lines[k->first].runs[0].style, LAYOUT_KERNEL);
	long desc = fx_find_line(lay, "Launch the four sum variants");
	ck_assert_int_eq(desc, (long)k->last);
	ck_assert_int_eq(lay->lines[desc].target, (int)(k - lay->targets));
	/* src_line finds the place again */
	size_t at = layout_find_src_line(lay, 52);
	ck_assert_uint_eq(at, ex->first);
	ck_assert_uint_eq(layout_find_src_line(lay, 100000), lay->nlines);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(directives_render_as_boxes)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	int attr;
	ck_assert_int_ge(fx_find_line(lay, "┌ Questions ─"), 0);
	ck_assert_int_eq(fx_style_of(lay, "┌ Questions", &attr), LAYOUT_BOX_KEY);
	ck_assert_int_eq(fx_style_of(lay, "┌ Keypoints", &attr), LAYOUT_BOX_KEY);
	ck_assert_int_eq(fx_style_of(lay, "┌ Instructor note", &attr),
			 LAYOUT_BOX_INSTRUCTOR);
	ck_assert_int_eq(fx_style_of(lay, "┌ Warning", &attr), LAYOUT_BOX_WARNING);
	ck_assert_int_eq(fx_style_of(lay, "┌ sidebar  Aside", &attr),
			 LAYOUT_BOX_NOTE);
	ck_assert_int_ge(fx_find_line(lay, "│ An unknown directive."), 0);
	ck_assert_int_ge(fx_find_line(lay, "• 01-intro"), 0);
	ck_assert_int_lt(fx_find_line(lay, "highlight"), 0);
	ck_assert_int_lt(fx_find_line(lay, "comment nobody sees"), 0);
	ck_assert_int_ge(fx_find_line(lay, "Numbers"), 0);
	/* three boxes deep */
	ck_assert_int_ge(fx_find_line(lay, "│ │ ┌ Warning"), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ │ │ Three boxes deep"), 0);
	layout_free(lay);
	lay = fx_lay_at(p, 40, true, 0, NULL, 0);
	ck_assert_int_ge(fx_find_line(lay, "│ │ │ Three boxes"), 0);
	long l = fx_find_line(lay, "│ │ │ Three boxes");
	ck_assert_uint_eq(lay->lines[l].width, 40);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(ascii_mode_is_ascii)
{
	struct lesson_page *p = fx_page_full(true);
	static const unsigned char all[2] = { 1, 1 };
	for (int w = 20; w <= 200; w += 7) {
		for (int u = 0; u < 2; u++) {
			struct layout *lay = fx_lay_at(p, w, false, u ? 5 : 0,
						    u ? all : NULL, 2);
			fx_check_lines(lay, w);
			for (size_t i = 0; i < lay->nlines; i++)
				for (const char *c = lay->lines[i].text; *c; c++)
					REQUIRE((unsigned char)*c < 0x80,
						"non-ASCII in \"%s\"",
						lay->lines[i].text);
			layout_free(lay);
		}
	}
	fx_page_free(p);
}
END_TEST

START_TEST(code_is_cut_and_scrolled)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 60, true, 0, NULL, 0);
	ck_assert(lay->has_wide);
	long i = fx_find_line(lay, "total = sum(");
	ck_assert_int_ge(i, 0);
	const struct layout_line *l = &lay->lines[i];
	ck_assert_uint_eq(l->width, 60);
	ck_assert(l->flags & LAYOUT_CLIPPED_RIGHT);
	ck_assert(!(l->flags & LAYOUT_CLIPPED_LEFT));
	ck_assert_str_eq(l->text + l->len - strlen("›"), "›");
	ck_assert_int_eq(l->runs[l->nruns - 1].style, LAYOUT_MARK);
	/* short code lines are untouched */
	long d = fx_find_line(lay, "def f(x):");
	ck_assert_int_eq(lay->lines[d].flags, 0);
	layout_free(lay);

	lay = fx_lay_at(p, 60, true, 20, NULL, 0);
	/* columns 21.. of the line follow the mark */
	char want[16];
	memcpy(want, "‹", strlen("‹"));
	memcpy(want + strlen("‹"), &LONG_CODE[21], 10);
	want[strlen("‹") + 10] = '\0';
	i = fx_find_line(lay, want);
	ck_assert_int_ge(i, 0);
	l = &lay->lines[i];
	ck_assert_uint_eq(l->flags, LAYOUT_CLIPPED_LEFT | LAYOUT_CLIPPED_RIGHT);
	ck_assert_uint_eq(l->width, 60);
	ck_assert_ptr_null(strstr(l->text, "total = sum("));
	/* a line shorter than the scroll shows only the mark */
	i = fx_find_line(lay, "def f(x)");
	ck_assert_int_lt(i, 0);
	layout_free(lay);

	/* scrolled to the end, the end shows and nothing is cut on the right */
	lay = fx_lay_at(p, 60, true, 100000, NULL, 0);
	i = fx_find_line(lay, "scrolls to see its end");
	ck_assert_int_ge(i, 0);
	ck_assert(!(lay->lines[i].flags & LAYOUT_CLIPPED_RIGHT));
	int max = lay->hscroll_max;
	ck_assert_int_gt(max, 0);
	/* hscroll_max is where scrolling stops changing anything */
	struct layout *a = fx_lay_at(p, 60, true, max, NULL, 0);
	struct layout *b = fx_lay_at(p, 60, true, max - 1, NULL, 0);
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
	struct lesson_page *q = fx_page_new("Small");
	fx_page_add(q, fx_para(2, "Short."));
	fx_page_add(q, fx_code(3, "python", "x = 1"));
	lay = fx_lay_at(q, 80, true, 10, NULL, 0);
	ck_assert(!lay->has_wide);
	ck_assert_int_eq(lay->hscroll_max, 0);
	ck_assert_int_ge(fx_find_line(lay, "  x = 1"), 0);
	layout_free(lay);
	fx_page_free(q);
	fx_page_free(p);
}
END_TEST

START_TEST(snippet_names_show)
{
	struct lesson_page *p = fx_page_new("Names");
	struct lesson_block *c = fx_code(2, "python", "print(1)");
	free(c->info);
	c->info = fx_xstrdup("run name=hello.py");
	fx_page_add(p, c);
	struct layout *lay = fx_lay_at(p, 40, true, 0, NULL, 0);
	long i = fx_find_line(lay, "  hello.py:");
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(lay->lines[i + 1].text, "  print(1)");
	ck_assert_int_eq(fx_style_of(lay, "hello.py", NULL), LAYOUT_META);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(csv_widths_weigh_columns)
{
	static const char *const cells[] = {
		"a", "b",
		"one two three four five six seven eight nine ten",
		"one two three four five six seven eight nine ten",
	};
	struct lesson_page *p = fx_page_new("Widths");
	struct lesson_block *t = fx_table(2, 2, 2, true, cells);
	fx_page_add(p, t);
	struct layout *lay = fx_lay_at(p, 41, true, 0, NULL, 0);
	fx_check_lines(lay, 41);
	long top = fx_find_line(lay, "┌");
	ck_assert_int_ge(top, 0);
	/* equal wants: equal columns */
	ck_assert_str_eq(lay->lines[top].text,
			 "┌───────────────────┬───────────────────┐");
	layout_free(lay);
	t->widths = fx_xcalloc(2, sizeof *t->widths);
	t->widths[0] = 3;
	t->widths[1] = 1;
	lay = fx_lay_at(p, 40, true, 0, NULL, 0);
	fx_check_lines(lay, 40);
	top = fx_find_line(lay, "┌");
	const char *mid = strstr(lay->lines[top].text, "┬");
	ck_assert_ptr_nonnull(mid);
	/* the first column, weighted 3 to 1, is the wider */
	ck_assert_int_gt(layout_str_width(lay->lines[top].text,
					  (size_t)(mid - lay->lines[top].text)),
			 22);
	ck_assert_uint_eq(lay->lines[top].width, 40);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

/* The first and last keyword of each language's table: the tables are
 * searched by bisection, so an unsorted row would go unnoticed. */
START_TEST(keywords_of_every_language)
{
	static const struct { const char *lang, *code, *kw[3]; } cases[] = {
		{ "python", "False if x else yield", { "False", "yield", "if" } },
		{ "c", "_Alignas while int x", { "_Alignas", "while", "int" } },
		{ "bash", "case x in esac; while true; do :; done",
		  { "case", "while", "done" } },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct lesson_page *p = fx_page_new("Keywords");
		fx_page_add(p, fx_code(2, cases[c].lang, cases[c].code));
		struct layout *lay = fx_lay_at(p, 80, true, 0, NULL, 0);
		for (int k = 0; k < 3; k++)
			ck_assert_msg(fx_style_of(lay, cases[c].kw[k], NULL)
				      == LAYOUT_KEYWORD, "%s: %s", cases[c].lang,
				      cases[c].kw[k]);
		ck_assert_int_eq(fx_style_of(lay, "x", NULL), LAYOUT_CODE);
		layout_free(lay);
		fx_page_free(p);
	}
}
END_TEST

START_TEST(code_is_highlighted)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 100, true, 0, NULL, 0);
	ck_assert_int_eq(fx_style_of(lay, "def f", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(fx_style_of(lay, "return \"str\"", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(fx_style_of(lay, "\"str\"", NULL), LAYOUT_STRING);
	ck_assert_int_eq(fx_style_of(lay, "'q'", NULL), LAYOUT_STRING);
	ck_assert_int_eq(fx_style_of(lay, "# comment", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(fx_style_of(lay, "42", NULL), LAYOUT_NUMBER);
	ck_assert_int_eq(fx_style_of(lay, "f(x)", NULL), LAYOUT_CODE);
	ck_assert_int_eq(fx_style_of(lay, "#include", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(fx_style_of(lay, "int main", NULL), LAYOUT_KEYWORD);
	ck_assert_int_eq(fx_style_of(lay, "/* hi */", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(fx_style_of(lay, "$ python3", NULL), LAYOUT_PROMPT);
	ck_assert_int_eq(fx_style_of(lay, "# run", NULL), LAYOUT_COMMENT);
	ck_assert_int_eq(fx_style_of(lay, "sum = 45", NULL), LAYOUT_OUTPUT);
	ck_assert_int_eq(fx_style_of(lay, "\"done\"", NULL), LAYOUT_STRING);
	layout_free(lay);
	fx_page_free(p);
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
	struct lesson_page *p = fx_page_full(false);
	bool clipped;
	struct layout *lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	check_table(lay, 44, &clipped);
	ck_assert(!clipped);
	ck_assert_int_ge(fx_find_line(lay, "┌────────────┬────────┬────────────┐"), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ variant    │   time │ note       │"), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ boxed loop │  1.9 s │ for x in a │"), 0);
	ck_assert_int_eq(fx_style_of(lay, "variant", NULL), LAYOUT_TABLE_HEAD);
	ck_assert_int_eq(fx_style_of(lay, "for x in a", NULL), LAYOUT_CODE);
	ck_assert_int_eq(fx_style_of(lay, "┌──", NULL), LAYOUT_TABLE_BORDER);
	layout_free(lay);
	int fits = 0, clips = 0;
	for (int w = 20; w <= 200; w++) {
		lay = fx_lay_at(p, w, true, 0, NULL, 0);
		check_table(lay, 43, &clipped);
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
	lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	check_table(lay, 48, &clipped);
	ck_assert(!clipped);
	ck_assert_int_ge(fx_find_line(lay, "│ sum    │ interp"), 0);
	layout_free(lay);
	lay = fx_lay_at(p, 30, true, 7, NULL, 0);
	check_table(lay, 48, &clipped);
	ck_assert(clipped);
	ck_assert(lay->has_wide);
	layout_free(lay);
	fx_page_free(p);
}
END_TEST

START_TEST(write_text_strips_trailing_spaces)
{
	struct lesson_page *p = fx_page_full(false);
	struct layout *lay = fx_lay_at(p, 72, true, 0, NULL, 0);
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
	fx_page_free(p);
}
END_TEST

START_TEST(empty_and_odd_pages)
{
	struct lesson_page *p = fx_page_new("");
	struct layout *lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	ck_assert_uint_eq(lay->nlines, 1);          /* never no lines */
	layout_free(lay);
	free(p->title);
	p->title = fx_xstrdup("Only a title");
	lay = fx_lay_at(p, 80, true, 0, NULL, 0);
	ck_assert_uint_eq(lay->nlines, 1);
	ck_assert_str_eq(lay->lines[0].text, "Only a title");
	layout_free(lay);
	/* an empty box, an empty item, a directive at depth, odd bytes */
	struct lesson_block *d = fx_dir(2, LESSON_DIR_NOTE, "note", "");
	fx_page_add(p, d);
	struct lesson_block *l = fx_blk(LESSON_LIST, 3);
	fx_add_child(l, fx_blk(LESSON_ITEM, 3));
	fx_page_add(p, l);
	struct lesson_block *outer = fx_dir(4, LESSON_DIR_NOTE, "note", "");
	struct lesson_block *cur = outer;
	for (int i = 0; i < 40; i++) {
		struct lesson_block *in = fx_dir(5 + i, LESSON_DIR_WARNING, "warning",
					      "deep");
		fx_add_child(cur, in);
		cur = in;
	}
	fx_add_child(cur, fx_para(50, "bottom"));
	fx_page_add(p, outer);
	/* lists nested deep, with long numbers and task boxes, holding boxes */
	struct lesson_block *top = fx_list(51, true, 99998, 1, "item");
	struct lesson_block *in = top;
	for (int i = 0; i < 12; i++) {
		struct lesson_block *it = in->children[0];
		it->task = i & 1;
		struct lesson_block *box = fx_dir(52, LESSON_DIR_EXERCISE, "exercise",
					       "a box in a list");
		box->id = i;
		fx_add_child(box, fx_para(52, "wide 漢字漢字漢字漢字 text"));
		struct lesson_block *sub = fx_list(52, i & 1, 99990 + (unsigned)i, 2,
						"x", "y");
		fx_add_child(it, box);
		fx_add_child(it, sub);
		in = sub;
	}
	fx_page_add(p, top);
	fx_page_add(p, fx_para(60, "bad \x01 bytes \xff\xfe and a\ttab"));
	fx_page_add(p, fx_code(61, "", "tab\there \x7f \xc3"));
	for (int w = 20; w <= 200; w += 13) {
		lay = fx_lay_at(p, w, w % 2, 3, NULL, 0);
		fx_check_lines(lay, w);
		ck_assert_int_ge(fx_find_line(lay, "bottom"), 0);
		layout_free(lay);
	}
	fx_page_free(p);
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
	struct layout *lay = fx_lay_at(p, 60, true, 0, NULL, 0);
	fx_check_lines(lay, 60);
	ck_assert_str_eq(lay->lines[0].text, "Parsed page");
	ck_assert_str_eq(lay->lines[1].text, "Teaching 10 min · Exercises 5 min");
	ck_assert_int_ge(fx_find_line(lay, "link <https://hpc.example/docs>"), 0);
	ck_assert_int_eq(fx_style_of(lay, "code", NULL), LAYOUT_CODE);
	const struct layout_target *ex = fx_target_of(lay, LAYOUT_TARGET_EXERCISE, 0);
	ck_assert_ptr_nonnull(ex);
	ck_assert_ptr_nonnull(strstr(lay->lines[ex->first].text,
				     "┌ Exercise 1  Outer"));
	ck_assert_int_ge(fx_find_line(lay, "│ │ │ Deep inside."), 0);
	ck_assert_int_eq(fx_style_of(lay, "inside", NULL), LAYOUT_TEXT);
	/* the solution after the exercise folds inside it */
	long sol = fx_find_line(lay, "│ ▸ Solution (folded — press s)");
	ck_assert_int_gt(sol, (long)ex->first);
	ck_assert_int_lt(sol, (long)ex->last);
	ck_assert_int_ge(fx_find_line(lay, "Timings"), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ variant │ time   │"), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ numpy   │ 9.8 ms │"), 0);
	ck_assert_int_ge(fx_find_line(lay, "▶ [r] run: sum --n 10M --dtype float64"), 0);
	ck_assert_int_ge(fx_find_line(lay, "▸ Details (folded — press s)"), 0);
	ck_assert_int_eq(fx_style_of(lay, "$ ", NULL), LAYOUT_PROMPT);
	ck_assert_int_eq(fx_style_of(lay, "4.5", NULL), LAYOUT_OUTPUT);
	layout_free(lay);

	unsigned char all[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	lay = fx_lay_at(p, 60, true, 0, all, (size_t)p->nfolds);
	ck_assert_int_ge(fx_find_line(lay, "│ │ The answer follows the exercise."), 0);
	ck_assert_int_ge(fx_find_line(lay, "│ Hidden."), 0);
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
			struct layout *lay = fx_lay_at(p, w, w & 1, w & 4, NULL, 0);
			fx_check_lines(lay, w);
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
	char *s = fx_xcalloc(n, 1);
	snprintf(s, n, "%s/%s", top, rel);
	return s;
}

static void check_file(const char *path)
{
	struct lesson_page *p = lesson_page_load(path, NULL);
	ck_assert_msg(p != NULL, "cannot load %s", path);
	unsigned char *all = fx_xcalloc((size_t)p->nfolds + 1, 1);
	memset(all, 1, (size_t)p->nfolds + 1);
	for (int w = 20; w <= 200; w++) {
		struct layout *lay = fx_lay_at(p, w, w % 3 != 0, w % 5 ? 0 : 11,
					    w & 1 ? all : NULL,
					    (size_t)p->nfolds);
		fx_check_lines(lay, w);
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
	tcase_add_test(tc, dotted_names_stay_whole);
	tcase_add_test(tc, lists_nest_with_bullets_and_numbers);
	tcase_add_test(tc, solution_folds_to_one_line);
	tcase_add_test(tc, targets_cover_their_lines);
	tcase_add_test(tc, directives_render_as_boxes);
	tcase_add_test(tc, ascii_mode_is_ascii);
	tcase_add_test(tc, code_is_cut_and_scrolled);
	tcase_add_test(tc, code_is_highlighted);
	tcase_add_test(tc, keywords_of_every_language);
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
