/*
 * history.c — appending to and reading results.csv (see history.h for why
 * it is appended rather than rewritten).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/history.h"

const char *const run_history_columns[RUN_H_NFIELDS] = {
	"time", "host", "cores", "launcher", "ranks", "kernel", "knobs", "series",
	"count", "best_s", "median_s", "latest_s", "gbps", "check", "status",
};

char *run_history_path(const char *statedir)
{
	size_t n = strlen(statedir) + sizeof RUN_HISTORY_FILE + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", statedir, RUN_HISTORY_FILE);
	return p;
}

static int grow(char **buf, size_t *cap, size_t need)
{
	char *b;
	size_t c = *cap ? *cap : 256;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	b = realloc(*buf, c);
	if (!b)
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

static int put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (grow(buf, cap, *len + n + 1))
		return -1;
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

int run_csv_field(char **buf, size_t *len, size_t *cap, const char *v)
{
	if (!v)
		v = "";
	if (!v[strcspn(v, ",\"\r\n")])
		return put(buf, len, cap, v, strlen(v));
	if (put(buf, len, cap, "\"", 1))
		return -1;
	for (; *v; v++) {
		if (*v == '\r' || *v == '\n') {
			if (put(buf, len, cap, " ", 1))
				return -1;
		} else if (put(buf, len, cap, v, 1) || (*v == '"' && put(buf, len, cap, "\"", 1))) {
			return -1;
		}
	}
	return put(buf, len, cap, "\"", 1);
}

int run_csv_split(const char *line, size_t len, char **fields, int max)
{
	size_t i = 0;
	int n = 0;

	for (;;) {
		char *f = malloc(len - i + 1);
		size_t o = 0;

		if (!f || n == max) {
			free(f);
			goto fail;
		}
		if (i < len && line[i] == '"') {
			for (i++;; i++) {
				if (i >= len) {
					free(f);
					goto fail;   /* unterminated */
				}
				if (line[i] == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						f[o++] = '"';
						i++;
					} else {
						i++;
						break;
					}
				} else {
					f[o++] = line[i];
				}
			}
			if (i < len && line[i] != ',') {
				free(f);
				goto fail;
			}
		} else {
			while (i < len && line[i] != ',') {
				if (line[i] == '"') {
					free(f);
					goto fail;
				}
				f[o++] = line[i++];
			}
		}
		f[o] = '\0';
		fields[n++] = f;
		if (i >= len)
			return n;
		i++;  /* the comma */
	}
fail:
	while (n > 0)
		free(fields[--n]);
	return -1;
}

static int add_row(char **buf, size_t *len, size_t *cap, const char *const *f)
{
	for (int i = 0; i < RUN_H_NFIELDS; i++)
		if ((i && put(buf, len, cap, ",", 1)) || run_csv_field(buf, len, cap, f[i]))
			return -1;
	return put(buf, len, cap, "\n", 1);
}

static void fmt_num(char *b, size_t n, bool have, double v)
{
	if (have)
		snprintf(b, n, "%.6g", v);
	else
		b[0] = '\0';
}

static int mkdir_p(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Build the rows of one run into *BUF. */
static int build_rows(const struct run_history_run *run, struct run_agg *agg,
		      char **buf, size_t *len, size_t *cap)
{
	char when[32], cores[16], ranks[16], status[16], host[256];
	char count[24], best[32], median[32], latest[32], gbps[32];
	const char *f[RUN_H_NFIELDS];
	struct tm tm;
	size_t nrows = agg ? run_agg_count(agg) : 0;

	if (run->host) {
		snprintf(host, sizeof host, "%s", run->host);
	} else if (gethostname(host, sizeof host) != 0) {
		snprintf(host, sizeof host, "unknown");
	}
	host[sizeof host - 1] = '\0';
	localtime_r(&run->when, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
	snprintf(cores, sizeof cores, "%d", run->cores > 0 ? run->cores :
		 (int)sysconf(_SC_NPROCESSORS_ONLN));
	snprintf(ranks, sizeof ranks, "%d", run->ranks);
	snprintf(status, sizeof status, "%d", run->status);
	f[RUN_H_TIME] = when;
	f[RUN_H_HOST] = host;
	f[RUN_H_CORES] = cores;
	f[RUN_H_LAUNCHER] = run->launcher;
	f[RUN_H_RANKS] = ranks;
	f[RUN_H_KERNEL] = run->kernel;
	f[RUN_H_KNOBS] = run->knobs;
	f[RUN_H_STATUS] = status;
	for (size_t i = 0; i < (nrows ? nrows : 1); i++) {
		const struct run_agg_row *row = nrows ? run_agg_row(agg, i) : NULL;

		snprintf(count, sizeof count, "%zu", row ? row->count : 0);
		fmt_num(best, sizeof best, row && row->has_seconds, row ? row->best_s : 0);
		fmt_num(median, sizeof median, row && row->has_seconds, row ? row->median_s : 0);
		fmt_num(latest, sizeof latest, row && row->has_seconds, row ? row->latest_s : 0);
		fmt_num(gbps, sizeof gbps, row && row->has_gbps, row ? row->best_gbps : 0);
		f[RUN_H_SERIES] = row ? row->label : "";
		f[RUN_H_COUNT] = count;
		f[RUN_H_BEST] = best;
		f[RUN_H_MEDIAN] = median;
		f[RUN_H_LATEST] = latest;
		f[RUN_H_GBPS] = gbps;
		f[RUN_H_CHECK] = !row ? "" : row->check_failed ? "FAIL" : row->check ? row->check : "";
		if (add_row(buf, len, cap, f))
			return -1;
	}
	return 0;
}

int run_history_append(const char *statedir, const struct run_history_run *run,
		       struct run_agg *agg, char *err, size_t errlen)
{
	char *buf = NULL, *path = NULL, last;
	size_t len = 0, cap = 0, off = 0;
	struct stat st;
	int fd = -1;

	if (!statedir || !*statedir) {
		snprintf(err, errlen, "no state directory to keep results in");
		return -1;
	}
	if (mkdir_p(statedir) < 0) {
		snprintf(err, errlen, "%s: %s", statedir, strerror(errno));
		return -1;
	}
	path = run_history_path(statedir);
	if (!path)
		goto nomem;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || fstat(fd, &st) < 0)
		goto syserr;
	if (st.st_size == 0) {
		const char *const *h = run_history_columns;
		if (add_row(&buf, &len, &cap, h))
			goto nomem;
	} else {
		/* A torn last line (a crash mid-write) gets its own line end. */
		int rfd = open(path, O_RDONLY | O_CLOEXEC);
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) == 1 && last != '\n' &&
			    put(&buf, &len, &cap, "\n", 1)) {
				close(rfd);
				goto nomem;
			}
			close(rfd);
		}
	}
	if (build_rows(run, agg, &buf, &len, &cap))
		goto nomem;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto syserr;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 && errno != EINVAL)
		goto syserr;
	if (close(fd) < 0) {
		fd = -1;
		goto syserr;
	}
	free(buf);
	free(path);
	return 0;
nomem:
	errno = ENOMEM;
syserr:
	snprintf(err, errlen, "%s: %s", path ? path : statedir, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(buf);
	free(path);
	return -1;
}

void run_history_free(struct run_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		for (int j = 0; j < RUN_H_NFIELDS; j++)
			free(h->rows[i][j]);
	free(h->rows);
	memset(h, 0, sizeof *h);
}

static bool num_ok(const char *s)
{
	char *end;
	double d;

	if (!*s)
		return true;   /* a figure the run did not have */
	d = strtod(s, &end);
	return !*end && isfinite(d);
}

static bool row_ok(char **f)
{
	static const int nums[] = { RUN_H_CORES, RUN_H_RANKS, RUN_H_COUNT, RUN_H_BEST,
				    RUN_H_MEDIAN, RUN_H_LATEST, RUN_H_GBPS, RUN_H_STATUS };

	if (!*f[RUN_H_KERNEL] || !*f[RUN_H_TIME])
		return false;
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!num_ok(f[nums[i]]))
			return false;
	return true;
}

int run_history_load(const char *path, struct run_history *h, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "re");
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	ssize_t n;

	memset(h, 0, sizeof *h);
	if (!fp) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &lcap, fp)) >= 0) {
		char *f[RUN_H_NFIELDS + 1];
		int nf;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		nf = run_csv_split(line, (size_t)n, f, RUN_H_NFIELDS + 1);
		if (nf == RUN_H_NFIELDS && strcmp(f[0], run_history_columns[0]) == 0 &&
		    strcmp(f[1], run_history_columns[1]) == 0) {
			for (int j = 0; j < nf; j++)   /* a header */
				free(f[j]);
			continue;
		}
		if (nf != RUN_H_NFIELDS || !row_ok(f)) {
			for (int j = 0; j < nf; j++)
				free(f[j]);
			h->skipped++;
			continue;
		}
		if (h->n == cap) {
			size_t c = cap ? 2 * cap : 64;
			char *(*rows)[RUN_H_NFIELDS] = realloc(h->rows, c * sizeof *rows);
			if (!rows) {
				for (int j = 0; j < nf; j++)
					free(f[j]);
				snprintf(err, errlen, "%s: out of memory", path);
				free(line);
				fclose(fp);
				run_history_free(h);
				return -1;
			}
			h->rows = rows;
			cap = c;
		}
		memcpy(h->rows[h->n++], f, sizeof h->rows[0]);
	}
	free(line);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(fp);
		run_history_free(h);
		return -1;
	}
	fclose(fp);
	return 0;
}
