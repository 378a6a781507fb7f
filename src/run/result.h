/*
 * result.h — kernel result lines and their aggregation.
 *
 * Kernels print one machine-readable line per measurement, in logfmt style:
 *
 *   @hpct kernel=sum variant=blas dtype=float64 n=10000000 rep=3 seconds=0.00601 gbps=13.31 check=ok
 *
 * run_result_parse() turns such a line into a record of key/value pairs
 * (values may be "double quoted" with \" and \\ escapes). run_agg groups
 * records into rows (one per variant, or per variant and message size, ...)
 * with count, best, median and latest, which is what the results table of
 * the tutor and of `hpctutor run` shows.
 */
#ifndef HPCT_RUN_RESULT_H
#define HPCT_RUN_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#define RUN_RESULT_PREFIX "@hpct"
#define RUN_RESULT_MAXKV 48       /* pairs kept per record */

struct run_kv {
	char *key;
	char *value;
};

/* One parsed result line. Owns its strings: free with run_result_clear(). */
struct run_result {
	struct run_kv kv[RUN_RESULT_MAXKV];
	size_t nkv;
	int rank;   /* the launcher's label, else the rank= pair, else -1 */
};

/*
 * Parse LINE (LEN bytes, without the rank label) into *OUT. Returns 0 on a
 * well-formed result line, 1 when the line is not a result line at all (no
 * "@hpct " prefix), -1 when it is one but malformed (unterminated quote, a
 * key that is empty or has characters other than [A-Za-z0-9_.-], a missing
 * kernel=, more than RUN_RESULT_MAXKV pairs) or on ENOMEM. *OUT is always
 * left cleared on failure. A key without '=' has the value "".
 */
int run_result_parse(const char *line, size_t len, struct run_result *out);
void run_result_clear(struct run_result *r);
/* Deep copy; -1 on ENOMEM (DST cleared). */
int run_result_copy(struct run_result *dst, const struct run_result *src);
/* The value of KEY, or NULL. */
const char *run_result_get(const struct run_result *r, const char *key);
/* KEY's value as a finite number: 0 and *OUT set, or -1. */
int run_result_num(const struct run_result *r, const char *key, double *out);

/*
 * Aggregation. Records are grouped by the values of the group keys (always
 * "kernel" and "variant", plus the extra keys given, e.g. "size" for the
 * ring or "threads" for map); within a group the figure "seconds" is
 * summarised (best = lowest, median, latest) and "gbps" (best = highest).
 * Samples per group are capped at RUN_AGG_MAXSAMPLES (the most recent are
 * kept) so memory stays bounded however long a run goes on. Records with
 * a stat= key (a kernel's own summary of repeats it reported one by one,
 * or a note such as stat=placement) are not aggregated.
 */
#define RUN_AGG_MAXSAMPLES 4096

struct run_agg_row {
	char *label;          /* "blas", "latency size=8", ... */
	char *kernel;
	char *variant;        /* "" when the records carry none */
	size_t count;         /* records seen */
	bool has_seconds, has_gbps;
	double best_s, median_s, latest_s;  /* seconds= of each record, or
	                                     us_per_hop=/us_one_way= (ring)
	                                     as seconds: one message */
	double best_gbps, latest_gbps;
	bool check_failed;    /* some record had check= other than ok */
	char *check;          /* latest check= value, or NULL */
	struct run_result latest;  /* the latest record itself */
};

struct run_agg;

/* EXTRA_KEYS: NULL-terminated list of further group keys, or NULL. A row's
 * label is the variant (or the kernel's name when there is none) followed
 * by the extra keys present: "pingpong bytes=8". */
struct run_agg *run_agg_new(const char *const *extra_keys);
void run_agg_free(struct run_agg *agg);
/* The label the row R is added to has (newly allocated), or NULL on ENOMEM. */
char *run_agg_label(const struct run_agg *agg, const struct run_result *r);
/* Add a record. -1 on ENOMEM. */
int run_agg_add(struct run_agg *agg, const struct run_result *r);
size_t run_agg_count(const struct run_agg *agg);
/* Rows in order of first appearance; medians are brought up to date. */
const struct run_agg_row *run_agg_row(struct run_agg *agg, size_t i);
/* The row with the lowest best_s (NULL when none has seconds). */
const struct run_agg_row *run_agg_fastest(struct run_agg *agg);

#endif
