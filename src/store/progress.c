/*
 * progress.c — pages read, exercises done, solutions seen.
 *
 * The file is text so a learner (or a teacher collecting them) can read
 * it, and line-based so that damage stays local: each line stands alone,
 * an unreadable one is skipped, and the closing "end" line tells a
 * complete file from a truncated one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

#define MAGIC       "hpctutor-progress 1"
#define MAX_INDEX   1024
#define MAX_SLUG    255
#define MAX_FILE    (4u << 20)   /* a progress file is a few KiB */
#define WORDS       (MAX_INDEX / 64)

struct progress_page {
	char *slug;
	bool seen;
	uint64_t ex[WORDS];
	uint64_t sol[WORDS];
};

struct progress {
	char *last;
	struct progress_page *v;
	size_t n, cap;
};

struct progress *progress_new(void)
{
	return calloc(1, sizeof(struct progress));
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].slug);
	free(p->v);
	free(p->last);
	free(p);
}

static struct progress_page *find(const struct progress *p, const char *slug)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].slug, slug) == 0)
			return &p->v[i];
	return NULL;
}

static struct progress_page *get(struct progress *p, const char *slug)
{
	struct progress_page *pg = find(p, slug);

	if (pg)
		return pg;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct progress_page *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return NULL;
		p->v = v;
		p->cap = cap;
	}
	pg = &p->v[p->n];
	memset(pg, 0, sizeof *pg);
	pg->slug = strdup(slug);
	if (!pg->slug)
		return NULL;
	p->n++;
	return pg;
}

static bool bit(const uint64_t *w, int i)
{
	return i >= 0 && i < MAX_INDEX && (w[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *w, int i, bool on)
{
	if (on)
		w[i / 64] |= UINT64_C(1) << (i % 64);
	else
		w[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

const char *progress_last(const struct progress *p)
{
	return p->last;
}

int progress_set_last(struct progress *p, const char *slug)
{
	char *s = strdup(slug);

	if (!s)
		return -1;
	free(p->last);
	p->last = s;
	return 0;
}

bool progress_seen(const struct progress *p, const char *slug)
{
	const struct progress_page *pg = find(p, slug);
	return pg && pg->seen;
}

int progress_set_seen(struct progress *p, const char *slug)
{
	struct progress_page *pg = get(p, slug);

	if (!pg)
		return -1;
	pg->seen = true;
	return 0;
}

bool progress_exercise_done(const struct progress *p, const char *slug, int ex)
{
	const struct progress_page *pg = find(p, slug);
	return pg && bit(pg->ex, ex);
}

int progress_set_exercise_done(struct progress *p, const char *slug, int ex,
			       bool done)
{
	if (ex < 0 || ex >= MAX_INDEX) {
		errno = EINVAL;
		return -1;
	}
	struct progress_page *pg = get(p, slug);
	if (!pg)
		return -1;
	set_bit(pg->ex, ex, done);
	return 0;
}

int progress_exercises_done(const struct progress *p, const char *slug)
{
	const struct progress_page *pg = find(p, slug);
	int n = 0;

	if (pg)
		for (int w = 0; w < WORDS; w++)
			n += __builtin_popcountll(pg->ex[w]);
	return n;
}

bool progress_solution_seen(const struct progress *p, const char *slug, int fold)
{
	const struct progress_page *pg = find(p, slug);
	return pg && bit(pg->sol, fold);
}

int progress_set_solution_seen(struct progress *p, const char *slug, int fold)
{
	if (fold < 0 || fold >= MAX_INDEX) {
		errno = EINVAL;
		return -1;
	}
	struct progress_page *pg = get(p, slug);
	if (!pg)
		return -1;
	set_bit(pg->sol, fold, true);
	return 0;
}

/* ---------------------------------------------------------------- writing */

struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *t = realloc(b->s, cap);
		if (!t) {
			b->oom = true;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_set(struct buf *b, const char *name, const uint64_t *w)
{
	bool first = true;
	char num[16];

	for (int i = 0; i < MAX_INDEX; i++) {
		if (!bit(w, i))
			continue;
		if (first) {
			puts_(b, " ");
			puts_(b, name);
			puts_(b, "=");
		} else {
			puts_(b, ",");
		}
		first = false;
		snprintf(num, sizeof num, "%d", i);
		puts_(b, num);
	}
}

char *progress_format(const struct progress *p, size_t *len)
{
	struct buf b = { 0 };

	puts_(&b, MAGIC "\n");
	if (p->last) {
		puts_(&b, "last ");
		puts_(&b, p->last);
		puts_(&b, "\n");
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_page *pg = &p->v[i];
		puts_(&b, "page ");
		puts_(&b, pg->slug);
		if (pg->seen)
			puts_(&b, " seen");
		put_set(&b, "exercises", pg->ex);
		put_set(&b, "solutions", pg->sol);
		puts_(&b, "\n");
	}
	puts_(&b, "end\n");
	if (b.oom) {
		free(b.s);
		errno = ENOMEM;
		return NULL;
	}
	*len = b.len;
	return b.s;
}

int progress_save(const struct progress *p, const char *path)
{
	size_t len;
	char *s = progress_format(p, &len);

	if (!s)
		return -1;
	int rc = store_write_atomic(path, s, len);
	int e = errno;
	free(s);
	errno = e;
	return rc;
}

/* ---------------------------------------------------------------- reading */

/* A slug as the lesson module makes them: printable ASCII or UTF-8 bytes,
 * no spaces, not empty, bounded. */
static bool valid_slug(const char *s, size_t n)
{
	if (n == 0 || n > MAX_SLUG)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

/* "0,2,5" into the bit set; false on anything else. */
static bool parse_set(const char *s, uint64_t *w)
{
	if (!*s)
		return false;
	for (;;) {
		if (*s < '0' || *s > '9')
			return false;
		long v = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
			if (v >= MAX_INDEX)
				return false;
			s++;
		}
		set_bit(w, (int)v, true);
		if (*s == '\0')
			return true;
		if (*s != ',')
			return false;
		s++;
	}
}

/* Parse one line (NUL-terminated, no newline); false when it is not one
 * this file format has. */
static bool parse_line(struct progress *p, char *line, bool *end)
{
	if (strcmp(line, "end") == 0) {
		*end = true;
		return true;
	}
	if (strncmp(line, "last ", 5) == 0) {
		const char *slug = line + 5;
		if (!valid_slug(slug, strlen(slug)))
			return false;
		return progress_set_last(p, slug) == 0;
	}
	if (strncmp(line, "page ", 5) != 0)
		return false;

	char *save = NULL;
	char *slug = strtok_r(line + 5, " ", &save);
	if (!slug || !valid_slug(slug, strlen(slug)))
		return false;
	bool seen = false;
	uint64_t ex[WORDS] = { 0 }, sol[WORDS] = { 0 };
	for (char *f; (f = strtok_r(NULL, " ", &save));) {
		if (strcmp(f, "seen") == 0)
			seen = true;
		else if (strncmp(f, "exercises=", 10) == 0) {
			if (!parse_set(f + 10, ex))
				return false;
		} else if (strncmp(f, "solutions=", 10) == 0) {
			if (!parse_set(f + 10, sol))
				return false;
		} else {
			return false;
		}
	}
	struct progress_page *pg = get(p, slug);
	if (!pg)
		return false;
	pg->seen |= seen;
	for (int i = 0; i < WORDS; i++) {
		pg->ex[i] |= ex[i];
		pg->sol[i] |= sol[i];
	}
	return true;
}

struct progress *progress_load(const char *path, char *warn, size_t warnlen)
{
	struct progress *p = progress_new();
	size_t len = 0;

	if (warnlen)
		warn[0] = '\0';
	if (!p)
		return NULL;
	char *s = store_read_file(path, MAX_FILE, &len);
	if (!s) {
		if (errno == ENOMEM) {
			progress_free(p);
			return NULL;
		}
		if (errno != ENOENT && warnlen)
			snprintf(warn, warnlen, "progress not read: %s: %s",
				 path, strerror(errno));
		return p;
	}

	int lineno = 0, bad_line = 0;
	bool end = false, header = false, after_end = false;
	char *line = s;
	while (line < s + len) {
		char *nl = memchr(line, '\n', (size_t)(s + len - line));
		lineno++;
		if (!nl)
			break;   /* an unfinished last line: the file was cut */
		*nl = '\0';
		if (memchr(line, '\0', (size_t)(nl - line))) {
			if (!bad_line)
				bad_line = lineno;
		} else if (lineno == 1 && strcmp(line, MAGIC) == 0) {
			header = true;
		} else if (end) {
			after_end = true;
		} else if (line[0] != '\0' && line[0] != '#' &&
			   !parse_line(p, line, &end)) {
			if (!bad_line)
				bad_line = lineno;
		}
		line = nl + 1;
	}
	free(s);

	if (!warnlen)
		return p;
	if (len == 0)
		snprintf(warn, warnlen, "%s is empty; starting afresh", path);
	else if (!header)
		snprintf(warn, warnlen, "%s is not a progress file; "
			 "kept what could be read", path);
	else if (bad_line)
		snprintf(warn, warnlen, "%s: line %d is damaged; "
			 "kept what could be read", path, bad_line);
	else if (!end)
		snprintf(warn, warnlen, "%s was cut short; "
			 "kept what could be read", path);
	else if (after_end)
		snprintf(warn, warnlen, "%s has text after its end line; "
			 "ignored it", path);
	return p;
}
