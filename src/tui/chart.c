/*
 * chart.c — the chart beside a run's results, one kind per kernel: a
 * table of rows (kernel, drawing function), the default for kernels not
 * in it.
 *
 *   sum     bars of bandwidth per variant (and the run compared with)
 *   map     speedup against threads, the ideal line and the Amdahl fit
 *   ring    latency and bandwidth against message size, log axes
 *   gpuadd  host-to-device, kernel, device-to-host stacked per row
 *   other   bars of the best time per row
 *
 * Unicode blocks where the locale has UTF-8, ASCII otherwise.
 */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/live.h"

/* ---------------------------------------------------------------- bars */

/* A bar of F (0..1) of W columns at the cursor. */
static void bar(struct app *a, double f, int w, int attr, bool hollow)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int eighths = (int)(f * w * 8 + 0.5);

	if (f > 0 && eighths == 0)
		eighths = 1;
	attrset(attr);
	for (int i = 0; i < eighths / 8 && i < w; i++)
		addstr(a->utf8 ? (hollow ? "░" : "█") : hollow ? "-" : "#");
	if (eighths % 8 && eighths / 8 < w)
		addstr(a->utf8 ? (hollow ? "░" : part[eighths % 8]) : hollow ? "-" : "=");
	attrset(A_NORMAL);
}

static void title(struct app *a, struct rect r, const char *t)
{
	live_put(a, r.y, r.x + 1, r.w - 2, t, crt_style(LAYOUT_HEADING, 0));
}

/* Bars of each row's figure: GB/s when BANDWIDTH (longer is better),
 * else the best time (longer is slower). */
static void draw_bars(struct app *a, struct rect r, bool bandwidth)
{
	struct live *l = a->live;
	struct run_agg *agg = run_results(l->run);
	size_t n = run_agg_count(agg);
	double max = 0;
	int lw = 4;
	char label[256], val[48], t[320];

	for (size_t i = 0; i < n; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		double v = bandwidth ? (row->has_gbps ? row->best_gbps : 0) :
			   (row->has_seconds ? row->best_s : 0), eb, eg;
		if (v > max)
			max = v;
		if (live_earlier_get(l, row->label, &eb, &eg)) {
			double e = bandwidth ? eg : eb;
			if (e > max)
				max = e;
		}
		results_label(agg, i, label, sizeof label);
		int w = (int)layout_str_width(label, strlen(label));
		if (w > lw)
			lw = w;
	}
	if (lw > r.w / 3)
		lw = r.w / 3;
	/* The slowest best time against the fastest: "boxed/simd 140×". */
	size_t fi = n, si = n;
	for (size_t i = 0; i < n; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		if (!row->has_seconds || row->best_s <= 0)
			continue;
		if (fi == n || row->best_s < run_agg_row(agg, fi)->best_s)
			fi = i;
		if (si == n || row->best_s > run_agg_row(agg, si)->best_s)
			si = i;
	}
	const char *what = bandwidth ? "best GB/s, longer is faster" :
			   "best time, longer is slower";
	if (fi < n && si < n && fi != si) {
		char fl[64], sl[64];
		results_label(agg, fi, fl, sizeof fl);
		results_label(agg, si, sl, sizeof sl);
		snprintf(t, sizeof t, "%s  %s/%s %.3g%s", what, sl, fl,
			 run_agg_row(agg, si)->best_s / run_agg_row(agg, fi)->best_s,
			 crt_glyph(a, "×", "x"));
	} else {
		snprintf(t, sizeof t, "%s", what);
	}
	if (n == 0 || max <= 0)
		return;
	title(a, r, t);
	bool cmp = l->cmp >= 0;
	int per = cmp ? 2 : 1, y = r.y + 1;
	int vw = 10, bw = r.w - 2 - lw - 1 - vw;
	if (bw < 4)
		return;
	for (size_t i = 0; i < n && y + per - 1 < r.y + r.h; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		double v = bandwidth ? row->best_gbps : row->best_s, eb, eg;
		if (bandwidth ? !row->has_gbps : !row->has_seconds)
			continue;
		results_label(agg, i, label, sizeof label);
		live_put(a, y, r.x + 1, lw, label, A_NORMAL);
		move(y, r.x + 2 + lw);
		bar(a, v / max, bw, crt_ui(CRT_CHART), false);
		if (bandwidth)
			snprintf(val, sizeof val, "%.3g", v);
		else
			results_seconds(a, v, val, sizeof val);
		live_put(a, y, r.x + r.w - vw, vw - 1, val, A_NORMAL);
		y++;
		if (cmp) {
			if (live_earlier_get(l, row->label, &eb, &eg) && (bandwidth ? eg : eb) > 0) {
				double e = bandwidth ? eg : eb;
				live_put(a, y, r.x + 1, lw, "then", crt_ui(CRT_CHART2));
				move(y, r.x + 2 + lw);
				bar(a, e / max, bw, crt_ui(CRT_CHART2), true);
				if (bandwidth)
					snprintf(val, sizeof val, "%.3g", e);
				else
					results_seconds(a, e, val, sizeof val);
				live_put(a, y, r.x + r.w - vw, vw - 1, val, crt_ui(CRT_CHART2));
			}
			y++;
		}
	}
}

static void chart_sum(struct app *a, struct rect r)
{
	draw_bars(a, r, true);
}

static void chart_time(struct app *a, struct rect r)
{
	draw_bars(a, r, false);
}

/* ---------------------------------------------------------------- plots */

struct plot {
	struct rect r;              /* the plotting area */
	double x0, x1, y0, y1;
	bool logx, logy;
};

static double tr(double v, bool lg)
{
	return lg ? log10(v > 1e-300 ? v : 1e-300) : v;
}

static int plot_col(const struct plot *p, double x)
{
	double a = tr(p->x0, p->logx), b = tr(p->x1, p->logx);
	double f = b > a ? (tr(x, p->logx) - a) / (b - a) : 0.5;
	return p->r.x + (int)lround(f * (p->r.w - 1));
}

static int plot_row(const struct plot *p, double y)
{
	double a = tr(p->y0, p->logy), b = tr(p->y1, p->logy);
	double f = b > a ? (tr(y, p->logy) - a) / (b - a) : 0.5;
	return p->r.y + p->r.h - 1 - (int)lround(f * (p->r.h - 1));
}

static void plot_point(struct app *a, const struct plot *p, double x, double y,
		       const char *g, int attr)
{
	if (!(x > 0 || !p->logx) || !(y > 0 || !p->logy))
		return;
	int c = plot_col(p, x), rr = plot_row(p, y);
	if (c < p->r.x || c >= p->r.x + p->r.w || rr < p->r.y || rr >= p->r.y + p->r.h)
		return;
	move(rr, c);
	attrset(attr);
	addstr(g);
	attrset(A_NORMAL);
}

/* Frame R for a plot: a title row, the y labels, the x labels; returns the
 * plot with its area inside. */
static struct plot plot_frame(struct app *a, struct rect r, const char *t, const char *ylo,
			      const char *yhi, const char *xlo, const char *xhi)
{
	struct plot p = { { r.y + 1, r.x + 7, r.h - 2, r.w - 8 }, 0, 1, 0, 1, false, false };
	int rule = crt_style(LAYOUT_RULE, 0);

	title(a, r, t);
	live_put(a, p.r.y, r.x, 6, yhi, crt_ui(CRT_NOTE));
	live_put(a, p.r.y + p.r.h - 1, r.x, 6, ylo, crt_ui(CRT_NOTE));
	for (int y = 0; y < p.r.h; y++) {
		move(p.r.y + y, p.r.x - 1);
		attrset(rule);
		addstr(crt_glyph(a, "│", "|"));
	}
	live_put(a, r.y + r.h - 1, p.r.x, p.r.w / 2, xlo, crt_ui(CRT_NOTE));
	int xw = (int)strlen(xhi);
	live_put(a, r.y + r.h - 1, p.r.x + p.r.w - xw, xw, xhi, crt_ui(CRT_NOTE));
	attrset(A_NORMAL);
	return p;
}

/* ---------------------------------------------------------------- map */

static bool row_num(const struct run_agg_row *row, const char *key, double *v)
{
	return run_result_num(&row->latest, key, v) == 0;
}

/* "threads=4" in a label. */
static bool label_num(const char *label, const char *key, double *v)
{
	size_t kl = strlen(key);

	for (const char *s = label; (s = strstr(s, key)); s += kl)
		if ((s == label || s[-1] == ' ') && s[kl] == '=') {
			char *end;
			*v = strtod(s + kl + 1, &end);
			return end != s + kl + 1;
		}
	return false;
}

/* Least squares for Amdahl's serial fraction s from speedups S(p):
 * 1/S - 1/p = s (1 - 1/p). */
static double amdahl_fit(const double *p, const double *S, int n, double cores)
{
	double num = 0, den = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] <= 1 || S[i] <= 0 || p[i] > cores)
			continue;
		double x = 1 - 1 / p[i], y = 1 / S[i] - 1 / p[i];
		num += x * y;
		den += x * x;
	}
	if (den <= 0)
		return -1;
	double s = num / den;
	return s < 0 ? 0 : s > 1 ? 1 : s;
}

#define MAXPTS 64

static double online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (double)n : 1e9;
}

/* Threads or processes: map's mode, else the variant. */
static const char *row_mode(const struct run_agg_row *row)
{
	const char *m = run_result_get(&row->latest, "mode");
	return m ? m : row->variant;
}

static void chart_map(struct app *a, struct rect r)
{
	struct live *l = a->live;
	struct run_agg *agg = run_results(l->run);
	size_t n = run_agg_count(agg);
	double p[MAXPTS], S[MAXPTS], ep[MAXPTS], eS[MAXPTS], base = 0, pbase = 0;
	int np = 0, ne = 0;
	const char *mode = NULL;
	char t[256], yhi[16], xhi[16];

	/* The first mode's rows (threads, or processes): its smallest
	 * worker count is the baseline. */
	for (size_t i = 0; i < n; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		double th;
		if (!row->has_seconds || !row_num(row, "threads", &th))
			continue;
		if (!mode)
			mode = row_mode(row);
		if (strcmp(mode, row_mode(row)) != 0)
			continue;
		if (!pbase || th < pbase) {
			pbase = th;
			base = row->best_s;
		}
	}
	for (size_t i = 0; i < n && np < MAXPTS; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		double th;
		if (!mode || !row->has_seconds || !row_num(row, "threads", &th) ||
		    strcmp(mode, row_mode(row)) != 0 || row->best_s <= 0)
			continue;
		p[np] = th;
		S[np++] = base / row->best_s * pbase;
	}
	/* The run compared with: the same mode's rows. */
	double ebase = 0, epb = 0;
	for (size_t i = 0; i < live_earlier_rows(l); i++) {
		double b, g, th;
		const char *lab = live_earlier_label(l, i, &b, &g);
		if (lab && b > 0 && mode && strncmp(lab, mode, strlen(mode)) == 0 &&
		    label_num(lab, "threads", &th) && (!epb || th < epb)) {
			epb = th;
			ebase = b;
		}
	}
	for (size_t i = 0; i < live_earlier_rows(l) && ne < MAXPTS; i++) {
		double b, g, th;
		const char *lab = live_earlier_label(l, i, &b, &g);
		if (lab && b > 0 && mode && strncmp(lab, mode, strlen(mode)) == 0 &&
		    label_num(lab, "threads", &th)) {
			ep[ne] = th;
			eS[ne++] = ebase / b * epb;
		}
	}
	/* The kernel's own fit once it has said it (it fits only up to its
	 * cores: more workers than cores measure the oversubscription, not
	 * the serial part); meanwhile a fit over the counts up to the cores. */
	double s = l->has_amdahl ? l->amdahl : amdahl_fit(p, S, np, online_cores());
	double pmax = 2, smax = 1;
	for (int i = 0; i < np; i++) {
		pmax = p[i] > pmax ? p[i] : pmax;
		smax = S[i] > smax ? S[i] : smax;
	}
	for (int i = 0; i < ne; i++) {
		pmax = ep[i] > pmax ? ep[i] : pmax;
		smax = eS[i] > smax ? eS[i] : smax;
	}
	double ymax = (pmax > smax ? pmax : smax) * 1.05;
	if (s >= 0 && r.w < 72)
		snprintf(t, sizeof t, "speedup  %s ran  %s ideal  %s Amdahl s=%.2f%s",
			 crt_glyph(a, "●", "*"), crt_glyph(a, "·", "."), crt_glyph(a, "∙", "-"),
			 s, ne ? "  o then" : "");
	else if (s >= 0)
		snprintf(t, sizeof t, "speedup vs %s  %s measured  %s ideal  %s Amdahl s=%.2f "
			 "(at most %.1f%s)%s", mode && strcmp(mode, "processes") == 0 ?
			 "processes" : "threads", crt_glyph(a, "●", "*"), crt_glyph(a, "·", "."),
			 crt_glyph(a, "∙", "-"), s, s > 0 ? 1 / s : INFINITY,
			 crt_glyph(a, "×", "x"), ne ? "  o earlier" : "");
	else
		snprintf(t, sizeof t, "speedup vs threads  %s measured  %s ideal%s",
			 crt_glyph(a, "●", "*"), crt_glyph(a, "·", "."),
			 np < 2 ? "  (fit after two counts)" : "");
	snprintf(yhi, sizeof yhi, "%.3g%s", ymax, crt_glyph(a, "×", "x"));
	snprintf(xhi, sizeof xhi, "%g", pmax);
	struct plot pl = plot_frame(a, r, t, "0", yhi, "1", xhi);
	if (pl.r.h < 2 || pl.r.w < 8)
		return;
	pl.x0 = 1;
	pl.x1 = pmax;
	pl.y0 = 0;
	pl.y1 = ymax;
	/* Ideal and Amdahl, one point per column. */
	for (int c = 0; c < pl.r.w; c++) {
		double x = 1 + (pmax - 1) * c / (pl.r.w > 1 ? pl.r.w - 1 : 1);
		plot_point(a, &pl, x, x, crt_glyph(a, "·", "."), crt_ui(CRT_CHART2));
		if (s >= 0)
			plot_point(a, &pl, x, 1 / (s + (1 - s) / x), crt_glyph(a, "∙", "-"),
				   crt_ui(CRT_NOTE));
	}
	for (int i = 0; i < ne; i++)
		plot_point(a, &pl, ep[i], eS[i], "o", crt_ui(CRT_CHART2) | A_BOLD);
	for (int i = 0; i < np; i++)
		plot_point(a, &pl, p[i], S[i], crt_glyph(a, "●", "*"), crt_ui(CRT_CHART) | A_BOLD);
}

/* ---------------------------------------------------------------- ring */

static void fmt_bytes(double b, char *buf, size_t len)
{
	if (b >= 1048576)
		snprintf(buf, len, "%gMiB", b / 1048576);
	else if (b >= 1024)
		snprintf(buf, len, "%gKiB", b / 1024);
	else
		snprintf(buf, len, "%gB", b);
}

/* A number in at most six columns. */
static void axis_num(double v, char *buf, size_t len)
{
	if (v != 0 && (fabs(v) < 0.01 || fabs(v) >= 1e6))
		snprintf(buf, len, "%.0e", v);
	else
		snprintf(buf, len, "%.3g", v);
}

/* One log-log plot of the bandwidth rows: latency (us per hop) or GB/s. */
static void ring_plot(struct app *a, struct rect r, bool gbps)
{
	struct live *l = a->live;
	struct run_agg *agg = run_results(l->run);
	size_t n = run_agg_count(agg);
	double x[MAXPTS], y[MAXPTS], ex[MAXPTS], ey[MAXPTS];
	int np = 0, ne = 0;
	char t[160], ylo[16], yhi[16], xlo[16], xhi[16];

	for (size_t i = 0; i < n && np < MAXPTS; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		double b, v;
		if (strcmp(row->variant, "") != 0 && strcmp(row->variant, "bandwidth") != 0)
			continue;
		if (run_result_get(&row->latest, "test") &&
		    strcmp(run_result_get(&row->latest, "test"), "bandwidth") != 0)
			continue;
		if (!row_num(row, "bytes", &b) || b <= 0)
			continue;
		if (gbps ? !row->has_gbps : !row_num(row, "us_per_hop", &v))
			continue;
		x[np] = b;
		y[np++] = gbps ? row->best_gbps : v;
	}
	for (size_t i = 0; gbps && i < live_earlier_rows(l) && ne < MAXPTS; i++) {
		double b, g, by;
		const char *lab = live_earlier_label(l, i, &b, &g);
		if (lab && strncmp(lab, "bandwidth", 9) == 0 && label_num(lab, "bytes", &by) &&
		    g > 0) {
			ex[ne] = by;
			ey[ne++] = g;
		}
	}
	double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
	for (int i = 0; i < np + ne; i++) {
		double xv = i < np ? x[i] : ex[i - np], yv = i < np ? y[i] : ey[i - np];
		if (!i || xv < x0) x0 = xv;
		if (!i || xv > x1) x1 = xv;
		if (!i || yv < y0) y0 = yv;
		if (!i || yv > y1) y1 = yv;
	}
	if (np + ne == 0) {
		title(a, r, gbps ? "bandwidth vs message size: waiting for sizes" :
		      "latency vs message size: waiting for sizes");
		return;
	}
	if (x1 <= x0)
		x1 = x0 * 2;
	if (y1 <= y0) {
		y0 /= 2;
		y1 *= 2;
	}
	snprintf(t, sizeof t, "%s vs message size (log)%s", gbps ? "GB/s" :
		 (a->utf8 ? "µs per hop" : "us per hop"), ne ? "  o earlier" : "");
	axis_num(y0, ylo, sizeof ylo);
	axis_num(y1, yhi, sizeof yhi);
	fmt_bytes(x0, xlo, sizeof xlo);
	fmt_bytes(x1, xhi, sizeof xhi);
	struct plot pl = plot_frame(a, r, t, ylo, yhi, xlo, xhi);
	if (pl.r.h < 2 || pl.r.w < 6)
		return;
	pl.x0 = x0;
	pl.x1 = x1;
	pl.y0 = y0;
	pl.y1 = y1;
	pl.logx = pl.logy = true;
	for (int i = 0; i < ne; i++)
		plot_point(a, &pl, ex[i], ey[i], "o", crt_ui(CRT_CHART2) | A_BOLD);
	for (int i = 0; i < np; i++)
		plot_point(a, &pl, x[i], y[i], crt_glyph(a, "●", "*"), crt_ui(CRT_CHART) | A_BOLD);
}

static void chart_ring(struct app *a, struct rect r)
{
	struct run_agg *agg = run_results(a->live->run);
	int sizes = 0;

	for (size_t i = 0; i < run_agg_count(agg); i++)
		sizes += strcmp(run_agg_row(agg, i)->variant, "bandwidth") == 0 ||
			 strncmp(run_agg_row(agg, i)->label, "bandwidth", 9) == 0;
	if (sizes < 2) {
		/* One message size: the latency rows as bars read better. */
		draw_bars(a, r, false);
		return;
	}
	if (r.w >= 64) {
		struct rect left = { r.y, r.x, r.h, r.w / 2 - 1 };
		struct rect rt = { r.y, r.x + r.w / 2, r.h, r.w - r.w / 2 };
		ring_plot(a, left, false);
		ring_plot(a, rt, true);
	} else if (r.h >= 10) {
		struct rect top = { r.y, r.x, r.h / 2, r.w };
		struct rect bot = { r.y + r.h / 2, r.x, r.h - r.h / 2, r.w };
		ring_plot(a, top, false);
		ring_plot(a, bot, true);
	} else {
		ring_plot(a, r, false);
	}
}

/* ---------------------------------------------------------------- gpuadd */

static void chart_gpuadd(struct app *a, struct rect r)
{
	static const char *const keys[] = { "h2d_seconds", "kernel_seconds", "d2h_seconds" };
	static const char *const utf[] = { "█", "▓", "▒" };
	static const char ascii[] = "HKD";
	static const enum crt_ui ui[] = { CRT_CHART, CRT_CHART2, CRT_NOTE };
	struct live *l = a->live;
	struct run_agg *agg = run_results(l->run);
	size_t n = run_agg_count(agg);
	double max = 0;
	char t[200], label[128], val[32];

	for (size_t i = 0; i < n; i++) {
		double sum = 0, v;
		for (int k = 0; k < 3; k++)
			if (row_num(run_agg_row(agg, i), keys[k], &v))
				sum += v;
		max = sum > max ? sum : max;
	}
	snprintf(t, sizeof t, "time per run: %s host%sdevice  %s kernel  %s device%shost",
		 a->utf8 ? utf[0] : "H", crt_glyph(a, "→", "->"), a->utf8 ? utf[1] : "K",
		 a->utf8 ? utf[2] : "D", crt_glyph(a, "→", "->"));
	title(a, r, t);
	if (max <= 0)
		return;
	int lw = r.w / 4, vw = 10, bw = r.w - 3 - lw - vw;
	for (size_t i = 0; i < n && (int)i + 1 < r.h && bw > 3; i++) {
		const struct run_agg_row *row = run_agg_row(agg, i);
		int y = r.y + 1 + (int)i, x = r.x + 2 + lw;
		double total = 0;
		results_label(agg, i, label, sizeof label);
		live_put(a, y, r.x + 1, lw, label, A_NORMAL);
		move(y, x);
		for (int k = 0; k < 3; k++) {
			double v;
			if (!row_num(row, keys[k], &v))
				continue;
			total += v;
			int cells = (int)lround(v / max * bw);
			attrset(crt_ui(ui[k]));
			for (int c = 0; c < cells; c++)
				if (a->utf8)
					addstr(utf[k]);
				else
					addch((chtype)(unsigned char)ascii[k]);
		}
		attrset(A_NORMAL);
		results_seconds(a, total, val, sizeof val);
		live_put(a, y, r.x + r.w - vw, vw - 1, val, A_NORMAL);
	}
}

/* ---------------------------------------------------------------- table */

struct chart_kind {
	const char *kernel;
	void (*draw)(struct app *a, struct rect r);
};

static const struct chart_kind kinds[] = {
	{ "sum", chart_sum },
	{ "map", chart_map },
	{ "ring", chart_ring },
	{ "gpuadd", chart_gpuadd },
};

void chart_draw(struct app *a, struct rect r)
{
	struct live *l = a->live;
	void (*fn)(struct app *, struct rect) = chart_time;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kernel, l->name) == 0)
			fn = kinds[i].draw;
	if (run_agg_count(run_results(l->run)) == 0)
		return;
	fn(a, r);
}
