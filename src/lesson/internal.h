/*
 * internal.h — what the files of src/lesson share and nobody else sees.
 *
 * The parser runs in stages: sanitize (UTF-8, control characters, NUL
 * bytes), front matter, the fence pre-pass (colon fences to backtick
 * fences, unclosed fences), then md4c on the result. Directive fences
 * reach parse.c as code blocks; directive.c turns them into directive
 * blocks and parses their bodies again through parse.c.
 */
#ifndef HPCT_LESSON_INTERNAL_H
#define HPCT_LESSON_INTERNAL_H

#include "lesson/lesson.h"

/* Directive fences nested deeper than this are an error: the body is kept
 * as verbatim text instead of being parsed. */
#define LESSON_MAX_DIRECTIVE_DEPTH 32
/* Containers (lists, quotes, directives) nested deeper than this are
 * flattened into the deepest one, so walking the tree stays shallow. */
#define LESSON_MAX_TREE_DEPTH 96
/* Files larger than this are refused. */
#define LESSON_MAX_FILE (16u << 20)
/* At most this many warnings of one kind per file (invalid UTF-8). */
#define LESSON_MAX_REPEAT 10

/* Page-wide state shared by every nested parse of one file. */
struct lesson_ctx {
	struct lesson_page *page;
	struct lesson_diags *diags;   /* may be NULL */
	const char *path;
	char *default_lang;           /* set by {highlight}; owned */
	char *fm_title;               /* front matter title:, owned */
	bool oom;                     /* memory ran out: give up */
	int in_inline;                /* inside lesson_inline(): no directives */
	size_t kcap;                  /* capacity of page->kernels */
};

/* A growable byte buffer. */
struct lesson_buf {
	char *s;
	size_t len, cap;
};

bool lesson_buf_add(struct lesson_buf *b, const char *s, size_t n);
bool lesson_buf_addc(struct lesson_buf *b, char c);
/* Ensures the buffer is NUL-terminated (without counting the NUL). */
bool lesson_buf_term(struct lesson_buf *b);

/* Inline text being built: bytes plus attribute runs. */
struct lesson_tb {
	struct lesson_buf buf;
	struct lesson_run *runs;
	size_t nruns, cap;
};

/* Appends inline text with attributes attr (and the link target href when
 * LESSON_LINK is set); tabs become spaces, newlines spaces unless hard. */
bool lesson_tb_add(struct lesson_tb *tb, const char *s, size_t n,
		   unsigned attr, const char *href, bool hard_break);
/* Moves the built text into t (trimming trailing spaces); tb is reset. */
bool lesson_tb_finish(struct lesson_tb *tb, struct lesson_text *t);
void lesson_tb_free(struct lesson_tb *tb);
void lesson_text_free(struct lesson_text *t);
/* A text of one plain run; s copied. */
bool lesson_text_plain(struct lesson_text *t, const char *s, size_t n);

/* Verbatim text with tabs expanded to 4 columns, trailing newlines
 * dropped; NULL when memory runs out. */
char *lesson_expand_tabs(const char *s, size_t n);

/* Turns the tabs of a one-line string into spaces; returns s. */
char *lesson_detab(char *s);

/* Decodes an HTML entity ("&amp;", "&#x41;") into UTF-8 in out (at least
 * 8 bytes). Returns the length, or 0 when it is not one we know. */
size_t lesson_entity_decode(const char *s, size_t n, char *out);

/* Diagnostics. Return false only when memory runs out. */
bool lesson_diag_add(struct lesson_diags *d, const char *path, int line,
		     bool error, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool lesson_ctx_diag(struct lesson_ctx *ctx, int line, bool error,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Stage 1: a clean copy of the file: valid UTF-8 (U+FFFD for bad bytes),
 * no NUL or control characters except tab and newline, no CR. Line
 * count is kept. Returns NULL when memory runs out. */
char *lesson_sanitize(struct lesson_ctx *ctx, const char *buf, size_t len,
		      size_t *outlen);

/* Stage 2: front matter at the top ("---" lines) is read into the page
 * and blanked in place. */
void lesson_front_matter(struct lesson_ctx *ctx, char *buf, size_t len);

/* Stage 3: colon fences become backtick fences, directive fences are made
 * long enough that md4c sees the nesting that was written, unclosed
 * fences are reported. line_base is added to line numbers. Returns a new
 * buffer (NULL when memory runs out). */
char *lesson_fences(struct lesson_ctx *ctx, const char *buf, size_t len,
		    int line_base, size_t *outlen);

/* Stage 4: md4c over buf, appending blocks to parent's children (or to
 * the page when parent is NULL). Line numbers are offset by line_base;
 * depth counts directive nesting, tree_depth the tree levels above. */
bool lesson_markdown(struct lesson_ctx *ctx, const char *buf, size_t len,
		     int line_base, struct lesson_block *parent, int depth,
		     int tree_depth);

/* Parses a short run of Markdown as inline text only (table cells;
 * csv.c). */
bool lesson_inline(struct lesson_ctx *ctx, const char *s, size_t n,
		   struct lesson_text *out);

/* Whether the directive of this name takes its body verbatim (csv-table,
 * toctree, code-block...): fences inside such a body are text. */
bool lesson_directive_raw(const char *name, size_t len);

/* A directive fence found by parse.c: builds the block (NULL when memory
 * runs out). info is the fence's info string ("{name} title"), body the
 * verbatim content whose first line is line body_line of the file. */
struct lesson_block *lesson_directive_build(struct lesson_ctx *ctx,
					    const char *info, size_t ninfo,
					    const char *body, size_t nbody,
					    int fence_line, int depth,
					    int tree_depth);

/* {kernel}: records the invocation in page->kernels and sets b->id;
 * a missing or malformed kernel name is an error (b->id stays -1). */
bool lesson_kernel_add(struct lesson_ctx *ctx, struct lesson_block *b);
/* {csv-table}: the body as CSV, appended to b as one LESSON_TABLE. */
bool lesson_csv_table(struct lesson_ctx *ctx, struct lesson_block *b,
		      const char *body, size_t n, int line_base);

/* Appends child to parent's children (or the page's blocks when parent
 * is NULL), folding a solution into the exercise just before it. */
bool lesson_block_append(struct lesson_ctx *ctx, struct lesson_block *parent,
			 struct lesson_block *child);
struct lesson_block *lesson_block_new(enum lesson_block_kind kind, int line);
void lesson_block_free(struct lesson_block *b);

/* The code language given to an unlabelled code block. */
const char *lesson_ctx_lang(const struct lesson_ctx *ctx);

/* Parses "key: value" integer minutes; -1 when not a number. */
int lesson_parse_minutes(const char *s, size_t n);

#endif
