/*
 * test_lesson.c — the lesson parser, as an author and a learner see it:
 * what each directive becomes, how fences nest, where errors point.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson/lesson.h"

static struct lesson_diags diags;

static struct lesson_page *parse(const char *src)
{
	lesson_diags_clear(&diags);
	struct lesson_page *pg = lesson_page_parse("t.md", src, strlen(src),
						   &diags);
	ck_assert_ptr_nonnull(pg);
	return pg;
}

/* The n-th block (pre-order) of a kind, directives by directive kind. */
static const struct lesson_block *walk(const struct lesson_block *b,
				       enum lesson_block_kind kind, int dir,
				       int *n)
{
	if (b->kind == kind && (dir < 0 || (int)b->directive == dir) &&
	    (*n)-- == 0)
		return b;
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct lesson_block *r = walk(b->children[i], kind, dir, n);
		if (r)
			return r;
	}
	return NULL;
}

static const struct lesson_block *find(const struct lesson_page *pg,
				       enum lesson_block_kind kind, int dir,
				       int n)
{
	for (size_t i = 0; i < pg->nblocks; i++) {
		const struct lesson_block *r = walk(pg->blocks[i], kind, dir, &n);
		if (r)
			return r;
	}
	return NULL;
}

static const struct lesson_block *dir(const struct lesson_page *pg,
				      enum lesson_directive d, int n)
{
	return find(pg, LESSON_DIRECTIVE, (int)d, n);
}

/* The diagnostic whose message contains text, or NULL. */
static const struct lesson_diag *diag_with(const char *text)
{
	for (size_t i = 0; i < diags.n; i++)
		if (strstr(diags.v[i].message, text))
			return &diags.v[i];
	return NULL;
}

static size_t nwarnings(void)
{
	return diags.n - lesson_diags_errors(&diags);
}

static char *fixture(const char *name, size_t *len)
{
	const char *top = getenv("abs_top_srcdir");
	if (!top)
		top = getenv("top_srcdir");
	if (!top)
		top = ".";
	char path[8400];
	snprintf(path, sizeof path, "%s/tests/data/lesson/%s", top, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	char *buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

START_TEST(every_directive)
{
	static const struct {
		const char *name;
		enum lesson_directive d;
	} all[] = {
		{ "questions", LESSON_DIR_QUESTIONS },
		{ "objectives", LESSON_DIR_OBJECTIVES },
		{ "prereq", LESSON_DIR_PREREQ },
		{ "keypoints", LESSON_DIR_KEYPOINTS },
		{ "exercise", LESSON_DIR_EXERCISE },
		{ "solution", LESSON_DIR_SOLUTION },
		{ "discussion", LESSON_DIR_DISCUSSION },
		{ "callout", LESSON_DIR_CALLOUT },
		{ "important", LESSON_DIR_IMPORTANT },
		{ "note", LESSON_DIR_NOTE },
		{ "warning", LESSON_DIR_WARNING },
		{ "instructor-note", LESSON_DIR_INSTRUCTOR_NOTE },
		{ "type-along", LESSON_DIR_TYPE_ALONG },
		{ "admonition", LESSON_DIR_ADMONITION },
	};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		char src[256];
		snprintf(src, sizeof src,
			 "Intro.\n\n```{%s} A title\nBody of *%s*.\n```\n",
			 all[i].name, all[i].name);
		struct lesson_page *pg = parse(src);
		ck_assert_uint_eq(pg->nblocks, 2);
		const struct lesson_block *b = pg->blocks[1];
		ck_assert_int_eq(b->kind, LESSON_DIRECTIVE);
		ck_assert_int_eq(b->directive, all[i].d);
		ck_assert_str_eq(b->name, all[i].name);
		ck_assert_str_eq(b->title, "A title");
		ck_assert_int_eq(b->line, 3);
		ck_assert_uint_eq(b->nchildren, 1);
		ck_assert_int_eq(b->children[0]->kind, LESSON_PARAGRAPH);
		ck_assert_int_eq(b->children[0]->line, 4);
		ck_assert_str_eq(lesson_directive_name(all[i].d), all[i].name);
		ck_assert_uint_eq(diags.n, 0);
		lesson_page_free(pg);
	}
}
END_TEST

START_TEST(directive_names)
{
	ck_assert_int_eq(lesson_directive_lookup("Exercise", 8),
			 LESSON_DIR_EXERCISE);
	ck_assert_int_eq(lesson_directive_lookup("KEYPOINTS", 9),
			 LESSON_DIR_KEYPOINTS);
	ck_assert_int_eq(lesson_directive_lookup("instructor_note", 15),
			 LESSON_DIR_UNKNOWN);
	ck_assert_int_eq(lesson_directive_lookup("csv-table", 9),
			 LESSON_DIR_CSV_TABLE);

	/* Unknown directives are boxes with their name and a parsed body. */
	struct lesson_page *pg = parse("```{tip} Handy\n:class: foo\n\nA *tip*.\n```\n");
	const struct lesson_block *b = pg->blocks[0];
	ck_assert_int_eq(b->directive, LESSON_DIR_UNKNOWN);
	ck_assert_str_eq(b->name, "tip");
	ck_assert_str_eq(b->title, "Handy");
	ck_assert_str_eq(lesson_block_option(b, "class"), "foo");
	ck_assert_uint_eq(b->nchildren, 1);
	ck_assert_str_eq(b->children[0]->text.s, "A tip.");
	ck_assert_uint_eq(diags.n, 0);
	lesson_page_free(pg);

	/* Tabs in a title never reach the screen as tabs. */
	pg = parse("```{note}\tTab\there\nx\n```\n");
	ck_assert_str_eq(pg->blocks[0]->title, "Tab here");
	lesson_page_free(pg);
}
END_TEST

START_TEST(nesting_backticks)
{
	struct lesson_page *pg = parse(
		"``````{exercise} Outer\n"      /* 1 */
		"Text.\n"                         /* 2 */
		"`````{note}\n"                   /* 3 */
		"````{warning}\n"                 /* 4 */
		"```python\n"                     /* 5 */
		"x = 1\n"                         /* 6 */
		"```\n"                           /* 7 */
		"````\n"                          /* 8 */
		"`````\n"                         /* 9 */
		"``````\n"                        /* 10 */
		"After.\n");                      /* 11 */
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_uint_eq(pg->nblocks, 2);
	const struct lesson_block *ex = pg->blocks[0];
	ck_assert_int_eq(ex->directive, LESSON_DIR_EXERCISE);
	const struct lesson_block *note = ex->children[1];
	ck_assert_int_eq(note->directive, LESSON_DIR_NOTE);
	ck_assert_int_eq(note->line, 3);
	const struct lesson_block *warn = note->children[0];
	ck_assert_int_eq(warn->directive, LESSON_DIR_WARNING);
	ck_assert_int_eq(warn->line, 4);
	const struct lesson_block *code = warn->children[0];
	ck_assert_int_eq(code->kind, LESSON_CODE);
	ck_assert_str_eq(code->lang, "python");
	ck_assert_str_eq(code->code, "x = 1");
	ck_assert_int_eq(code->line, 5);
	ck_assert_str_eq(pg->blocks[1]->text.s, "After.");
	ck_assert_int_eq(pg->blocks[1]->line, 11);
	lesson_page_free(pg);
}
END_TEST

START_TEST(nesting_colons)
{
	struct lesson_page *pg = parse(
		"::::::{exercise} Outer\n"       /* 1 */
		"Text.\n"                         /* 2 */
		":::::{note}\n"                   /* 3 */
		"::::{warning} Deep\n"            /* 4 */
		"```c\n"                          /* 5 */
		"int x;\n"                        /* 6 */
		"```\n"                           /* 7 */
		"Deep text.\n"                    /* 8 */
		"::::\n"                          /* 9 */
		":::::\n"                         /* 10 */
		"::::::\n"                        /* 11 */
		"After.\n");                      /* 12 */
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_uint_eq(pg->nblocks, 2);
	const struct lesson_block *warn = dir(pg, LESSON_DIR_WARNING, 0);
	ck_assert_ptr_nonnull(warn);
	ck_assert_str_eq(warn->title, "Deep");
	ck_assert_int_eq(warn->line, 4);
	ck_assert_uint_eq(warn->nchildren, 2);
	ck_assert_str_eq(warn->children[0]->code, "int x;");
	ck_assert_int_eq(warn->children[1]->line, 8);
	ck_assert_ptr_eq(dir(pg, LESSON_DIR_NOTE, 0)->children[0], warn);
	ck_assert_str_eq(pg->blocks[1]->text.s, "After.");
	lesson_page_free(pg);

	/* A colon fence's title may hold `code` (a backtick fence's can't). */
	pg = parse("Para.\n\n---\n\n:::{exercise} Use `np.sum`\nBody\n```\nx\n```\n:::\n");
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_int_eq(pg->blocks[1]->kind, LESSON_RULE);
	ck_assert_int_eq(pg->blocks[1]->line, 3);
	const struct lesson_block *ex = pg->blocks[2];
	ck_assert_str_eq(ex->title, "Use `np.sum`");
	ck_assert_uint_eq(ex->nchildren, 2);
	ck_assert_str_eq(ex->children[1]->code, "x");
	ck_assert_int_eq(ex->children[1]->line, 7);
	lesson_page_free(pg);
}
END_TEST

START_TEST(nesting_mixed)
{
	/* Colons outside backticks outside colons; the inner code fence is
	 * as long as the backtick directive's: the pre-pass must lengthen. */
	struct lesson_page *pg = parse(
		"::::{exercise} Mixed\n"          /* 1 */
		"```{note}\n"                     /* 2 */
		":::{warning}\n"                  /* 3 */
		"```python\n"                     /* 4 */
		"print(1)\n"                      /* 5 */
		"```\n"                           /* 6 */
		":::\n"                           /* 7 */
		"Note text.\n"                    /* 8 */
		"```\n"                           /* 9 */
		"::::\n"                          /* 10 */
		"\n"
		"````{important}\n"               /* 12 */
		":::{callout} Inside\n"           /* 13 */
		"Callout text.\n"                 /* 14 */
		":::\n"                           /* 15 */
		"````\n");                        /* 16 */
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_uint_eq(pg->nblocks, 2);
	const struct lesson_block *note = dir(pg, LESSON_DIR_NOTE, 0);
	ck_assert_ptr_eq(pg->blocks[0]->children[0], note);
	const struct lesson_block *warn = note->children[0];
	ck_assert_int_eq(warn->directive, LESSON_DIR_WARNING);
	ck_assert_str_eq(warn->children[0]->code, "print(1)");
	ck_assert_int_eq(warn->children[0]->line, 4);
	ck_assert_str_eq(note->children[1]->text.s, "Note text.");
	ck_assert_int_eq(note->children[1]->line, 8);
	const struct lesson_block *co = dir(pg, LESSON_DIR_CALLOUT, 0);
	ck_assert_ptr_eq(pg->blocks[1]->children[0], co);
	ck_assert_str_eq(co->title, "Inside");
	ck_assert_int_eq(co->children[0]->line, 14);
	lesson_page_free(pg);
}
END_TEST

START_TEST(solution_folding)
{
	struct lesson_page *pg = parse(
		"```{exercise} One\nDo it.\n```\n\n"
		"```{solution}\nDone.\n```\n\n"
		"````{exercise} Two\nAgain.\n```{solution}\nInside.\n```\n````\n\n"
		"Between.\n\n"
		"```{solution} Lonely\nNo exercise before me.\n```\n\n"
		"```{admonition} More\n:class: dropdown\n\nFolded too.\n```\n");
	ck_assert_uint_eq(diags.n, 0);
	/* The first solution moved into its exercise, as the last child. */
	ck_assert_uint_eq(pg->nblocks, 5);
	const struct lesson_block *one = pg->blocks[0];
	ck_assert_int_eq(one->directive, LESSON_DIR_EXERCISE);
	ck_assert_int_eq(one->id, 0);
	ck_assert_uint_eq(one->nchildren, 2);
	const struct lesson_block *s1 = one->children[1];
	ck_assert_int_eq(s1->directive, LESSON_DIR_SOLUTION);
	ck_assert(s1->folded);
	ck_assert_int_eq(s1->id, 0);
	ck_assert_int_eq(s1->line, 5);
	const struct lesson_block *two = pg->blocks[1];
	ck_assert_int_eq(two->id, 1);
	ck_assert_int_eq(two->children[two->nchildren - 1]->id, 1);
	/* A solution outside any exercise still folds on its own. */
	const struct lesson_block *lone = pg->blocks[3];
	ck_assert_int_eq(lone->directive, LESSON_DIR_SOLUTION);
	ck_assert(lone->folded);
	ck_assert_int_eq(lone->id, 2);
	const struct lesson_block *dd = pg->blocks[4];
	ck_assert(dd->folded);
	ck_assert_int_eq(dd->id, 3);
	ck_assert_str_eq(dd->title, "More");
	ck_assert_int_eq(pg->nfolds, 4);
	ck_assert_int_eq(pg->nexercises, 2);
	lesson_page_free(pg);

	/* An exercise keeps its number even when asked to fold. */
	pg = parse("```{exercise}\n:class: dropdown\nText.\n```\n");
	ck_assert(!pg->blocks[0]->folded);
	ck_assert_int_eq(pg->blocks[0]->id, 0);
	ck_assert_int_eq(pg->nfolds, 0);
	lesson_page_free(pg);
}
END_TEST

START_TEST(options)
{
	struct lesson_page *pg = parse(
		"```{note} Opts\n"        /* 1 */
		":class: dropdown\n"      /* 2 */
		":bogus: 1\n"             /* 3 */
		"Body on line four.\n"    /* 4 */
		"```\n"
		"\n"
		"```{warning}\n"          /* 7 */
		"---\n"
		"class: dropdown\n"
		"name: w1\n"
		"---\n"
		"Body on line twelve.\n"  /* 12 */
		"```\n");
	const struct lesson_block *n = pg->blocks[0];
	ck_assert_uint_eq(n->noptions, 2);
	ck_assert_str_eq(lesson_block_option(n, "class"), "dropdown");
	ck_assert_ptr_null(lesson_block_option(n, "missing"));
	ck_assert(n->folded);
	ck_assert_uint_eq(n->nchildren, 1);
	ck_assert_str_eq(n->children[0]->text.s, "Body on line four.");
	ck_assert_int_eq(n->children[0]->line, 4);
	const struct lesson_diag *d = diag_with("bogus");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->line, 3);
	ck_assert(!d->error);
	const struct lesson_block *w = pg->blocks[1];
	ck_assert_str_eq(lesson_block_option(w, "name"), "w1");
	ck_assert(w->folded);
	ck_assert_uint_eq(w->nchildren, 1);
	ck_assert_int_eq(w->children[0]->line, 12);
	ck_assert_uint_eq(diags.n, 1);
	lesson_page_free(pg);
}
END_TEST

START_TEST(tables)
{
	struct lesson_page *pg = parse(
		"| left | centre | right | plain |\n"
		"|:-----|:------:|------:|-------|\n"
		"| `np.sum` | **b** | 3 |\n"
		"| a | b | c | d |\n"
		"| only |\n");
	ck_assert_uint_eq(pg->nblocks, 1);
	const struct lesson_block *t = pg->blocks[0];
	ck_assert_int_eq(t->kind, LESSON_TABLE);
	ck_assert(t->header);
	ck_assert_uint_eq(t->nrows, 4);
	ck_assert_uint_eq(t->ncols, 4);
	ck_assert_int_eq(t->align[0], LESSON_ALIGN_LEFT);
	ck_assert_int_eq(t->align[1], LESSON_ALIGN_CENTER);
	ck_assert_int_eq(t->align[2], LESSON_ALIGN_RIGHT);
	ck_assert_int_eq(t->align[3], LESSON_ALIGN_DEFAULT);
	const struct lesson_text *c = &t->cells[1 * 4 + 0];
	ck_assert_str_eq(c->s, "np.sum");
	ck_assert_uint_eq(c->nruns, 1);
	ck_assert(c->runs[0].attr & LESSON_ATTR_CODE);
	ck_assert(t->cells[1 * 4 + 1].runs[0].attr & LESSON_STRONG);
	/* Ragged rows are padded with empty cells. */
	ck_assert_str_eq(t->cells[1 * 4 + 3].s, "");
	ck_assert_str_eq(t->cells[3 * 4 + 0].s, "only");
	ck_assert_str_eq(t->cells[3 * 4 + 1].s, "");
	ck_assert_int_eq(t->line, 1);
	lesson_page_free(pg);

	/* A wide table keeps every column. */
	char src[4096] = "", *p = src;
	for (int r = 0; r < 3; r++) {
		for (int col = 0; col < 30; col++)
			p += r == 1 ? sprintf(p, "| --- ")
				    : sprintf(p, "| c%d ", col);
		p += sprintf(p, "|\n");
	}
	pg = parse(src);
	t = pg->blocks[0];
	ck_assert_uint_eq(t->ncols, 30);
	ck_assert_uint_eq(t->nrows, 2);
	ck_assert_str_eq(t->cells[29].s, "c29");
	lesson_page_free(pg);
}
END_TEST

START_TEST(csv_table)
{
	struct lesson_page *pg = parse(
		"```{csv-table} Results\n"
		":header: \"Variant\", \"Time, s\"\n"
		":widths: 3, 1\n"
		"\n"
		"\"boxed, loop\", 1.9\n"
		"`blas`, \"say \"\"fast\"\"\"\n"
		"ragged\n"
		"```\n"
		"\n"
		"```{csv-table}\n"
		":delim: tab\n"
		"a\tb c\n"
		"```\n"
		"\n"
		"```{csv-table}\n"
		":delim: ;\n"
		":widths: 1\n"
		"x;y\n"
		"```\n"
		"\n"
		"````{csv-table}\n"
		"```{kernel} sum\n"
		"````\n");
	const struct lesson_block *d = dir(pg, LESSON_DIR_CSV_TABLE, 0);
	ck_assert_str_eq(d->title, "Results");
	ck_assert_uint_eq(d->nchildren, 1);
	const struct lesson_block *t = d->children[0];
	ck_assert_int_eq(t->kind, LESSON_TABLE);
	ck_assert(t->header);
	ck_assert_uint_eq(t->nrows, 4);
	ck_assert_uint_eq(t->ncols, 2);
	ck_assert_str_eq(t->cells[0].s, "Variant");
	ck_assert_str_eq(t->cells[1].s, "Time, s");
	ck_assert_str_eq(t->cells[2].s, "boxed, loop");
	ck_assert_str_eq(t->cells[3].s, "1.9");
	ck_assert_str_eq(t->cells[4].s, "blas");
	ck_assert(t->cells[4].runs[0].attr & LESSON_ATTR_CODE);
	ck_assert_str_eq(t->cells[5].s, "say \"fast\"");
	ck_assert_str_eq(t->cells[6].s, "ragged");
	ck_assert_str_eq(t->cells[7].s, "");
	ck_assert_ptr_nonnull(t->widths);
	ck_assert_uint_eq(t->widths[0], 3);
	ck_assert_uint_eq(t->widths[1], 1);

	t = dir(pg, LESSON_DIR_CSV_TABLE, 1)->children[0];
	ck_assert(!t->header);
	ck_assert_uint_eq(t->ncols, 2);
	ck_assert_str_eq(t->cells[1].s, "b c");

	t = dir(pg, LESSON_DIR_CSV_TABLE, 2)->children[0];
	ck_assert_uint_eq(t->ncols, 2);
	ck_assert_str_eq(t->cells[1].s, "y");
	ck_assert_ptr_null(t->widths);
	const struct lesson_diag *w = diag_with(":widths:");
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(w->line, 16);
	ck_assert_uint_eq(diags.n, 1);
	/* A fence in a cell is text, not a kernel button. */
	t = dir(pg, LESSON_DIR_CSV_TABLE, 3)->children[0];
	ck_assert_str_eq(t->cells[0].s, "");
	ck_assert_uint_eq(pg->nkernels, 0);
	lesson_page_free(pg);
}
END_TEST

START_TEST(toctree_and_highlight)
{
	struct lesson_page *pg = parse(
		"```\nbefore\n```\n"
		"```{toctree}\n:maxdepth: 1\n:caption: Episodes\n\n01-intro\nThe setup <00-setup.md>\n```\n"
		"```{highlight} python\n```\n"
		"```\nx = 1\n```\n"
		"```c\nint y;\n```\n"
		"    indented = 2\n");
	ck_assert_uint_eq(diags.n, 0);
	const struct lesson_block *tt = dir(pg, LESSON_DIR_TOCTREE, 0);
	ck_assert_uint_eq(tt->nitems, 2);
	ck_assert_str_eq(tt->items[0], "01-intro");
	ck_assert_str_eq(tt->items[1], "The setup <00-setup.md>");
	ck_assert_str_eq(lesson_block_option(tt, "caption"), "Episodes");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 0)->lang, "");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 1)->lang, "python");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 2)->lang, "c");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 3)->lang, "python");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 3)->code, "indented = 2");
	ck_assert_int_eq(find(pg, LESSON_CODE, -1, 3)->line, 19);
	lesson_page_free(pg);
}
END_TEST

START_TEST(kernels)
{
	struct lesson_page *pg = parse(
		"# K\n\n"
		"```{kernel} sum --n 10M --dtype float64\n"   /* 3 */
		"Launch the four sum variants.\n"
		"```\n\n"
		"```{kernel}\nNo name.\n```\n\n"                /* 7 */
		":::{kernel} ring --sizes 8,1M\n:::\n");        /* 11 */
	ck_assert_uint_eq(pg->nkernels, 2);
	ck_assert_str_eq(pg->kernels[0].name, "sum");
	ck_assert_str_eq(pg->kernels[0].args, "sum --n 10M --dtype float64");
	ck_assert_int_eq(pg->kernels[0].line, 3);
	ck_assert_str_eq(pg->kernels[1].name, "ring");
	ck_assert_int_eq(pg->kernels[1].line, 11);
	const struct lesson_block *k = dir(pg, LESSON_DIR_KERNEL, 0);
	ck_assert_int_eq(k->id, 0);
	ck_assert_str_eq(k->children[0]->text.s, "Launch the four sum variants.");
	ck_assert_int_eq(dir(pg, LESSON_DIR_KERNEL, 1)->id, -1);
	ck_assert_int_eq(dir(pg, LESSON_DIR_KERNEL, 2)->id, 1);
	ck_assert_uint_eq(lesson_diags_errors(&diags), 1);
	const struct lesson_diag *d = diag_with("names no kernel");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->error);
	ck_assert_int_eq(d->line, 7);
	lesson_page_free(pg);
}
END_TEST

START_TEST(unclosed_fences)
{
	struct lesson_page *pg = parse(
		"# Title\n"
		"\n"
		"````{exercise} Open\n"   /* 3 */
		"Text.\n"
		"```{solution}\n"         /* 5 */
		"Never closed either.\n");
	ck_assert_uint_eq(lesson_diags_errors(&diags), 2);
	ck_assert_int_eq(diags.v[0].line, 5);
	ck_assert_int_eq(diags.v[1].line, 3);
	ck_assert_ptr_nonnull(strstr(diags.v[1].message,
				     "unclosed directive fence"));
	/* The text is still there for the reader. */
	const struct lesson_block *s = dir(pg, LESSON_DIR_SOLUTION, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->children[0]->text.s, "Never closed either.");
	lesson_page_free(pg);

	pg = parse("Para.\n\n:::{note}\nbody\n\n```python\nx\n");
	ck_assert_uint_eq(lesson_diags_errors(&diags), 2);
	ck_assert_ptr_nonnull(diag_with("unclosed code fence"));
	ck_assert_int_eq(diag_with("unclosed code fence")->line, 6);
	ck_assert_int_eq(diag_with("unclosed directive")->line, 3);
	lesson_page_free(pg);

	/* An inner code fence as long as the directive's own still nests:
	 * the closing lines pair up innermost first. */
	pg = parse("```{exercise}\n```python\nx\n```\n```\n\nlast\n");
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_uint_eq(pg->nblocks, 2);
	ck_assert_str_eq(pg->blocks[0]->children[0]->code, "x");
	ck_assert_str_eq(pg->blocks[1]->text.s, "last");
	lesson_page_free(pg);
}
END_TEST

START_TEST(empty_body)
{
	struct lesson_page *pg = parse(
		"Intro.\n\n"
		"::::{exercise}\n"        /* 3 */
		"Text.\n"
		"```{note}\n"             /* 5 */
		"```\n"
		"::::\n"
		"```{highlight} c\n```\n"
		"```{figure} plot.png\n```\n");
	ck_assert_uint_eq(lesson_diags_errors(&diags), 0);
	ck_assert_uint_eq(nwarnings(), 1);
	ck_assert_ptr_nonnull(diag_with("empty body"));
	ck_assert_int_eq(diag_with("empty body")->line, 5);
	ck_assert_uint_eq(dir(pg, LESSON_DIR_NOTE, 0)->nchildren, 0);
	lesson_page_free(pg);
}
END_TEST

START_TEST(binary_garbage)
{
	unsigned char buf[4096];
	unsigned seed = 12345;
	for (size_t i = 0; i < sizeof buf; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
	buf[100] = 0;
	lesson_diags_clear(&diags);
	struct lesson_page *pg = lesson_page_parse("bin.md", (char *)buf,
						   sizeof buf, &diags);
	ck_assert_ptr_nonnull(pg);
	ck_assert_uint_ge(lesson_diags_errors(&diags), 1);
	ck_assert_ptr_nonnull(diag_with("NUL"));
	/* Warnings about bad bytes are bounded, not one per byte. */
	ck_assert_uint_lt(diags.n, 20);
	lesson_page_free(pg);

	/* Invalid UTF-8 and escape sequences never reach the text. */
	pg = parse("# T\n\nok \xff\xfe bad\n\nesc \x1b[31mred\x1b[0m\x07.\n");
	ck_assert_str_eq(pg->blocks[1]->text.s, "ok \xEF\xBF\xBD\xEF\xBF\xBD bad");
	ck_assert_str_eq(pg->blocks[2]->text.s, "esc [31mred[0m.");
	ck_assert_uint_eq(lesson_diags_errors(&diags), 0);
	const struct lesson_diag *d = diag_with("UTF-8");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->line, 3);
	lesson_page_free(pg);

	/* Empty input is an empty page, titled by its slug. */
	lesson_diags_clear(&diags);
	pg = lesson_page_parse("dir/07-empty.md", "", 0, &diags);
	ck_assert_uint_eq(pg->nblocks, 0);
	ck_assert_str_eq(pg->title, "07-empty");
	ck_assert_str_eq(pg->slug, "07-empty");
	lesson_page_free(pg);
}
END_TEST

START_TEST(deep_nesting)
{
	/* 40 nested colon directives: past 32 the body becomes text. */
	char *src = malloc(64 * 1024), *p = src;
	for (int i = 0; i < 40; i++) {
		memset(p, ':', (size_t)(50 - i));
		p += 50 - i;
		p += sprintf(p, "{note} L%d\n", i + 1);
	}
	p += sprintf(p, "deepest\n");
	for (int i = 39; i >= 0; i--) {
		memset(p, ':', (size_t)(50 - i));
		p += 50 - i;
		*p++ = '\n';
	}
	*p = '\0';
	struct lesson_page *pg = parse(src);
	ck_assert_uint_eq(lesson_diags_errors(&diags), 1);
	const struct lesson_diag *d = diag_with("nested more than 32");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->line, 33);
	const struct lesson_block *b = pg->blocks[0];
	int depth = 1;
	while (b->nchildren && b->children[0]->kind == LESSON_DIRECTIVE) {
		b = b->children[0];
		depth++;
	}
	ck_assert_int_eq(depth, 33);
	ck_assert_int_eq(b->children[0]->kind, LESSON_CODE);
	lesson_page_free(pg);

	/* Thousands of nested quotes and lists: no crash, bounded tree. */
	p = src;
	for (int i = 0; i < 5000; i++)
		*p++ = '>';
	p += sprintf(p, " deep\n\n");
	for (int i = 0; i < 2000; i++) {
		memset(p, ' ', (size_t)(2 * i));
		p += 2 * i;
		p += sprintf(p, "- item\n");
		if (p - src > 60000)
			break;
	}
	*p = '\0';
	pg = parse(src);
	ck_assert_uint_ge(pg->nblocks, 1);
	lesson_page_free(pg);
	free(src);
}
END_TEST

START_TEST(front_matter)
{
	struct lesson_page *pg = parse(
		"---\nteaching: 30\nexercises: 20\n---\n"
		"# Episode\n"        /* 5 */
		"\n"
		"```{note}\n"        /* 7 */
		"```\n");
	ck_assert_int_eq(pg->teaching, 30);
	ck_assert_int_eq(pg->exercises, 20);
	ck_assert_str_eq(pg->title, "Episode");
	/* Blanked: no rule or heading comes from it, lines stay true. */
	ck_assert_uint_eq(pg->nblocks, 2);
	ck_assert_int_eq(pg->blocks[0]->kind, LESSON_HEADING);
	ck_assert_int_eq(pg->blocks[0]->line, 5);
	ck_assert_int_eq(diag_with("empty body")->line, 7);
	lesson_page_free(pg);

	pg = parse("---\nteaching: half an hour\n---\nText.\n");
	ck_assert_int_eq(pg->teaching, 0);
	ck_assert_int_eq(diag_with("minutes")->line, 2);
	lesson_page_free(pg);

	/* A rule at the top without a closing one is just a rule. */
	pg = parse("---\n\nText.\n");
	ck_assert_int_eq(pg->blocks[0]->kind, LESSON_RULE);
	lesson_page_free(pg);

	/* So is one followed by Markdown, even with a rule further down. */
	pg = parse("---\n# Kept\n\nText.\n\n---\n");
	ck_assert_int_eq(pg->blocks[0]->kind, LESSON_RULE);
	ck_assert_str_eq(pg->title, "Kept");
	ck_assert_uint_eq(pg->nblocks, 4);
	lesson_page_free(pg);
}
END_TEST

START_TEST(code_blocks)
{
	struct lesson_page *pg = parse(
		"```python run mpi=4 name=hello.py\n"
		"if True:\n"
		"\tprint('x')\n"
		"```\n"
		"```output\n"
		"x\n"
		"```\n"
		"\r\n"
		"<div>\n<script>alert(1)</script>\n</div>\n"
		"\n"
		"Inline <b>html</b> and www.example.org and\\\nbreak.\n");
	const struct lesson_block *c = pg->blocks[0];
	ck_assert_str_eq(c->lang, "python");
	ck_assert_str_eq(c->info, "run mpi=4 name=hello.py");
	ck_assert_str_eq(c->code, "if True:\n    print('x')");
	ck_assert_str_eq(pg->blocks[1]->lang, "output");
	ck_assert_str_eq(pg->blocks[1]->code, "x");
	const struct lesson_block *h = pg->blocks[2];
	ck_assert_int_eq(h->kind, LESSON_HTML);
	ck_assert_ptr_nonnull(strstr(h->code, "<script>alert(1)</script>"));
	ck_assert_int_eq(h->line, 9);
	const struct lesson_block *p = pg->blocks[3];
	ck_assert_str_eq(p->text.s,
			 "Inline <b>html</b> and www.example.org and\nbreak.");
	bool link = false;
	for (size_t i = 0; i < p->text.nruns; i++)
		if (p->text.runs[i].attr & LESSON_LINK)
			link = strstr(p->text.runs[i].href, "www.example.org");
	ck_assert(link);
	lesson_page_free(pg);
}
END_TEST

START_TEST(inline_runs)
{
	struct lesson_page *pg = parse(
		"Plain *em* **strong** `code` ~~old~~ [a link](https://x.org/) &amp; &#x3C0;.\n");
	const struct lesson_text *t = &pg->blocks[0]->text;
	ck_assert_str_eq(t->s, "Plain em strong code old a link & \xCF\x80.");
	/* Runs cover the text in order without gaps. */
	uint32_t off = 0;
	for (size_t i = 0; i < t->nruns; i++) {
		ck_assert_uint_eq(t->runs[i].off, off);
		off += t->runs[i].len;
	}
	ck_assert_uint_eq(off, t->len);
	unsigned seen = 0;
	for (size_t i = 0; i < t->nruns; i++) {
		seen |= t->runs[i].attr;
		if (t->runs[i].attr & LESSON_LINK) {
			ck_assert_str_eq(t->runs[i].href, "https://x.org/");
			ck_assert_uint_eq(t->runs[i].len, 6);
		}
	}
	ck_assert_uint_eq(seen, LESSON_EMPH | LESSON_STRONG | LESSON_ATTR_CODE |
			  LESSON_STRIKE | LESSON_LINK);
	lesson_page_free(pg);

	/* Lists: ordered start, tasks, nesting. */
	pg = parse("3. three\n4. four\n\n- [ ] open\n- [x] done\n  - sub\n");
	const struct lesson_block *ol = pg->blocks[0];
	ck_assert(ol->ordered);
	ck_assert_uint_eq(ol->start, 3);
	ck_assert_uint_eq(ol->nchildren, 2);
	const struct lesson_block *ul = pg->blocks[1];
	ck_assert_int_eq(ul->children[0]->task, 0);
	ck_assert_int_eq(ul->children[1]->task, 1);
	ck_assert_int_eq(ul->children[1]->children[1]->kind, LESSON_LIST);
	ck_assert_int_eq(ol->children[0]->task, -1);
	lesson_page_free(pg);
}
END_TEST

START_TEST(sphinx_lesson_page)
{
	size_t len;
	char *buf = fixture("sphinx-lesson.md", &len);
	lesson_diags_clear(&diags);
	struct lesson_page *pg = lesson_page_parse("sphinx-lesson.md", buf,
						   len, &diags);
	lesson_diags_print(&diags, stderr);
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_str_eq(pg->title, "Working with HPC clusters");
	ck_assert_int_eq(pg->nexercises, 2);
	ck_assert_int_eq(pg->nfolds, 3);
	/* Both solutions sit inside their exercises. */
	for (int i = 0; i < 2; i++) {
		const struct lesson_block *ex = dir(pg, LESSON_DIR_EXERCISE, i);
		const struct lesson_block *last = ex->children[ex->nchildren - 1];
		ck_assert_int_eq(last->directive, LESSON_DIR_SOLUTION);
	}
	ck_assert_str_eq(dir(pg, LESSON_DIR_EXERCISE, 1)->title, "Ask for more");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 0)->lang, "bash");
	ck_assert_str_eq(find(pg, LESSON_CODE, -1, 2)->lang, "console");
	const struct lesson_block *t = dir(pg, LESSON_DIR_CSV_TABLE, 0)->children[0];
	ck_assert_uint_eq(t->nrows, 4);
	ck_assert_str_eq(t->cells[3 * 3 + 2].s, "16, 4 GPUs each");
	ck_assert(dir(pg, LESSON_DIR_ADMONITION, 0)->folded);
	ck_assert_str_eq(find(pg, LESSON_DIRECTIVE, LESSON_DIR_UNKNOWN, 0)->name,
			 "seealso");
	ck_assert_ptr_nonnull(dir(pg, LESSON_DIR_KEYPOINTS, 0));
	lesson_page_free(pg);
	free(buf);
}
END_TEST

START_TEST(shipped_lessons)
{
	const char *dirv = getenv("HPCTUTOR_LESSONS");
	if (!dirv)
		return;
	lesson_diags_clear(&diags);
	struct lesson_set *set = lesson_set_load(&dirv, 1, &diags);
	ck_assert_ptr_nonnull(set);
	lesson_diags_print(&diags, stderr);
	ck_assert_uint_eq(lesson_diags_errors(&diags), 0);
	for (size_t i = 1; i < set->n; i++)
		ck_assert_int_lt(strcmp(set->pages[i - 1]->slug,
					set->pages[i]->slug), 0);
	lesson_set_free(set);
}
END_TEST

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[8400];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void rm_dir(const char *dir, const char *const *names)
{
	char path[8400];
	for (; *names; names++) {
		snprintf(path, sizeof path, "%s/%s", dir, *names);
		unlink(path);
	}
	rmdir(dir);
}

START_TEST(set_load)
{
	const char *tmp = getenv("TMPDIR");
	char a[4096], b[4096];
	snprintf(a, sizeof a, "%s/test_lesson.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	snprintf(b, sizeof b, "%s/test_lesson.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(a));
	ck_assert_ptr_nonnull(mkdtemp(b));
	write_file(a, "02-two.md", "# Workshop two\n");
	write_file(a, "10-ten.md", "# Ten\n");
	write_file(a, "notes.txt", "not a page\n");
	write_file(b, "01-one.md", "# One\n");
	write_file(b, "02-two.md", "# Shipped two\n");
	write_file(b, "README.md", "# Not a page\n");
	const char *dirs[] = { a, b, "/nonexistent/hpctutor" };
	lesson_diags_clear(&diags);
	struct lesson_set *set = lesson_set_load(dirs, 3, &diags);
	ck_assert_ptr_nonnull(set);
	ck_assert_uint_eq(set->n, 3);
	ck_assert_str_eq(set->pages[0]->slug, "02-two");
	ck_assert_str_eq(set->pages[0]->title, "Workshop two");
	ck_assert_str_eq(set->pages[1]->slug, "10-ten");
	ck_assert_str_eq(set->pages[2]->slug, "01-one");
	ck_assert_int_eq(lesson_set_find(set, "01-one"), 2);
	ck_assert_int_eq(lesson_set_find(set, "nope"), -1);
	ck_assert_uint_eq(lesson_diags_errors(&diags), 1);
	ck_assert_ptr_nonnull(diag_with("cannot read"));
	lesson_set_free(set);

	/* index.md orders the pages by its toctree and is not a page. */
	write_file(a, "index.md",
		   "# Workshop\n\n```{toctree}\n:maxdepth: 1\n\n10-ten\nTwo <02-two.md>\nmissing\n```\n");
	lesson_diags_clear(&diags);
	set = lesson_set_load(dirs, 1, &diags);
	ck_assert_uint_eq(set->n, 2);
	ck_assert_str_eq(set->pages[0]->slug, "10-ten");
	ck_assert_str_eq(set->pages[1]->slug, "02-two");
	ck_assert_ptr_nonnull(diag_with("missing"));
	lesson_set_free(set);

	static const char *const na[] = { "02-two.md", "10-ten.md", "notes.txt",
					  "index.md", NULL };
	static const char *const nb[] = { "01-one.md", "02-two.md", "README.md",
					  NULL };
	rm_dir(a, na);
	rm_dir(b, nb);
}
END_TEST

START_TEST(malformed_file)
{
	const char *top = getenv("abs_top_srcdir");
	char path[8400];
	snprintf(path, sizeof path, "%s/tests/data/lesson/malformed.md",
		 top ? top : ".");
	lesson_diags_clear(&diags);
	struct lesson_page *pg = lesson_page_load(path, &diags);
	ck_assert_ptr_nonnull(pg);
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	lesson_diags_print(&diags, fp);
	fclose(fp);
	/* Every mistake is reported at its own line, and nothing else. */
	static const char *const expect[] = {
		"malformed.md:2: warning: front matter: 'teaching' is not a number",
		"malformed.md:6: warning: {note} directive has an empty body",
		"malformed.md:10: warning: {exercise} has no option 'colour'",
		"malformed.md:14: error: {kernel} names no kernel",
		"malformed.md:18: warning: invalid UTF-8",
		"malformed.md:20: error: unclosed directive fence opened here",
	};
	for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
		ck_assert_msg(strstr(out, expect[i]), "missing '%s' in:\n%s",
			      expect[i], out);
	ck_assert_uint_eq(diags.n, sizeof expect / sizeof *expect);
	ck_assert_str_eq(pg->title, "A page with mistakes");
	ck_assert_int_eq(pg->nexercises, 2);
	free(out);
	lesson_page_free(pg);
}
END_TEST

START_TEST(diagnostics)
{
	struct lesson_page *pg = parse("```{kernel}\n```\n");
	lesson_page_free(pg);
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	lesson_diags_print(&diags, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(out, "t.md:1: error: {kernel} names no kernel"));
	free(out);

	lesson_diags_clear(&diags);
	ck_assert_ptr_null(lesson_page_load("/nonexistent/x.md", &diags));
	ck_assert_uint_eq(lesson_diags_errors(&diags), 1);
	ck_assert_ptr_nonnull(strstr(diags.v[0].message, strerror(ENOENT)));
	lesson_diags_clear(&diags);
	ck_assert_uint_eq(diags.n, 0);
}
END_TEST

static Suite *lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("parser");
	tcase_add_test(tc, every_directive);
	tcase_add_test(tc, directive_names);
	tcase_add_test(tc, nesting_backticks);
	tcase_add_test(tc, nesting_colons);
	tcase_add_test(tc, nesting_mixed);
	tcase_add_test(tc, solution_folding);
	tcase_add_test(tc, options);
	tcase_add_test(tc, tables);
	tcase_add_test(tc, csv_table);
	tcase_add_test(tc, toctree_and_highlight);
	tcase_add_test(tc, kernels);
	tcase_add_test(tc, unclosed_fences);
	tcase_add_test(tc, empty_body);
	tcase_add_test(tc, binary_garbage);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, front_matter);
	tcase_add_test(tc, code_blocks);
	tcase_add_test(tc, inline_runs);
	tcase_add_test(tc, sphinx_lesson_page);
	tcase_add_test(tc, malformed_file);
	tcase_add_test(tc, diagnostics);
	suite_add_tcase(s, tc);
	TCase *ts = tcase_create("set");
	tcase_add_test(ts, set_load);
	tcase_add_test(ts, shipped_lessons);
	suite_add_tcase(s, ts);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lesson_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	lesson_diags_clear(&diags);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
