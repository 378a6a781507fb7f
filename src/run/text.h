/*
 * text.h — child output as safe text: the sanitiser, bounded line rings and
 * the launcher's rank labels.
 *
 * Everything a kernel prints is bytes of unknown quality. It goes through
 * run_sanitize() before anyone stores or draws it, so a pane only ever holds
 * printable, valid UTF-8 of bounded length. Lines are kept in rings of a
 * fixed number of lines: a run that prints millions of lines keeps memory
 * flat (at most capacity × RUN_LINE_MAX bytes per ring).
 */
#ifndef HPCT_RUN_TEXT_H
#define HPCT_RUN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Longest line kept, in bytes of sanitised UTF-8 (excluding the NUL).
 * Longer lines are cut at a character boundary and flagged truncated. */
#define RUN_LINE_MAX 1024

/* Line flags. */
enum {
	RUN_LINE_STDERR = 1u << 0,    /* came from the child's stderr */
	RUN_LINE_TRUNCATED = 1u << 1, /* was longer than RUN_LINE_MAX */
	RUN_LINE_RESULT = 1u << 2,    /* an "@hpct ..." result line */
	RUN_LINE_NOTE = 1u << 3,      /* written by hpctutor, not the child */
};

/*
 * Turn LEN raw bytes into printable UTF-8 in OUT (OUTSIZE bytes, at least 8;
 * always NUL-terminated). Escape sequences (CSI, OSC, DCS and two-byte ESC
 * forms) are removed whole; other C0/C1 controls and DEL are dropped; a tab
 * becomes spaces up to the next multiple of 8 columns (counting code points);
 * a carriage return inside the line keeps only the text after it, as a
 * terminal would show a progress line that rewrites itself (a trailing CR
 * from CRLF is dropped); each invalid UTF-8 sequence, overlong form,
 * surrogate or code point above U+10FFFF becomes U+FFFD. Returns the length
 * written; *TRUNCATED (may be NULL) says whether text was cut to fit.
 */
size_t run_sanitize(const char *in, size_t len, char *out, size_t outsize,
		    bool *truncated);

/* One stored line. TEXT is sanitised, NUL-terminated and owned by the ring. */
struct run_line {
	char *text;
	size_t len;
	unsigned flags;          /* RUN_LINE_* */
	int rank;                /* rank label, -1 when none */
	unsigned long long seq;  /* 1, 2, ... in arrival order over the run */
};

/* A ring of at most CAPACITY lines; the oldest is dropped when full. */
struct run_ring;

struct run_ring *run_ring_new(size_t capacity);  /* NULL on ENOMEM */
void run_ring_free(struct run_ring *ring);
/* Copy TEXT (LEN bytes, already sanitised) in. -1 on ENOMEM (ring unchanged). */
int run_ring_push(struct run_ring *ring, const char *text, size_t len,
		  unsigned flags, int rank, unsigned long long seq);
size_t run_ring_count(const struct run_ring *ring);
size_t run_ring_capacity(const struct run_ring *ring);
/* Lines pushed out of the ring since it was made (scrolled off for good). */
unsigned long long run_ring_dropped(const struct run_ring *ring);
/* The I-th line kept, 0 = oldest; NULL when I >= count. Valid until the next push. */
const struct run_line *run_ring_get(const struct run_ring *ring, size_t i);
/* Bytes of text held now (for tests of the memory bound). */
size_t run_ring_bytes(const struct run_ring *ring);

/* How a launcher labels each line with the rank that printed it. */
enum run_label_style {
	RUN_LABEL_NONE,     /* no labels: every line is rank -1 */
	RUN_LABEL_BRACKET,  /* MPICH mpiexec -l:  "[3] text" */
	RUN_LABEL_COLON,    /* srun --label:      "3: text", maybe " 3: text" */
};

/*
 * Find the rank label at the start of LINE (LEN bytes). Returns the rank
 * (0..999999) and sets *SKIP to the bytes the label and one following space
 * take, or returns -1 and sets *SKIP to 0 when the line carries no label.
 */
int run_label_parse(enum run_label_style style, const char *line, size_t len,
		    size_t *skip);

/*
 * MPICH's mpiexec -l labels each chunk a rank writes, not each line: a
 * rank that writes a line in pieces arrives as "[1] Hello [1] 1[1]  of 2",
 * and a piece of another rank can land inside it: "[0]  [1] done\n" is a
 * space from rank 0 (its line goes on later) and a whole line from rank 1.
 * run_label_split cuts LEN bytes at S (a line whose leading label was
 * taken off, belonging to FIRST) at every "[N] " into at most MAX
 * segments of (rank, offset, length); returns the count. The last
 * segment ends the line; the others are pieces of their ranks' lines.
 * (Text that itself contains "[N] " is cut too: a price of -l.)
 */
struct run_label_seg {
	int rank;
	size_t off, len;
};
size_t run_label_split(int first, const char *s, size_t len,
		       struct run_label_seg *segs, size_t max);

#endif
