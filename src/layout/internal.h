/*
 * internal.h — what the files of layout/ share and nobody else sees.
 *
 * A layout is built line by line into one growing text buffer and one
 * growing run buffer (struct lay_build). Nesting (boxes, quotes, list
 * items) is a stack of frames: each frame contributes a left prefix and
 * a right border to every line made while it is open, so the code that
 * lays out a paragraph never needs to know where it sits.
 */
#ifndef HPCT_LAYOUT_INTERNAL_H
#define HPCT_LAYOUT_INTERNAL_H

#include "layout/layout.h"

/* Decorations, each with a UTF-8 and an ASCII spelling. */
enum lay_glyph {
	G_BULLET1, G_BULLET2, G_BULLET3,
	G_TL, G_TR, G_BL, G_BR, G_H, G_V,
	G_TDOWN, G_TUP, G_TRIGHT, G_TLEFT, G_CROSS,
	G_QUOTE, G_MARK_LEFT, G_MARK_RIGHT,
	G_FOLDED, G_UNFOLDED, G_KERNEL, G_DOT, G_DASH, G_ELLIPSIS,
	G_COUNT
};

/* A growable styled string: bytes plus runs over them. Runs are merged
 * when adjacent ones share style and attributes (from run merge_from on). */
struct lay_sbuf {
	char *s;
	size_t len, cap;
	struct layout_run *runs;
	size_t nruns, rcap;
	size_t merge_from;
};

#define LAY_MAX_FRAMES 32
#define LAY_FRAME_TEXT 32

/* One level of nesting: what it writes at the left of the next line
 * (first, once, then left) and at the right of every line. */
struct lay_frame {
	char first[LAY_FRAME_TEXT], left[LAY_FRAME_TEXT], right[LAY_FRAME_TEXT];
	uint8_t first_len, left_len, right_len;
	uint16_t first_w, left_w, right_w;
	uint16_t first_style, left_style, right_style;
	bool first_pending;
};

struct lay_build {
	const struct lesson_page *page;
	const struct layout_opts *opts;
	int width;
	bool utf8;
	bool oom;
	bool has_wide;
	int hscroll_max;
	uint8_t glyph_len[G_COUNT], glyph_w[G_COUNT];

	struct lay_sbuf out;          /* every line's text + NUL, and runs */
	struct layout_line *lines;
	size_t nlines, lcap;
	struct layout_target *targets;
	size_t ntargets, tcap;

	/* the line being made */
	bool in_line;
	size_t line_off, line_run;
	uint32_t line_w;
	uint16_t line_flags;

	struct lay_frame frames[LAY_MAX_FRAMES];
	int nframes;
	int right_w;                  /* sum of the frames' right widths */
	int target;                   /* innermost open target, or -1 */
	int src_line;

	/* scratch space reused by every block */
	struct lay_sbuf tmp, wide;
	char *brk;
	size_t brk_cap;
	unsigned char *hl;
	size_t hl_cap;
	int depth;
	const struct lesson_block *skip;  /* the title heading, drawn once */
};

/* build.c: buffers, lines, frames */
const char *lay_glyph(const struct lay_build *lb, enum lay_glyph g);
void lay_glyph_init(struct lay_build *lb);
void lay_sb_reset(struct lay_sbuf *b);
void lay_sb_free(struct lay_sbuf *b);
bool lay_sb_put(struct lay_sbuf *b, const char *s, size_t n, int style, int attr);
/* Appends text from outside: invalid UTF-8 becomes U+FFFD, tabs become
 * spaces, other control characters are dropped; '\n' is kept if keep_nl. */
bool lay_sb_put_text(struct lay_sbuf *b, const char *s, size_t n, int style,
		     int attr, bool keep_nl);
/* The first run that ends after byte off (nruns if none). */
size_t lay_sb_run_at(const struct lay_sbuf *b, size_t off);
int lay_sb_style_at(const struct lay_sbuf *b, size_t off, int *attr);
bool lay_grow(void **p, size_t *cap, size_t need, size_t elem);
int lay_width(const char *s, size_t n);
/* Width of the grapheme cluster at s[i]; *next is where the next starts. */
int lay_grapheme(const char *s, size_t i, size_t end, size_t *next);

int lay_avail(const struct lay_build *lb);
void lay_line_begin(struct lay_build *lb);
void lay_line_end(struct lay_build *lb);
void lay_put(struct lay_build *lb, const char *s, size_t n, int style, int attr);
void lay_put_glyph(struct lay_build *lb, enum lay_glyph g, int style, int attr);
void lay_put_repeat(struct lay_build *lb, enum lay_glyph g, int count,
		    int style, int attr);
void lay_put_spaces(struct lay_build *lb, int count, int style);
/* The columns to shift a width-wide block left by in avail columns:
 * the reader's horizontal scroll, clamped; 0 when it fits. A wider
 * block raises the page's scroll limit. */
int lay_hscroll(struct lay_build *lb, int width, int avail);
/* Copies bytes [a, b) of src with their runs; runs of style restyle_from
 * become restyle_to with add_attr added (restyle_from < 0: none). */
void lay_put_range(struct lay_build *lb, const struct lay_sbuf *src,
		   size_t a, size_t b, int restyle_from, int restyle_to,
		   int add_attr);
/* Copies columns [hscroll, hscroll + avail) of a wide line, marking and
 * flagging the sides that are cut. */
void lay_put_clipped(struct lay_build *lb, const struct lay_sbuf *src,
		     int src_width, int hscroll, int avail);
/* Puts a short styled string, cut with an ellipsis to max columns. */
void lay_put_cut(struct lay_build *lb, const char *s, size_t n, int max,
		 int style, int attr);
void lay_blank(struct lay_build *lb);

/* Opens a frame: first is written once at the left of the next line
 * (NULL: none), left at the left of the lines after it, right at the
 * right of every line. Returns false when nesting is too deep. */
bool lay_frame_push(struct lay_build *lb, const char *first, int first_style,
		    const char *left, int left_style,
		    const char *right, int right_style);
void lay_frame_pop(struct lay_build *lb);

int lay_target_open(struct lay_build *lb, enum layout_target_kind kind, int id,
		    const char *title, const char *args, bool folded);
void lay_target_close(struct lay_build *lb, int t, int saved);

/* wrap.c: inline text */
/* Appends lesson text to b: attributes to styles, links followed by
 * their URL. base_style/base_attr apply to plain runs. */
void lay_flatten(struct lay_build *lb, struct lay_sbuf *b,
		 const struct lesson_text *t, int base_style, int base_attr);
struct lay_wrap {
	struct lay_build *lb;
	const char *s;
	const char *brk;          /* break kinds of [base, end) */
	size_t pos, end, base;
	size_t stuck;
};
/* Wraps bytes [start, end) of b. */
void lay_wrap_init(struct lay_build *lb, struct lay_wrap *w,
		   const struct lay_sbuf *b, size_t start, size_t end);
bool lay_wrap_next(struct lay_wrap *w, int avail, size_t *a, size_t *b,
		   int *width);
/* Width of the widest hard line and of the widest unbreakable piece. */
void lay_measure(struct lay_wrap *w, int *natural, int *word);
void lay_text(struct lay_build *lb, const struct lesson_text *t,
	      int style, int attr);
/* Wraps b (already flattened) as lines of the current frame. */
void lay_wrap_sbuf(struct lay_build *lb, const struct lay_sbuf *b);

/* highlight.c */
bool lay_highlight_known(const char *lang);
/* Fills st[0..n) with a style per byte of code. */
void lay_highlight(const char *lang, const char *code, size_t n,
		   unsigned char *st);

/* code.c, table.c */
void lay_code(struct lay_build *lb, const struct lesson_block *b);
void lay_table(struct lay_build *lb, const struct lesson_block *b);

#endif
