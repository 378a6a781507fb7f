/* sum.c - hpct-sum: why a pure-Python loop is slow and where the limit of a
 * fast one lies (episode 2). The same N numbers are summed by a model of an
 * interpreter's boxed loop, a plain C loop, a vectorised loop and OpenBLAS;
 * add-then-sum is done with a temporary array, in place, and fused. Every
 * variant is timed (warm-up, repeats, best and median), reported in GB/s of
 * the memory it must move, and checked against a reference sum. */
#include "common/hpct.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sum_boxed.h"

enum sum_dtype { SUM_F32, SUM_F64 };
static const char *const sum_dtypes[] = { "float32", "float64", NULL };

struct sum_ctx {
	uint64_t n;
	int dtype;
	size_t esize;
	void *a, *b;          /* b only for the add-then-sum variants */
	double ref_a, ref_b;  /* reference sums of a (as first filled) and b */
	uint64_t ref_xor;     /* reference for the read probe */
	uint64_t adds_done;   /* in-place variant: how often b was added into a */
};

/* ------------------------------------------------------------ variants */

/* Plain C: one accumulator, one add after the other. Without permission to
 * reorder floating-point adds the compiler keeps them in sequence, so the
 * loop runs at the latency of one add per element. float32 data is summed
 * in double, as the precision lesson asks: a float accumulator stops growing
 * once it is 2^24 times larger than what is added. */
static double sum_loop(struct sum_ctx *c)
{
	double s = 0;
	if (c->dtype == SUM_F64) {
		const double *x = c->a;
		for (uint64_t i = 0; i < c->n; i++)
			s += x[i];
	} else {
		const float *x = c->a;
		for (uint64_t i = 0; i < c->n; i++)
			s += x[i];
	}
	return s;
}

/* Vectorised: eight partial sums in vector registers instead of one
 * scalar, so the adds no longer wait for each other, and four streams:
 * the array is read as four quarters at once, which keeps more of the
 * core's prefetchers busy than a single stream does. The loop then runs
 * as fast as memory delivers the data. Written with GCC's generic vectors
 * (SSE2 on any x86-64, NEON on arm64): portable flags, no -march, so the
 * binary runs on every node of a cluster. */
#define SUM_STREAMS 4
typedef double sum_v2d __attribute__((vector_size(16)));
typedef float sum_v4f __attribute__((vector_size(16)));
typedef uint64_t sum_v2u __attribute__((vector_size(16)));

static double sum_simd_f64(const double *x, uint64_t n)
{
	uint64_t q = n / (SUM_STREAMS * 4) * 4;  /* doubles per stream, whole vector pairs */
	const sum_v2d *v0 = (const sum_v2d *)x, *v1 = (const sum_v2d *)(x + q);
	const sum_v2d *v2 = (const sum_v2d *)(x + 2 * q), *v3 = (const sum_v2d *)(x + 3 * q);
	sum_v2d a0 = { 0, 0 }, a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
	double s = 0;
	for (uint64_t k = 0; k < q / 2; k += 2) {
		a0 += v0[k];
		a1 += v0[k + 1];
		b0 += v1[k];
		b1 += v1[k + 1];
		c0 += v2[k];
		c1 += v2[k + 1];
		d0 += v3[k];
		d1 += v3[k + 1];
	}
	a0 += a1 + b0 + b1 + c0 + c1 + d0 + d1;
	s = a0[0] + a0[1];
	for (uint64_t i = SUM_STREAMS * q; i < n; i++)
		s += x[i];
	return s;
}

/* float32: float lanes over blocks of 4096 elements per stream (short
 * enough that a float partial sum keeps its precision), each block's
 * lanes then added into a double. Converting every element to double
 * would cost more than reading it, and hide that float32 moves half the
 * bytes. */
#define SUM_F32_BLOCK 4096
static double sum_simd_f32(const float *x, uint64_t n)
{
	uint64_t q = n / (SUM_STREAMS * SUM_F32_BLOCK) * SUM_F32_BLOCK; /* per stream */
	const sum_v4f *v0 = (const sum_v4f *)x, *v1 = (const sum_v4f *)(x + q);
	const sum_v4f *v2 = (const sum_v4f *)(x + 2 * q), *v3 = (const sum_v4f *)(x + 3 * q);
	double s = 0;
	for (uint64_t kb = 0; kb < q / 4; kb += SUM_F32_BLOCK / 4) {
		sum_v4f a0 = { 0, 0, 0, 0 }, a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
		for (uint64_t k = kb; k < kb + SUM_F32_BLOCK / 4; k += 2) {
			a0 += v0[k];
			a1 += v0[k + 1];
			b0 += v1[k];
			b1 += v1[k + 1];
			c0 += v2[k];
			c1 += v2[k + 1];
			d0 += v3[k];
			d1 += v3[k + 1];
		}
		a0 += a1;
		b0 += b1;
		c0 += c1;
		d0 += d1;
		for (int j = 0; j < 4; j++)
			s += (double)a0[j] + (double)b0[j] + (double)c0[j] + (double)d0[j];
	}
	for (uint64_t i = SUM_STREAMS * q; i < n; i++)
		s += x[i];
	return s;
}

static double sum_simd(struct sum_ctx *c)
{
	return c->dtype == SUM_F64 ? sum_simd_f64(c->a, c->n) : sum_simd_f32(c->a, c->n);
}

/* OpenBLAS: ?asum is the sum of absolute values; every value here is
 * positive, so it is the sum. BLAS takes an int count: go in slices.
 * sasum adds in float, and a float accumulator stops growing once it is
 * 2^24 times larger than what is added (at N = 20M the sum is 2% short):
 * float32 goes in slices of 2^20, whose sums are added in double. */
static double sum_blas(struct sum_ctx *c)
{
	const uint64_t slice = c->dtype == SUM_F64 ? 1u << 30 : 1u << 20;
	double s = 0;
	for (uint64_t off = 0; off < c->n; off += slice) {
		int len = (int)(c->n - off < slice ? c->n - off : slice);
		if (c->dtype == SUM_F64)
			s += cblas_dasum(len, (const double *)c->a + off, 1);
		else
			s += cblas_sasum(len, (const float *)c->a + off, 1);
	}
	return s;
}

/* The read-bandwidth probe: the same bytes, in the same four streams,
 * read 16 at a time into vector registers and folded with XOR, the
 * cheapest operation there is, so nothing but memory limits it. It is the
 * yardstick the summing variants are measured against. */
static double sum_read(struct sum_ctx *c)
{
	const sum_v2u *v = c->a;   /* 64-byte aligned by hpct_alloc */
	const uint64_t *w = c->a;
	uint64_t words = c->n * c->esize / 8, q = words / 2 / SUM_STREAMS, x;
	sum_v2u a0 = { 0, 0 }, a1 = { 0, 0 }, a2 = { 0, 0 }, a3 = { 0, 0 };
	for (uint64_t k = 0; k < q; k++) {
		a0 ^= v[k];
		a1 ^= v[q + k];
		a2 ^= v[2 * q + k];
		a3 ^= v[3 * q + k];
	}
	a0 ^= a1 ^ a2 ^ a3;
	x = a0[0] ^ a0[1];
	for (uint64_t k = q * 2 * SUM_STREAMS; k < words; k++)
		x ^= w[k];
	return (double)(x == c->ref_xor);
}

static double sum_boxed(struct sum_ctx *c)
{
	return c->dtype == SUM_F64 ? boxed_sum_f64(c->a, c->n) : boxed_sum_f32(c->a, c->n);
}

/* (a + b).sum(): the temporary is a fresh array each time, as NumPy makes
 * one: allocating it, touching its new pages, writing and reading it back
 * all cost time. */
static double sum_temp(struct sum_ctx *c)
{
	void *t = malloc(c->n * c->esize);
	double s;
	if (!t)
		hpct_die("cannot allocate the temporary array (%llu bytes)",
			 (unsigned long long)(c->n * c->esize));
	if (c->dtype == SUM_F64) {
		const double *a = c->a, *b = c->b;
		double *tt = t;
		for (uint64_t i = 0; i < c->n; i++)
			tt[i] = a[i] + b[i];
		s = sum_simd_f64(tt, c->n);
	} else {
		const float *a = c->a, *b = c->b;
		float *tt = t;
		for (uint64_t i = 0; i < c->n; i++)
			tt[i] = a[i] + b[i];
		s = sum_simd_f32(tt, c->n);
	}
	free(t);
	return s;
}

/* np.add(a, b, out=a); a.sum(): no new array, but a is written and read
 * again. a changes each time; the check knows how often b was added. */
static double sum_inplace(struct sum_ctx *c)
{
	if (c->dtype == SUM_F64) {
		double *a = c->a;
		const double *b = c->b;
		for (uint64_t i = 0; i < c->n; i++)
			a[i] += b[i];
	} else {
		float *a = c->a;
		const float *b = c->b;
		for (uint64_t i = 0; i < c->n; i++)
			a[i] += b[i];
	}
	c->adds_done++;
	return sum_simd(c);
}

/* Fused: sum of a[i] + b[i] in one pass, no array written at all. */
static double sum_fused(struct sum_ctx *c)
{
	double s = 0;
	if (c->dtype == SUM_F64) {
		const double *a = c->a, *b = c->b;
#pragma omp simd reduction(+:s)
		for (uint64_t i = 0; i < c->n; i++)
			s += a[i] + b[i];
	} else {
		const float *a = c->a, *b = c->b;
#pragma omp simd reduction(+:s)
		for (uint64_t i = 0; i < c->n; i++)
			s += (double)(a[i] + b[i]);
	}
	return s;
}

enum sum_group { SUM_GROUP_SUM = 1, SUM_GROUP_ADD = 2, SUM_GROUP_PROBE = 4 };

struct sum_variant {
	const char *name;
	int group;
	double (*run)(struct sum_ctx *);
	int traffic;        /* arrays of N elements moved per call (reads + writes) */
	const char *label;  /* for the human lines */
};

static const struct sum_variant sum_variants[] = {
	{ "boxed", SUM_GROUP_SUM, sum_boxed, 1, "boxed loop (interpreter model)" },
	{ "loop", SUM_GROUP_SUM, sum_loop, 1, "C loop" },
	{ "simd", SUM_GROUP_SUM, sum_simd, 1, "vectorised loop" },
	{ "blas", SUM_GROUP_SUM, sum_blas, 1, "OpenBLAS ?asum" },
	{ "read", SUM_GROUP_PROBE, sum_read, 1, "read probe (XOR of words)" },
	{ "temp", SUM_GROUP_ADD, sum_temp, 4, "(a + b).sum() with temporary" },
	{ "inplace", SUM_GROUP_ADD, sum_inplace, 4, "a += b; a.sum()" },
	{ "fused", SUM_GROUP_ADD, sum_fused, 2, "sum(a[i] + b[i]) fused" },
};
#define SUM_NVARIANTS (sizeof sum_variants / sizeof sum_variants[0])

/* --variant takes names and groups, comma separated. */
static const struct {
	const char *name;
	int groups;
} sum_groups[] = {
	{ "sum", SUM_GROUP_SUM },
	{ "add", SUM_GROUP_ADD },
	{ "all", SUM_GROUP_SUM | SUM_GROUP_ADD | SUM_GROUP_PROBE },
};

static void sum_select(const char *text, int chosen[SUM_NVARIANTS])
{
	char buf[256], *save = NULL;
	if (strlen(text) >= sizeof buf)
		hpct_usage_error("--variant: list too long");
	strcpy(buf, text);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = 0;
		for (size_t g = 0; g < sizeof sum_groups / sizeof sum_groups[0]; g++) {
			if (strcmp(tok, sum_groups[g].name) == 0) {
				for (size_t v = 0; v < SUM_NVARIANTS; v++)
					if (sum_variants[v].group & sum_groups[g].groups)
						chosen[v] = 1;
				found = 1;
			}
		}
		for (size_t v = 0; v < SUM_NVARIANTS; v++) {
			if (strcmp(tok, sum_variants[v].name) == 0)
				chosen[v] = found = 1;
		}
		if (!found)
			hpct_usage_error("--variant: unknown variant '%s' (choose boxed, loop, simd, "
					 "blas, read, temp, inplace, fused, or the groups sum, add, all)", tok);
	}
}

/* ------------------------------------------------------------ data */

/* Values are multiples of 1/8 below 1: every partial sum is exact in
 * double for any order of the adds (up to 2^50 elements), and in float
 * while a partial sum stays below 2^21, so each variant must reproduce the reference to the last bit,
 * whatever it reorders. The check allows a relative 1e-12 all the same. */
static void sum_fill(void *p, uint64_t n, int dtype, unsigned shift)
{
	for (uint64_t i = 0; i < n; i++) {
		double v = (double)((i * 7 + shift) % 8) * 0.125;
		if (dtype == SUM_F64)
			((double *)p)[i] = v;
		else
			((float *)p)[i] = (float)v;
	}
}

/* Compensated (Neumaier) reference, independent of the variants above. */
static double sum_reference(const void *p, uint64_t n, int dtype)
{
	double s = 0, comp = 0;
	for (uint64_t i = 0; i < n; i++) {
		double v = dtype == SUM_F64 ? ((const double *)p)[i] : ((const float *)p)[i];
		double t = s + v;
		comp += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
		s = t;
	}
	return s + comp;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
	uint64_t n = 10000000;
	int dtype = SUM_F64;
	const char *variant_text = "sum";
	long repeats = 5, warmup = 1, threads = 0;
	const struct hpct_opt opts[] = {
		{ "n", HPCT_OPT_SIZE, &n, "N", "number of elements (default 10M)", 1, 1e12, NULL },
		{ "dtype", HPCT_OPT_CHOICE, &dtype, "TYPE", "element type (default float64)", 0, 0, sum_dtypes },
		{ "variant", HPCT_OPT_STRING, &variant_text, "LIST",
		  "variants, comma separated: boxed loop simd blas read temp inplace fused, "
		  "or sum (default), add, all", 0, 0, NULL },
		{ "repeats", HPCT_OPT_INT, &repeats, "K", "timed repeats per variant (default 5)", 1, 1000, NULL },
		{ "warmup", HPCT_OPT_INT, &warmup, "K", "untimed runs first (default 1)", 0, 100, NULL },
		{ "threads", HPCT_OPT_INT, &threads, "T", "OpenBLAS threads (default 1: one core)", 1, 1024, NULL },
	};
	const struct hpct_prog prog = {
		"sum", "Sum N numbers several ways and compare them with memory bandwidth.",
		"Variants: boxed (a model of an interpreter's loop: a heap object per value,\n"
		"the add dispatched through its type, reference counts), loop (plain C),\n"
		"simd (vectorised), blas (OpenBLAS), read (a read-bandwidth probe); add-then-sum:\n"
		"temp ((a + b).sum()), inplace (a += b; a.sum()), fused (one pass, no array).",
		opts, sizeof opts / sizeof opts[0],
	};
	int chosen[SUM_NVARIANTS] = { 0 };
	struct sum_ctx c = { 0 };
	int need_b = 0, failed = 0;
	double best[SUM_NVARIANTS] = { 0 }, median[SUM_NVARIANTS] = { 0 }, fastest = 0;
	double *samples;
	char nbuf[32];

	hpct_parse(&prog, argc, argv);
	sum_select(variant_text, chosen);
	/* One core unless asked: set before OpenBLAS spawns its threads. */
	{
		char t[16];
		snprintf(t, sizeof t, "%ld", threads ? threads : 1);
		setenv("OPENBLAS_NUM_THREADS", t, 1);
		setenv("OMP_NUM_THREADS", t, 1);
#ifdef OPENBLAS_VERSION
		openblas_set_num_threads((int)(threads ? threads : 1));
#endif
	}
	c.n = n;
	c.dtype = dtype;
	c.esize = dtype == SUM_F64 ? 8 : 4;
	for (size_t v = 0; v < SUM_NVARIANTS; v++)
		if (chosen[v] && sum_variants[v].group == SUM_GROUP_ADD)
			need_b = 1;
	{
		uint64_t bytes = n * c.esize * (need_b ? 3 : 1); /* a, b and a temporary */
		hpct_mem_require(bytes, need_b ? "arrays a, b and the temporary" : "the array");
	}
	c.a = hpct_alloc(n * c.esize, "the array");
	sum_fill(c.a, n, dtype, 0);
	c.ref_a = sum_reference(c.a, n, dtype);
	{
		const uint64_t *w = c.a;
		uint64_t x = 0;
		for (uint64_t i = 0; i < n * c.esize / 8; i++)
			x ^= w[i];
		c.ref_xor = x;
	}
	if (need_b) {
		c.b = hpct_alloc(n * c.esize, "array b");
		sum_fill(c.b, n, dtype, 3);
		c.ref_b = sum_reference(c.b, n, dtype);
	}
	samples = hpct_alloc(sizeof *samples * (size_t)repeats, "samples");

	hpct_format_size(n, nbuf, sizeof nbuf);
	printf("sum: N = %s (%llu) %s, %.1f MB per array, %ld repeats after %ld warm-up, "
	       "BLAS threads %ld\n", nbuf, (unsigned long long)n, sum_dtypes[dtype],
	       n * c.esize / 1e6, repeats, warmup, threads ? threads : 1);

	for (size_t v = 0; v < SUM_NVARIANTS; v++) {
		const struct sum_variant *sv = &sum_variants[v];
		double bytes = (double)sv->traffic * (double)n * (double)c.esize;
		int ok = 1;
		if (!chosen[v])
			continue;
		for (long w = 0; w < warmup; w++)
			(void)sv->run(&c);
		for (long r = 0; r < repeats; r++) {
			struct hpct_result res;
			double t0 = hpct_now(), value = sv->run(&c), t = hpct_now() - t0;
			/* a holds its first values plus b once per in-place add so far. */
			double expect = c.ref_a + (double)c.adds_done * c.ref_b +
					(sv->group == SUM_GROUP_ADD && sv->run != sum_inplace ? c.ref_b : 0);
			int good;
			/* Variants run in table order: the probe reads a before any
			 * in-place add has changed it. */
			if (sv->run == sum_read) {
				good = value == 1.0;
				value = (double)c.ref_xor;
			} else {
				good = fabs(value - expect) <= 1e-12 * fabs(expect);
			}
			samples[r] = t;
			hpct_result_begin(&res, "sum");
			hpct_result_str(&res, "variant", sv->name);
			hpct_result_str(&res, "dtype", sum_dtypes[dtype]);
			hpct_result_u64(&res, "n", n);
			hpct_result_int(&res, "rep", r + 1);
			hpct_result_dbl(&res, "seconds", t, 6);
			hpct_result_dbl(&res, "gbps", bytes / t / 1e9, 4);
			hpct_result_dbl(&res, "value", value, 15);
			hpct_result_str(&res, "check", good ? "ok" : "FAIL");
			hpct_result_end(&res);
			if (!good) {
				fprintf(stderr, "hpct-sum: %s gave %.17g, expected %.17g "
					"(relative tolerance 1e-12)\n", sv->name, value, expect);
				ok = 0;
			}
		}
		{
			struct hpct_stats st = hpct_stats(samples, (size_t)repeats);
			best[v] = st.best;
			median[v] = st.median;
			if (!fastest || st.best < fastest)
				fastest = st.best;
			printf("  %-32s best %10.6f s  median %10.6f s  %7.2f GB/s  %s\n", sv->label,
			       st.best, st.median, bytes / st.best / 1e9, ok ? "check ok" : "CHECK FAILED");
		}
		failed |= !ok;
	}
	printf("summary (ratio = best time / fastest best time):\n");
	for (size_t v = 0; v < SUM_NVARIANTS; v++) {
		struct hpct_result res;
		double bytes = (double)sum_variants[v].traffic * (double)n * (double)c.esize;
		if (!chosen[v])
			continue;
		printf("  %-8s %8.1fx\n", sum_variants[v].name, best[v] / fastest);
		hpct_result_begin(&res, "sum");
		hpct_result_str(&res, "variant", sum_variants[v].name);
		hpct_result_str(&res, "dtype", sum_dtypes[dtype]);
		hpct_result_u64(&res, "n", n);
		hpct_result_str(&res, "stat", "summary");
		hpct_result_dbl(&res, "best", best[v], 6);
		hpct_result_dbl(&res, "median", median[v], 6);
		hpct_result_dbl(&res, "gbps", bytes / best[v] / 1e9, 4);
		hpct_result_dbl(&res, "ratio", best[v] / fastest, 4);
		hpct_result_end(&res);
	}
	free(samples);
	free(c.a);
	free(c.b);
	if (failed) {
		fprintf(stderr, "hpct-sum: a variant computed a wrong sum (check=FAIL above)\n");
		return HPCT_EXIT_FAIL;
	}
	return 0;
}
