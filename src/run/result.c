/*
 * result.c — the "@hpct key=value ..." parser and per-variant aggregation.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/result.h"

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

void run_result_clear(struct run_result *r)
{
	for (size_t i = 0; i < r->nkv; i++) {
		free(r->kv[i].key);
		free(r->kv[i].value);
	}
	r->nkv = 0;
	r->rank = -1;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Read one value at LINE[*I], quoted or bare, into a new string. NULL with
 * errno EINVAL for an unterminated quote, ENOMEM otherwise. */
static char *read_value(const char *line, size_t len, size_t *i)
{
	size_t j = *i, o = 0;
	char *v;

	if (j >= len || line[j] != '"') {
		while (j < len && line[j] != ' ' && line[j] != '\t')
			j++;
		v = dup_n(line + *i, j - *i);
		if (!v)
			errno = ENOMEM;
		*i = j;
		return v;
	}
	v = malloc(len - j + 1);
	if (!v) {
		errno = ENOMEM;
		return NULL;
	}
	for (j++; j < len; j++) {
		if (line[j] == '\\' && j + 1 < len) {
			v[o++] = line[++j];
		} else if (line[j] == '"') {
			v[o] = '\0';
			*i = j + 1;
			return v;
		} else {
			v[o++] = line[j];
		}
	}
	free(v);
	errno = EINVAL;
	return NULL;
}

int run_result_parse(const char *line, size_t len, struct run_result *out)
{
	size_t plen = strlen(RUN_RESULT_PREFIX), i;
	double rank;

	out->nkv = 0;
	out->rank = -1;
	if (len < plen + 1 || memcmp(line, RUN_RESULT_PREFIX, plen) != 0 ||
	    (line[plen] != ' ' && line[plen] != '\t'))
		return 1;
	i = plen;
	for (;;) {
		size_t k0;
		char *key, *value;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		k0 = i;
		while (i < len && key_char(line[i]))
			i++;
		if (i == k0 || (i < len && line[i] != '=' && line[i] != ' ' &&
				line[i] != '\t'))
			goto bad;
		if (out->nkv == RUN_RESULT_MAXKV)
			goto bad;
		key = dup_n(line + k0, i - k0);
		if (!key)
			goto bad;
		if (i < len && line[i] == '=') {
			i++;
			value = read_value(line, len, &i);
			if (value && i < len && line[i] != ' ' && line[i] != '\t') {
				free(value);   /* text glued to a closing quote */
				value = NULL;
			}
		} else {
			value = dup_n("", 0);
		}
		if (!value) {
			free(key);
			goto bad;
		}
		out->kv[out->nkv].key = key;
		out->kv[out->nkv].value = value;
		out->nkv++;
	}
	if (!run_result_get(out, "kernel") || !*run_result_get(out, "kernel"))
		goto bad;
	if (run_result_num(out, "rank", &rank) == 0 && rank >= 0 && rank < 1e7)
		out->rank = (int)rank;
	return 0;
bad:
	run_result_clear(out);
	return -1;
}

int run_result_copy(struct run_result *dst, const struct run_result *src)
{
	dst->nkv = 0;
	dst->rank = src->rank;
	for (size_t i = 0; i < src->nkv; i++) {
		char *k = strdup(src->kv[i].key), *v = strdup(src->kv[i].value);

		if (!k || !v) {
			free(k);
			free(v);
			run_result_clear(dst);
			return -1;
		}
		dst->kv[i].key = k;
		dst->kv[i].value = v;
		dst->nkv = i + 1;
	}
	return 0;
}

const char *run_result_get(const struct run_result *r, const char *key)
{
	for (size_t i = 0; i < r->nkv; i++)
		if (strcmp(r->kv[i].key, key) == 0)
			return r->kv[i].value;
	return NULL;
}

int run_result_num(const struct run_result *r, const char *key, double *out)
{
	const char *v = run_result_get(r, key);
	char *end;
	double d;

	if (!v || !*v)
		return -1;
	errno = 0;
	d = strtod(v, &end);
	if (*end || errno || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* ------------------------------------------------------------ aggregation */

struct agg_group {
	struct run_agg_row row;
	char *key;             /* the group key values joined by \x1f */
	double *samples;       /* seconds, a ring of the most recent */
	size_t nsamples, next;
	bool dirty;
};

struct run_agg {
	char **extra;
	size_t nextra;
	struct agg_group *groups;
	size_t n, cap;
};

struct run_agg *run_agg_new(const char *const *extra_keys)
{
	struct run_agg *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	for (size_t i = 0; extra_keys && extra_keys[i]; i++)
		a->nextra++;
	if (a->nextra) {
		a->extra = calloc(a->nextra, sizeof *a->extra);
		if (!a->extra)
			goto fail;
		for (size_t i = 0; i < a->nextra; i++)
			if (!(a->extra[i] = strdup(extra_keys[i])))
				goto fail;
	}
	return a;
fail:
	run_agg_free(a);
	return NULL;
}

void run_agg_free(struct run_agg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nextra; i++)
		free(a->extra ? a->extra[i] : NULL);
	free(a->extra);
	for (size_t i = 0; i < a->n; i++) {
		struct agg_group *g = &a->groups[i];
		free(g->row.label);
		free(g->row.kernel);
		free(g->row.variant);
		free(g->row.check);
		run_result_clear(&g->row.latest);
		free(g->key);
		free(g->samples);
	}
	free(a->groups);
	free(a);
}

/* Append S to the growing buffer *BUF (length *N); -1 on ENOMEM. */
static int cat(char **buf, size_t *n, const char *s)
{
	size_t l = strlen(s);
	char *b = realloc(*buf, *n + l + 1);

	if (!b)
		return -1;
	memcpy(b + *n, s, l + 1);
	*buf = b;
	*n += l;
	return 0;
}

static int make_key(const struct run_agg *a, const struct run_result *r,
		    char **key, char **label)
{
	const char *variant = run_result_get(r, "variant");
	size_t kn = 0, ln = 0;

	*key = NULL;
	*label = NULL;
	if (cat(key, &kn, run_result_get(r, "kernel")) || cat(key, &kn, "\x1f") ||
	    cat(key, &kn, variant ? variant : "") ||
	    cat(label, &ln, variant && *variant ? variant : ""))
		goto fail;
	for (size_t i = 0; i < a->nextra; i++) {
		const char *v = run_result_get(r, a->extra[i]);
		bool bare;

		if (!v)
			continue;
		/* A word ("latency") reads as the variant; a number needs its key. */
		bare = ln == 0 && *v && !(*v >= '0' && *v <= '9');
		if (cat(key, &kn, "\x1f") || cat(key, &kn, a->extra[i]) ||
		    cat(key, &kn, "=") || cat(key, &kn, v) ||
		    (ln && cat(label, &ln, " ")) ||
		    (!bare && (cat(label, &ln, a->extra[i]) || cat(label, &ln, "="))) ||
		    cat(label, &ln, v))
			goto fail;
	}
	if (ln == 0 && cat(label, &ln, run_result_get(r, "kernel")))
		goto fail;
	return 0;
fail:
	free(*key);
	free(*label);
	return -1;
}

char *run_agg_label(const struct run_agg *agg, const struct run_result *r)
{
	char *key, *label;

	if (make_key(agg, r, &key, &label))
		return NULL;
	free(key);
	return label;
}

static struct agg_group *find_or_add(struct run_agg *a, const struct run_result *r)
{
	struct agg_group *g;
	char *key, *label;
	const char *variant = run_result_get(r, "variant");

	if (make_key(a, r, &key, &label))
		return NULL;
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->groups[i].key, key) == 0) {
			free(key);
			free(label);
			return &a->groups[i];
		}
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 8;
		struct agg_group *ng = realloc(a->groups, cap * sizeof *ng);
		if (!ng)
			goto fail;
		a->groups = ng;
		a->cap = cap;
	}
	g = &a->groups[a->n];
	memset(g, 0, sizeof *g);
	g->row.latest.rank = -1;
	g->key = key;
	g->row.label = label;
	g->row.kernel = strdup(run_result_get(r, "kernel"));
	g->row.variant = strdup(variant ? variant : "");
	if (!g->row.kernel || !g->row.variant) {
		free(g->row.kernel);
		free(g->row.variant);
		goto fail;
	}
	a->n++;
	return g;
fail:
	free(key);
	free(label);
	return NULL;
}

int run_agg_add(struct run_agg *a, const struct run_result *r)
{
	struct agg_group *g;
	struct run_result copy;
	const char *check, *stat = run_result_get(r, "stat");
	double s, gb;

	/* A kernel's own summary of the repeats it already reported one by
	 * one, or a note (stat=placement): not a measurement. */
	if (stat)
		return 0;
	g = find_or_add(a, r);
	if (!g)
		return -1;
	if (run_result_copy(&copy, r))
		return -1;
	check = run_result_get(r, "check");
	if (check) {
		char *c = strdup(check);
		if (!c) {
			run_result_clear(&copy);
			return -1;
		}
		free(g->row.check);
		g->row.check = c;
		if (strcmp(check, "ok") != 0)
			g->row.check_failed = true;
	}
	/* A ring or ping-pong measurement times many laps; the figure the
	 * lesson is about is the time of one message, so that is what its
	 * row reports. */
	double hop_us;
	bool per_hop = run_result_num(r, "us_per_hop", &hop_us) == 0 ||
		       run_result_num(r, "us_one_way", &hop_us) == 0;
	if (per_hop)
		s = hop_us * 1e-6;
	if (per_hop || run_result_num(r, "seconds", &s) == 0) {
		if (!g->samples) {
			g->samples = malloc(RUN_AGG_MAXSAMPLES * sizeof *g->samples);
			if (!g->samples) {
				run_result_clear(&copy);
				return -1;
			}
		}
		g->samples[g->next] = s;
		g->next = (g->next + 1) % RUN_AGG_MAXSAMPLES;
		if (g->nsamples < RUN_AGG_MAXSAMPLES)
			g->nsamples++;
		if (!g->row.has_seconds || s < g->row.best_s)
			g->row.best_s = s;
		g->row.latest_s = s;
		g->row.has_seconds = true;
		g->dirty = true;
	}
	if (run_result_num(r, "gbps", &gb) == 0) {
		if (!g->row.has_gbps || gb > g->row.best_gbps)
			g->row.best_gbps = gb;
		g->row.latest_gbps = gb;
		g->row.has_gbps = true;
	}
	run_result_clear(&g->row.latest);
	g->row.latest = copy;
	g->row.count++;
	return 0;
}

size_t run_agg_count(const struct run_agg *a) { return a->n; }

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

const struct run_agg_row *run_agg_row(struct run_agg *a, size_t i)
{
	struct agg_group *g;

	if (i >= a->n)
		return NULL;
	g = &a->groups[i];
	if (g->dirty && g->nsamples) {
		double tmp[RUN_AGG_MAXSAMPLES];
		size_t n = g->nsamples;

		memcpy(tmp, g->samples, n * sizeof *tmp);
		qsort(tmp, n, sizeof *tmp, cmp_double);
		g->row.median_s = n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
		g->dirty = false;
	}
	return &g->row;
}

const struct run_agg_row *run_agg_fastest(struct run_agg *a)
{
	const struct run_agg_row *best = NULL;

	for (size_t i = 0; i < a->n; i++) {
		const struct run_agg_row *r = run_agg_row(a, i);
		if (r->has_seconds && (!best || r->best_s < best->best_s))
			best = r;
	}
	return best;
}
