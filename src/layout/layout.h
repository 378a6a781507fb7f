/*
 * layout.h — a lesson page and a width to styled lines.
 *
 * Pure: no curses, no terminal. The TUI draws the lines as they are,
 * mapping each style to a colour pair or, on monochrome terminals and
 * with NO_COLOR, to attributes; `hpctutor show` prints their text.
 *
 * Every line's display width is at most opts->width, and a wide character
 * is never split. Code blocks and tables too wide for the page are not
 * wrapped: they are cut at the page edge and scrolled horizontally by
 * laying the page out again with another opts->hscroll (layout is cheap).
 */
#ifndef HPCT_LAYOUT_H
#define HPCT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lesson/lesson.h"

/* The role of a run of text. The TUI owns the mapping to colours. */
enum layout_style {
	LAYOUT_TEXT,
	LAYOUT_TITLE,        /* page title */
	LAYOUT_HEADING,      /* section headings */
	LAYOUT_META,         /* "Teaching 30 min · Exercises 20 min" */
	LAYOUT_LINK,         /* link text */
	LAYOUT_URL,          /* the URL shown after a link */
	LAYOUT_CODE,         /* inline code and code block text */
	LAYOUT_KEYWORD,      /* highlighted code ... */
	LAYOUT_STRING,
	LAYOUT_COMMENT,
	LAYOUT_NUMBER,
	LAYOUT_PROMPT,       /* console prompts "$ " */
	LAYOUT_OUTPUT,       /* console/program output */
	LAYOUT_BULLET,       /* list bullets and numbers */
	LAYOUT_RULE,
	LAYOUT_TABLE_BORDER,
	LAYOUT_TABLE_HEAD,
	LAYOUT_BOX_KEY,      /* borders/titles: questions, objectives, keypoints, prereq */
	LAYOUT_BOX_EXERCISE, /* exercise, type-along, discussion */
	LAYOUT_BOX_SOLUTION,
	LAYOUT_BOX_NOTE,     /* note, callout, admonition, unknown */
	LAYOUT_BOX_WARNING,  /* warning, important */
	LAYOUT_BOX_INSTRUCTOR,
	LAYOUT_FOLDED,       /* "▸ Solution (folded — press s)" */
	LAYOUT_KERNEL,       /* "[r] run: sum --n 10M" */
	LAYOUT_MARK,         /* clipping marks ‹ › of scrolled lines */
	LAYOUT_STYLE_COUNT
};

/* Attribute bits on top of the style. */
enum layout_attr {
	LAYOUT_BOLD      = 1 << 0,
	LAYOUT_ITALIC    = 1 << 1,
	LAYOUT_UNDERLINE = 1 << 2,
	LAYOUT_DIM       = 1 << 3,
	LAYOUT_STRIKE    = 1 << 4,
};

/* Bytes [off, off+len) of the line's text, drawn in one style. Runs
 * cover the text in order, without gaps or overlaps. */
struct layout_run {
	uint32_t off, len;
	uint16_t style;           /* enum layout_style */
	uint16_t attr;            /* enum layout_attr bits */
};

enum layout_line_flags {
	LAYOUT_CLIPPED_LEFT  = 1 << 0, /* scrolled: content hidden on the left */
	LAYOUT_CLIPPED_RIGHT = 1 << 1, /* content hidden on the right */
};

struct layout_line {
	char *text;               /* UTF-8, printable only, NUL-terminated */
	uint32_t len;             /* bytes */
	uint32_t width;           /* display columns, <= opts->width */
	struct layout_run *runs;
	uint32_t nruns;
	uint16_t flags;           /* enum layout_line_flags */
	int32_t target;           /* index in layout->targets of the
	                             solution/kernel/exercise this line
	                             belongs to, innermost; -1 for none */
	int32_t src_line;         /* source line of the block that made it:
	                             keeps the reading place across resizes */
};

enum layout_target_kind {
	LAYOUT_TARGET_EXERCISE,
	LAYOUT_TARGET_SOLUTION,   /* also dropdown admonitions */
	LAYOUT_TARGET_KERNEL,
};

/* Something the learner can act on, and the lines it covers. */
struct layout_target {
	enum layout_target_kind kind;
	int id;                   /* fold id (solution), kernel index, or
	                             exercise index, as in lesson.h */
	uint32_t first, last;     /* line indices, inclusive */
	bool folded;              /* solution currently folded */
	const char *title;        /* borrowed from the lesson */
	const char *kernel_args;  /* KERNEL: borrowed "sum --n 10M ..." */
};

struct layout_opts {
	int width;                /* columns; layout_page clamps it to >= 20 */
	bool utf8;                /* false: ASCII boxes, bullets, rules */
	int hscroll;              /* columns wide code/tables are scrolled */
	const unsigned char *unfolded; /* nfolds flags: nonzero = shown;
	                                  NULL = every fold folded */
	size_t nunfolded;
};

struct layout {
	struct layout_line *lines;
	size_t nlines;
	struct layout_target *targets;
	size_t ntargets;
	int width;                /* the width it was laid out for */
	bool has_wide;            /* some line was clipped: hscroll helps */
	int hscroll_max;          /* hscroll beyond this moves nothing: each
	                             wide block stops when its end shows */
};

/* Lay a page out. Returns NULL only when memory runs out. */
struct layout *layout_page(const struct lesson_page *page,
			   const struct layout_opts *opts);
void layout_free(struct layout *lay);

/* First line index whose src_line is >= src_line (for keeping the place
 * after a re-layout); nlines when none. */
size_t layout_find_src_line(const struct layout *lay, int src_line);

/* Write the lines as plain text, one per line, trailing spaces removed. */
int layout_write_text(const struct layout *lay, FILE *fp);

/* Display width of a UTF-8 string (libunistring; control bytes count 0). */
size_t layout_str_width(const char *s, size_t len);

#endif
