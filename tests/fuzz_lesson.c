/*
 * fuzz_lesson.c — libFuzzer target for the lesson parser.
 *
 * Any bytes must give a page (or NULL only when memory runs out), never a
 * crash, and the page must keep the promises lesson.h makes: text is
 * valid UTF-8 without control characters, runs cover the text in order,
 * ids stay within their counts. A broken promise aborts, so the fuzzer
 * reports it like a crash.
 */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "lesson/lesson.h"

static void check_clean(const char *s, size_t n, bool newlines)
{
	if (!s)
		abort();
	if (strlen(s) != n || u8_check((const uint8_t *)s, n))
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(c == '\n' && newlines)) || c == 0x7F)
			abort();
	}
}

static void check_text(const struct lesson_text *t)
{
	if (!t->s)
		return;
	check_clean(t->s, t->len, true);
	uint32_t off = 0;
	for (size_t i = 0; i < t->nruns; i++) {
		if (t->runs[i].off != off || t->runs[i].len == 0)
			abort();
		if (!(t->runs[i].attr & LESSON_LINK) != !t->runs[i].href)
			abort();
		off += t->runs[i].len;
	}
	if (off != t->len)
		abort();
}

static void check_block(const struct lesson_page *pg,
			const struct lesson_block *b)
{
	if (b->line < 0)
		abort();
	check_text(&b->text);
	if (b->code)
		check_clean(b->code, strlen(b->code), true);
	if (b->kind == LESSON_TABLE) {
		if (!b->nrows || !b->ncols || !b->cells || !b->align)
			abort();
		for (size_t i = 0; i < b->nrows * b->ncols; i++)
			check_text(&b->cells[i]);
	}
	if (b->kind == LESSON_DIRECTIVE) {
		check_clean(b->name, strlen(b->name), false);
		check_clean(b->title, strlen(b->title), false);
		if (b->folded && (b->id < 0 || b->id >= pg->nfolds))
			abort();
		if (b->directive == LESSON_DIR_KERNEL && b->id >= 0 &&
		    (size_t)b->id >= pg->nkernels)
			abort();
	}
	for (size_t i = 0; i < b->nchildren; i++)
		check_block(pg, b->children[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson_diags diags = { 0 };
	struct lesson_page *pg = lesson_page_parse("fuzz.md", (const char *)data,
						   size, &diags);
	if (pg) {
		check_clean(pg->title, strlen(pg->title), false);
		for (size_t i = 0; i < pg->nblocks; i++)
			check_block(pg, pg->blocks[i]);
		for (size_t i = 0; i < diags.n; i++)
			if (!diags.v[i].message || diags.v[i].line < 0)
				abort();
	}
	lesson_page_free(pg);
	lesson_diags_clear(&diags);
	return 0;
}
