/*
 * lesson.h — lesson files to the Lesson model.
 *
 * A lesson file is CommonMark with GFM pipe tables and the MyST directive
 * fences of sphinx-lesson (see hpctutor-lesson(5)). This module reads the
 * files, hands the Markdown to md4c, turns directive fences into directive
 * blocks (parsing their bodies again with md4c, so they nest), and returns
 * a tree of blocks that layout/ turns into lines. No curses here.
 *
 * Ownership: lesson_set_load() and lesson_page_parse() return objects that
 * own every string and block below them; free them with lesson_set_free()
 * and lesson_page_free(). Everything else is borrowed from those.
 */
#ifndef HPCT_LESSON_H
#define HPCT_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Inline attributes of a run of text (a bit set). */
enum lesson_attr {
	LESSON_EMPH   = 1 << 0,
	LESSON_STRONG = 1 << 1,
	LESSON_ATTR_CODE = 1 << 2, /* inline `code`; also spelt LESSON_CODE */
	LESSON_LINK   = 1 << 3, /* the run's href is set */
	LESSON_STRIKE = 1 << 4,
};

/* A run of text with one set of attributes: bytes [off, off+len) of the
 * owning lesson_text. Runs cover the text in order without gaps. */
struct lesson_run {
	uint32_t off, len;
	unsigned attr;    /* enum lesson_attr bits */
	char *href;       /* LESSON_LINK: the URL (owned); otherwise NULL */
};

/* Inline text: valid UTF-8 (invalid bytes replaced with U+FFFD), no control
 * characters except '\n' for hard line breaks. Soft breaks are spaces. */
struct lesson_text {
	char *s;              /* NUL-terminated, owned */
	size_t len;
	struct lesson_run *runs;
	size_t nruns;
};

/* LESSON_CODE names both the code block kind and the inline-code bit of
 * enum lesson_attr: its value is 4 == LESSON_ATTR_CODE on purpose, so
 * `kind == LESSON_CODE` and `attr & LESSON_CODE` both read right. */
enum lesson_block_kind {
	LESSON_PARAGRAPH,
	LESSON_HEADING,   /* level 1..6, text */
	LESSON_LIST,      /* children are LESSON_ITEM; ordered, start */
	LESSON_ITEM,      /* children are blocks; task: -1 none, 0 [ ], 1 [x] */
	LESSON_CODE,      /* code, lang, info */
	LESSON_QUOTE,     /* children */
	LESSON_TABLE,     /* rows x cols cells (row 0 is the header when header) */
	LESSON_RULE,      /* thematic break */
	LESSON_HTML,      /* raw HTML, kept as text in code */
	LESSON_DIRECTIVE, /* directive, title, options, children */
};

/* The directives this tutor knows. Unknown names parse as
 * LESSON_DIR_UNKNOWN with their name kept, and render as a titled box. */
_Static_assert((int)LESSON_CODE == (int)LESSON_ATTR_CODE,
	       "LESSON_CODE doubles as the inline-code attribute bit");

enum lesson_directive {
	LESSON_DIR_UNKNOWN,
	LESSON_DIR_QUESTIONS, LESSON_DIR_OBJECTIVES, LESSON_DIR_PREREQ,
	LESSON_DIR_KEYPOINTS, LESSON_DIR_EXERCISE, LESSON_DIR_SOLUTION,
	LESSON_DIR_DISCUSSION, LESSON_DIR_CALLOUT, LESSON_DIR_IMPORTANT,
	LESSON_DIR_NOTE, LESSON_DIR_WARNING, LESSON_DIR_INSTRUCTOR_NOTE,
	LESSON_DIR_TYPE_ALONG, LESSON_DIR_ADMONITION, LESSON_DIR_CSV_TABLE,
	LESSON_DIR_TOCTREE, LESSON_DIR_HIGHLIGHT, LESSON_DIR_KERNEL,
	LESSON_DIR_COUNT
};

enum lesson_align { LESSON_ALIGN_DEFAULT, LESSON_ALIGN_LEFT,
		    LESSON_ALIGN_CENTER, LESSON_ALIGN_RIGHT };

struct lesson_option {    /* ":key: value" line at the top of a directive */
	char *key, *value;    /* owned; value trimmed, may be "" */
};

struct lesson_block {
	enum lesson_block_kind kind;
	int line;                 /* 1-based line in the source file */

	/* PARAGRAPH, HEADING: the text. DIRECTIVE: unused. */
	struct lesson_text text;
	int level;                /* HEADING: 1..6 */

	/* LIST */
	bool ordered;
	unsigned start;           /* first number of an ordered list */
	int task;                 /* ITEM: -1 not a task, 0 open, 1 done */

	/* CODE and HTML: verbatim text (tabs expanded to 4 columns, control
	 * characters removed, UTF-8 validated), lines joined with '\n', no
	 * trailing newline. lang is the first word of the info string ("" if
	 * none, or the language set by a {highlight} directive before it),
	 * info the rest of it after the language ("run mpi=4" etc.). */
	char *code;
	char *lang;
	char *info;

	/* TABLE, and the table built from a csv-table directive. */
	size_t nrows, ncols;
	struct lesson_text *cells;   /* nrows*ncols, row-major; missing = "" */
	enum lesson_align *align;    /* ncols */
	bool header;                 /* row 0 is a header row */
	unsigned *widths;            /* csv-table :widths: relative, or NULL */

	/* DIRECTIVE */
	enum lesson_directive directive;
	char *name;               /* as written, e.g. "exercise" (owned) */
	char *title;              /* argument after the name, "" if none */
	struct lesson_option *options;
	size_t noptions;
	bool folded;              /* solution, or admonition :class: dropdown */
	int id;                   /* SOLUTION/dropdown: fold id 0..page->nfolds-1;
	                             KERNEL: kernel index 0..page->nkernels-1;
	                             EXERCISE: exercise index; else -1 */
	char **items;             /* TOCTREE: the entries, nitems of them */
	size_t nitems;

	/* LIST, ITEM, QUOTE, DIRECTIVE: the blocks inside. A solution that
	 * directly follows its exercise is moved inside it by the parser, so
	 * it is always the exercise's last child. A csv-table's body is
	 * parsed into one LESSON_TABLE child; a kernel's body into ordinary
	 * blocks (its description). */
	struct lesson_block **children;
	size_t nchildren;
};

/* A kernel button found on a page: the {kernel} directive's argument. */
struct lesson_kernel {
	char *args;               /* "sum --n 10M --dtype float64" (owned) */
	char *name;               /* first word: the kernel's name (owned) */
	int line;
};

struct lesson_page {
	char *path;               /* file it came from (owned) */
	char *slug;               /* file name without directory and ".md":
	                             the key for progress ("02-single-core") */
	char *title;              /* the first level-1 heading, or the slug */
	int teaching, exercises;  /* minutes, from front matter; 0 if absent */
	struct lesson_block **blocks;
	size_t nblocks;
	int nfolds;               /* foldable blocks (solutions, dropdowns) */
	int nexercises;
	struct lesson_kernel *kernels;
	size_t nkernels;
};

/* A problem found while parsing: file:line: message. */
struct lesson_diag {
	char *path;
	int line;
	bool error;               /* false: a warning */
	char *message;
};

struct lesson_diags {
	struct lesson_diag *v;
	size_t n, cap;
};

/* Parse one lesson from memory. path names it in diagnostics and becomes
 * page->path. Returns NULL only when memory runs out; a malformed file
 * still gives a page, with errors appended to diags (which may be NULL). */
struct lesson_page *lesson_page_parse(const char *path, const char *buf,
				      size_t len, struct lesson_diags *diags);

/* Read and parse one file. Returns NULL with a diagnostic when the file
 * cannot be read (the message carries strerror). */
struct lesson_page *lesson_page_load(const char *path,
				     struct lesson_diags *diags);
void lesson_page_free(struct lesson_page *page);

/* The ordered pages of a workshop. */
struct lesson_set {
	struct lesson_page **pages;
	size_t n;
};

/* Load every *.md file of the given directories, in order: the pages of
 * earlier directories come first (a workshop's own folder before the
 * shipped lessons). Within one directory pages are ordered by an index.md
 * toctree when there is one, else by file name. A page whose slug already
 * appeared is skipped (the earlier directory overrides). Returns NULL when
 * memory runs out; unreadable directories are reported in diags. */
struct lesson_set *lesson_set_load(const char *const *dirs, size_t ndirs,
				   struct lesson_diags *diags);
void lesson_set_free(struct lesson_set *set);

/* Index of the page with this slug, or -1. */
int lesson_set_find(const struct lesson_set *set, const char *slug);

/* Name of a directive kind ("exercise"); directive from a name, or
 * LESSON_DIR_UNKNOWN. */
const char *lesson_directive_name(enum lesson_directive d);
enum lesson_directive lesson_directive_lookup(const char *name, size_t len);

/* The value of a directive's option, or NULL. */
const char *lesson_block_option(const struct lesson_block *b, const char *key);

size_t lesson_diags_errors(const struct lesson_diags *d);
/* Write "file:line: error: message" lines to fp. */
void lesson_diags_print(const struct lesson_diags *d, FILE *fp);
void lesson_diags_clear(struct lesson_diags *d);

#endif
