/* hpct.h - what every hpctutor kernel shares: knob tables and their parser,
 * sizes written as 1e7 / 10M / 10000000, timing and statistics, the
 * MemAvailable check, and the writer of machine-readable result lines.
 *
 * A kernel is a standalone program. It describes its knobs in a table of
 * struct hpct_opt, calls hpct_parse(), and prints human lines plus one
 * result line per measurement:
 *
 *     @hpct kernel=sum variant=blas dtype=float64 n=10000000 rep=3 seconds=0.00601 ...
 *
 * Usage errors exit with status 2 and a message "hpct-NAME: what went wrong";
 * a failed verification exits with status 1 after saying check=FAIL.
 */
#ifndef HPCT_H
#define HPCT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses. */
enum {
	HPCT_EXIT_OK = 0,
	HPCT_EXIT_FAIL = 1,        /* a result did not verify, or a system call failed */
	HPCT_EXIT_USAGE = 2,       /* a knob is wrong; nothing was run */
	HPCT_EXIT_NODEVICE = 69    /* a GPU build found no device (EX_UNAVAILABLE) */
};

/* ------------------------------------------------------------ knobs */

enum hpct_opt_type {
	HPCT_OPT_FLAG,      /* no argument; int *  set to 1 */
	HPCT_OPT_SIZE,      /* uint64_t *: 1e7, 10M, 4Ki, 10000000 */
	HPCT_OPT_INT,       /* long *, within [min, max] */
	HPCT_OPT_DOUBLE,    /* double *, within [min, max] */
	HPCT_OPT_CHOICE,    /* int *: index into choices[] */
	HPCT_OPT_SIZES,     /* struct hpct_list *: comma list of sizes or A-B ranges */
	HPCT_OPT_STRING     /* const char **: any text */
};

#define HPCT_LIST_MAX 64
struct hpct_list {
	size_t len;
	uint64_t v[HPCT_LIST_MAX];
};

struct hpct_opt {
	const char *name;          /* long option, without the dashes */
	enum hpct_opt_type type;
	void *ptr;                 /* where the value goes */
	const char *metavar;       /* shown in --help, e.g. "N" */
	const char *help;          /* one line */
	double min, max;           /* range for SIZE, INT, DOUBLE, SIZES values */
	const char *const *choices;/* NULL-terminated, for CHOICE */
};

struct hpct_prog {
	const char *name;          /* "sum": the program is hpct-sum */
	const char *summary;       /* one line for --help */
	const char *description;   /* a paragraph for --help, may be NULL */
	const struct hpct_opt *opts;
	size_t nopts;
};

/* Parse argv against the table. Prints --help/--version and exits 0 for them;
 * prints "hpct-NAME: message" and exits 2 for any wrong knob. Also sets up
 * line-buffered output and prompt exit on SIGINT/SIGTERM (hpct_init). */
void hpct_parse(const struct hpct_prog *prog, int argc, char **argv);

/* Line-buffer stdout and stderr; on SIGINT/SIGTERM say so and die by the
 * signal. hpct_parse calls it; MPI kernels call it again after MPI_Init. */
void hpct_init(const char *name);

/* Report a usage error in the kernel's name and exit 2. */
void hpct_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* Report a runtime failure ("hpct-NAME: ...") and exit 1. */
void hpct_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* The program name, "hpct-sum". */
const char *hpct_progname(void);

/* Sizes: "10000000", "1e7", "2.5e6", "10M", "4Ki", "1G". Decimal suffixes
 * K M G T (10^3 ...), binary Ki Mi Gi Ti (2^10 ...). Returns 0 on success,
 * -1 (with *why set) when the text is not a whole non-negative size. */
int hpct_parse_size(const char *text, uint64_t *out, const char **why);
/* Parse "8,64,1K" or "1-4" (every integer in the range) into a list. */
int hpct_parse_sizes(const char *text, struct hpct_list *out, const char **why);
/* 10000000 -> "10M", 4194304 -> "4Mi", 1234 -> "1234". */
void hpct_format_size(uint64_t v, char *buf, size_t len);

/* ------------------------------------------------------------ memory */

/* MemAvailable from /proc/meminfo in bytes; 0 when it cannot be read. */
uint64_t hpct_mem_available(void);
/* Refuse (exit 2) when bytes exceeds what the machine has available now;
 * what names the allocation for the message. Call before allocating. */
void hpct_mem_require(uint64_t bytes, const char *what);
/* malloc that checks, 64-byte aligned; exits 1 with a message on failure. */
void *hpct_alloc(size_t bytes, const char *what);

/* ------------------------------------------------------------ time */

double hpct_now(void);     /* monotonic seconds */

struct hpct_stats {
	double best, median, mean;
	size_t n;
};
/* Best, median and mean of n samples (the array is not modified). */
struct hpct_stats hpct_stats(const double *samples, size_t n);

/* Online cores this process may run on. */
int hpct_cores(void);

/* ------------------------------------------------------------ results */

/* Builder for one result line. Keys are fixed identifiers; string values
 * with spaces or quotes are quoted. The line is written and flushed at once
 * by hpct_result_end. */
struct hpct_result {
	char buf[1024];
	size_t len;
};
void hpct_result_begin(struct hpct_result *r, const char *kernel);
void hpct_result_str(struct hpct_result *r, const char *key, const char *value);
void hpct_result_u64(struct hpct_result *r, const char *key, uint64_t value);
void hpct_result_int(struct hpct_result *r, const char *key, long value);
/* %.6g, or %.*g with the given significant digits when digits > 0. */
void hpct_result_dbl(struct hpct_result *r, const char *key, double value, int digits);
void hpct_result_end(struct hpct_result *r);

#ifdef __cplusplus
}
#endif
#endif
