/*
 * results.c — the results table of a run: one row per variant (or per
 * variant and message size, thread count, ...), filled as result lines
 * arrive, with best, median and latest time, bandwidth, the kernel's own
 * check, the figure of an earlier run when one is compared (C), and a
 * sparkline of the latest repeats.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/format.h"
#include "tui/live.h"

#define TIME_W 8

void results_seconds(const struct app *a, double s, char *buf, size_t len)
{
	(void)a;
	if (s < 0) {
		snprintf(buf, len, "-");
		return;
	}
	run_format_seconds(s, buf, len);
}

int results_rows(const struct app *a, size_t n)
{
	(void)a;
	return n ? (int)n + 1 : 2;
}

/* "1048576" bytes as "1MiB". */
static void human_bytes(const char *v, char *buf, size_t len)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 10);

	if (*end || !*v)
		snprintf(buf, len, "%.40sB", v);
	else if (n >= 1048576 && n % 1048576 == 0)
		snprintf(buf, len, "%lluMiB", n / 1048576);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%lluKiB", n / 1024);
	else
		snprintf(buf, len, "%lluB", n);
}

/* Is word W (LEN bytes) in every row's label? */
static bool in_every_row(struct run_agg *agg, const char *w, size_t len)
{
	size_t n = run_agg_count(agg);

	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *s = run_agg_row(agg, i)->label;
		bool found = false;
		while (*s && !found) {
			size_t l = strcspn(s, " ");
			found = l == len && memcmp(s, w, len) == 0;
			s += l;
			s += strspn(s, " ");
		}
		if (!found)
			return false;
	}
	return true;
}

void results_label(struct run_agg *agg, size_t i, char *buf, size_t len)
{
	const char *s = run_agg_row(agg, i)->label;
	size_t n = 0;

	buf[0] = '\0';
	while (*s && n + 1 < len) {
		size_t l = strcspn(s, " ");
		char word[128];
		snprintf(word, sizeof word, "%.*s", (int)(l < 127 ? l : 127), s);
		if (!in_every_row(agg, s, l)) {
			char h[64];
			const char *w = word;
			if (strncmp(word, "bytes=", 6) == 0) {
				human_bytes(word + 6, h, sizeof h);
				w = h;
			}
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", w);
		}
		s += l;
		s += strspn(s, " ");
	}
	if (!buf[0])
		snprintf(buf, len, "%s", run_agg_row(agg, i)->label);
}

/* A sparkline of the series' repeats, oldest first, W columns at most. */
static void sparkline(struct app *a, int y, int x, int w, const struct live_series *s)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char ascii[] = "_.-~=*%#";
	double lo = 0, hi = 0;
	unsigned n = s->n < (unsigned)w ? s->n : (unsigned)w;

	for (unsigned i = 0; i < n; i++) {
		double v = s->v[(s->head + LIVE_SPARK - n + i) % LIVE_SPARK];
		if (i == 0 || v < lo)
			lo = v;
		if (i == 0 || v > hi)
			hi = v;
	}
	move(y, x);
	attrset(crt_ui(CRT_CHART));
	for (unsigned i = 0; i < n; i++) {
		double v = s->v[(s->head + LIVE_SPARK - n + i) % LIVE_SPARK];
		int k = hi > lo ? (int)((v - lo) / (hi - lo) * 7.0 + 0.5) : 0;
		if (a->utf8)
			addstr(blocks[k]);
		else
			addch((chtype)(unsigned char)ascii[k]);
	}
	attrset(A_NORMAL);
}

static void right(struct app *a, int y, int x, int w, const char *s, int attr)
{
	int sw = (int)layout_str_width(s, strlen(s));
	live_put(a, y, x + (sw < w ? w - sw : 0), w, s, attr);
}

void results_draw(struct app *a, struct rect r)
{
	struct live *l = a->live;
	struct run_agg *agg = run_results(l->run);
	size_t n = run_agg_count(agg);
	bool then = l->cmp >= 0, gbps = false;
	int lw = 7;
	char label[256];

	if (r.h <= 0)
		return;
	for (size_t i = 0; i < n; i++) {
		results_label(agg, i, label, sizeof label);
		int w = (int)layout_str_width(label, strlen(label));
		if (w > lw)
			lw = w;
		gbps = gbps || run_agg_row(agg, i)->has_gbps;
	}
	if (lw > 22)
		lw = 22;
	/* label best [median [latest]] [GB/s] check [earlier] [repeats]: when
	 * narrow, latest goes first, then median, so the label stays
	 * readable. */
	int ntime = 3, gw = gbps || n == 0 ? 8 : 0, ew = then ? TIME_W + 1 : 0;
	int want = lw < 10 ? lw : 10;
	while (ntime > 1 && want + ntime * (TIME_W + 1) + gw + 6 + ew > r.w - 1)
		ntime--;
	int fixed = ntime * (TIME_W + 1) + gw + 6 + ew;
	if (lw + fixed > r.w - 1)
		lw = r.w - 1 - fixed;
	if (lw < 4)
		lw = 4;
	/* What is left after two columns of space, one spare at the edge. */
	int spark = r.w - 1 - lw - fixed - 3;
	spark = spark > 24 ? 24 : spark < 6 ? 0 : spark;

	static const char *const tnames[] = { "best", "median", "latest" };
	int y = r.y, x;
	int head = crt_style(LAYOUT_TABLE_HEAD, 0) | A_UNDERLINE;
	move(y, r.x);
	attrset(head);
	for (int i = 0; i < r.w; i++)
		addch(' ');
	live_put(a, y, r.x + 1, lw, "variant", head);
	x = r.x + 1 + lw;
	for (int t = 0; t < ntime; t++)
		right(a, y, x, TIME_W + 1, tnames[t], head), x += TIME_W + 1;
	if (gw)
		right(a, y, x, gw, "GB/s", head), x += gw;
	right(a, y, x, 6, "check", head), x += 6;
	if (then)
		right(a, y, x, TIME_W + 1, "earlier", head), x += TIME_W + 1;
	if (spark)
		live_put(a, y, x + 2, spark, "repeats", head);
	attrset(A_NORMAL);

	if (n == 0) {
		if (r.h > 1)
			live_put(a, y + 1, r.x + 1, r.w - 2, l->exited ? "(no result lines)" :
				 "waiting for the first result...", crt_ui(CRT_NOTE));
		return;
	}
	long max = (long)n - (r.h - 1);
	if (max < 0)
		max = 0;
	if (l->scroll_res > max)
		l->scroll_res = max;
	for (int i = 0; i + 1 < r.h && (size_t)(l->scroll_res + i) < n; i++) {
		size_t k = (size_t)l->scroll_res + (size_t)i;
		const struct run_agg_row *row = run_agg_row(agg, k);
		char b[32];
		y = r.y + 1 + i;
		results_label(agg, k, label, sizeof label);
		live_put(a, y, r.x + 1, lw, label, A_BOLD);
		x = r.x + 1 + lw;
		if (row->has_seconds) {
			const double v[3] = { row->best_s, row->median_s, row->latest_s };
			for (int t = 0; t < ntime; t++) {
				results_seconds(a, v[t], b, sizeof b);
				right(a, y, x + t * (TIME_W + 1), TIME_W + 1, b,
				      t == 0 ? A_BOLD : A_NORMAL);
			}
		}
		x += ntime * (TIME_W + 1);
		if (gw) {
			if (!row->has_gbps)
				snprintf(b, sizeof b, "-");
			else if (row->best_gbps < 0.01)
				snprintf(b, sizeof b, "%.1g", row->best_gbps);
			else
				snprintf(b, sizeof b, "%.3g", row->best_gbps);
			right(a, y, x, gw, b, A_NORMAL);
			x += gw;
		}
		const char *ck = row->check_failed ? "FAIL" : row->check ? row->check : "-";
		right(a, y, x, 6, ck, crt_ui(row->check_failed ? CRT_WARN : CRT_GOOD));
		x += 6;
		if (then) {
			double eb, eg;
			if (live_earlier_get(l, row->label, &eb, &eg) && eb >= 0)
				results_seconds(a, eb, b, sizeof b);
			else
				snprintf(b, sizeof b, "-");
			right(a, y, x, TIME_W + 1, b, crt_ui(CRT_CHART2));
			x += TIME_W + 1;
		}
		const struct live_series *s = live_series_find(l, row->label);
		if (spark && s)
			sparkline(a, y, x + 2, spark, s);
	}
}
