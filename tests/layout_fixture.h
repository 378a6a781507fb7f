/*
 * layout_fixture.h — lesson pages built by hand for the layout tests, and
 * the checks every laid-out line must pass.
 *
 * The builders abort the test when memory runs out; fx_page_free()
 * frees what they made.
 */
#ifndef HPCT_TEST_LAYOUT_FIXTURE_H
#define HPCT_TEST_LAYOUT_FIXTURE_H

#include <check.h>
#include <stdbool.h>

#include "layout/layout.h"

/* Asserts in the hot loops: check records every passing ck_assert with
 * a write(2), so the property checks test first and call it on failure. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* A code line much wider than any page. */
#define LONG_CODE "total = sum(float(x) * 2.5 for x in range(1000000) " \
	"if x % 3 == 0)  # a line much wider than any page: it is cut, not wrapped " \
	"and the reader scrolls to see its end"

extern const char fx_cjk[], fx_combining[], fx_emoji[];

void *fx_xcalloc(size_t n, size_t size);
char *fx_xstrdup(const char *s);
struct lesson_block *fx_blk(enum lesson_block_kind kind, int line);
void fx_add_child(struct lesson_block *p, struct lesson_block *c);
void fx_text_add(struct lesson_text *t, const char *s, unsigned attr,
		 const char *href);
struct lesson_block *fx_para(int line, const char *s);
struct lesson_block *fx_heading(int line, int level, const char *s);
struct lesson_block *fx_code(int line, const char *lang, const char *s);
struct lesson_block *fx_dir(int line, enum lesson_directive d,
			    const char *name, const char *title);
struct lesson_block *fx_list(int line, bool ordered, unsigned start,
			     int n, ...);
struct lesson_block *fx_table(int line, size_t nr, size_t nc, bool header,
			      const char *const *cells);
struct lesson_page *fx_page_new(const char *title);
void fx_page_add(struct lesson_page *p, struct lesson_block *b);
void fx_page_free(struct lesson_page *p);
/* Everything a page can hold, nested where lessons nest. Tests find its
 * parts by source line: 11, 13, 15 the CJK, combining and emoji
 * paragraphs (left out when ascii_only), 30 the Python code with
 * LONG_CODE, 42 and 43 code and a table with wide characters (left out
 * too), 44 a small table, 48 a wide one, 52 exercise 0 with a note,
 * a warning and solution 0 inside, 66 dropdown 1, 70 kernel 0. */
struct lesson_page *fx_page_full(bool ascii_only);
/* Lays p out (the test fails if it cannot). */
struct layout *fx_lay_at(const struct lesson_page *p, int width, bool utf8,
			 int hscroll, const unsigned char *unf, size_t nunf);
/* The invariants of every line: width, runs, UTF-8, targets, src_line. */
void fx_check_lines(const struct layout *lay, int width);
/* Index of the first line holding needle, or -1; the style (and attr)
 * of the run where it starts; the target of this kind and id. */
long fx_find_line(const struct layout *lay, const char *needle);
int fx_style_of(const struct layout *lay, const char *needle, int *attr);
const struct layout_target *fx_target_of(const struct layout *lay,
					 enum layout_target_kind kind, int id);

#endif
