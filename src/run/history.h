/*
 * history.h — results.csv: every finished run, one row per variant.
 *
 * The file lives in the state directory ($XDG_STATE_HOME/hpctutor/) and is
 * only ever appended to, each run's rows in one write(2) on a descriptor
 * opened with O_APPEND, then fsync'd. Appending keeps the history of a
 * learner's runs cheap however long it grows, and two tutors appending at
 * once cannot lose each other's rows (a read-modify-rename would). The
 * price is that a crash mid-write can leave a torn last line; the reader
 * skips any row that does not parse, and the writer starts a new line
 * first when the file does not end in one, so one torn row never spoils
 * the next.
 */
#ifndef HPCT_RUN_HISTORY_H
#define HPCT_RUN_HISTORY_H

#include <stddef.h>
#include <time.h>

#include "run/result.h"

#define RUN_HISTORY_FILE "results.csv"

enum run_history_field {
	RUN_H_TIME, RUN_H_HOST, RUN_H_CORES, RUN_H_LAUNCHER, RUN_H_RANKS,
	RUN_H_KERNEL, RUN_H_KNOBS, RUN_H_SERIES, RUN_H_COUNT, RUN_H_BEST,
	RUN_H_MEDIAN, RUN_H_LATEST, RUN_H_GBPS, RUN_H_CHECK, RUN_H_STATUS,
	RUN_H_NFIELDS
};

/* Column names, in order ("time", "host", ...). */
extern const char *const run_history_columns[RUN_H_NFIELDS];

/* What a run was, besides its figures. */
struct run_history_run {
	time_t when;            /* start, wall clock */
	const char *host;       /* NULL: gethostname() */
	int cores;              /* 0: the online cores */
	const char *launcher;
	int ranks;
	const char *kernel;
	const char *knobs;      /* the kernel's arguments as typed, shell-quoted */
	int status;             /* the shell's exit status of the run */
};

/*
 * Append one row per row of AGG (one row with empty figures when AGG has
 * none, so failed runs are kept too) to STATEDIR/results.csv, creating the
 * directory and the file (with a header) as needed. 0, or -1 with a
 * message in ERR.
 */
int run_history_append(const char *statedir, const struct run_history_run *run,
		       struct run_agg *agg, char *err, size_t errlen);

/* The rows read back. */
struct run_history {
	char *(*rows)[RUN_H_NFIELDS];
	size_t n;
	size_t skipped;         /* lines that did not parse */
};

/*
 * Read PATH. A missing file is an empty history (0); rows with the wrong
 * number of fields, bad quoting or a figure that is not a number are
 * skipped and counted. -1 with ERR only when the file cannot be read.
 */
int run_history_load(const char *path, struct run_history *h, char *err, size_t errlen);
void run_history_free(struct run_history *h);

/* STATEDIR/results.csv, newly allocated (NULL on ENOMEM). */
char *run_history_path(const char *statedir);

/* Parse one CSV line (no newline) into at most MAX fields, newly allocated.
 * Returns the field count, or -1 on bad quoting or ENOMEM. */
int run_csv_split(const char *line, size_t len, char **fields, int max);
/* Append VALUE to BUF as one CSV field (quoted when needed). -1 on ENOMEM. */
int run_csv_field(char **buf, size_t *len, size_t *cap, const char *value);

#endif
