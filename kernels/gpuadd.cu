/* gpuadd.cu - hpct-gpuadd: c = a + b on a GPU, written once (episode 4).
 * The same file is compiled by hipcc (hpct-gpuadd-hip), by nvcc
 * (hpct-gpuadd-cuda) and by the C compiler (hpct-gpuadd, the host
 * backend of gpu_portable.h, which runs the kernel body over the grid on
 * the CPU). It times the three steps apart - copying a and b to the
 * device, the kernel, copying c back - with GB/s for each, from pageable
 * (malloc) and from pinned (page-locked) host memory, so the learner sees
 * when the transfers cost more than the arithmetic. c is checked against
 * a + b computed on the host, element by element. */
#include "common/hpct.h"
#include "gpu_portable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernels: one thread per element. */
GPU_KERNEL void gpuadd_f32(const float *a, const float *b, float *c, size_t n)
{
	size_t i = GPU_GLOBAL_INDEX;
	if (i < n)
		c[i] = a[i] + b[i];
}

GPU_KERNEL void gpuadd_f64(const double *a, const double *b, double *c, size_t n)
{
	size_t i = GPU_GLOBAL_INDEX;
	if (i < n)
		c[i] = a[i] + b[i];
}

enum { GA_F32, GA_F64 };
static const char *const ga_dtypes[] = { "float32", "float64", NULL };
enum { GA_PAGEABLE, GA_PINNED, GA_BOTH };
static const char *const ga_memories[] = { "pageable", "pinned", "both", NULL };

static void ga_check(gpuError_t e, const char *what)
{
	if (e != gpuSuccess)
		hpct_die("%s failed: %s", what, gpuGetErrorString(e));
}

struct ga_run {
	uint64_t n;
	int dtype;
	size_t esize;
	unsigned block;
	long repeats, warmup;
};

static void ga_fill(const struct ga_run *g, void *a, void *b)
{
	for (uint64_t i = 0; i < g->n; i++) {
		double x = (double)(i % 1000) * 0.5, y = (double)(i % 77) * 0.25;
		if (g->dtype == GA_F64) {
			((double *)a)[i] = x;
			((double *)b)[i] = y;
		} else {
			((float *)a)[i] = (float)x;
			((float *)b)[i] = (float)y;
		}
	}
}

/* Count the elements of c that are not exactly a + b. */
static uint64_t ga_verify(const struct ga_run *g, const void *a, const void *b, const void *c)
{
	uint64_t bad = 0;
	for (uint64_t i = 0; i < g->n; i++) {
		if (g->dtype == GA_F64)
			bad += ((const double *)c)[i] != ((const double *)a)[i] + ((const double *)b)[i];
		else
			bad += ((const float *)c)[i] != (float)(((const float *)a)[i] + ((const float *)b)[i]);
	}
	return bad;
}

static int ga_measure(const struct ga_run *g, int pinned)
{
	const char *mem = ga_memories[pinned ? GA_PINNED : GA_PAGEABLE];
	size_t bytes = (size_t)g->n * g->esize;
	size_t blocks = ((size_t)g->n + g->block - 1) / g->block;
	void *a, *b, *c, *da, *db, *dc;
	double *t_h2d = (double *)hpct_alloc(sizeof(double) * (size_t)g->repeats, "samples");
	double *t_k = (double *)hpct_alloc(sizeof(double) * (size_t)g->repeats, "samples");
	double *t_d2h = (double *)hpct_alloc(sizeof(double) * (size_t)g->repeats, "samples");
	int failed = 0;

	if (pinned) {
		ga_check(gpuMallocHost((void **)&a, bytes), "allocating pinned a");
		ga_check(gpuMallocHost((void **)&b, bytes), "allocating pinned b");
		ga_check(gpuMallocHost((void **)&c, bytes), "allocating pinned c");
	} else {
		a = hpct_alloc(bytes, "a");
		b = hpct_alloc(bytes, "b");
		c = hpct_alloc(bytes, "c");
	}
	ga_check(gpuMalloc((void **)&da, bytes), "allocating a on the device");
	ga_check(gpuMalloc((void **)&db, bytes), "allocating b on the device");
	ga_check(gpuMalloc((void **)&dc, bytes), "allocating c on the device");
	ga_fill(g, a, b);

	if (pinned && strcmp(GPU_BACKEND, "host") == 0)
		printf("(the host backend has no page-locking driver: pinned is ordinary memory here)\n");
	printf("%s host memory:\n  %4s %12s %9s %12s %9s %12s %9s\n", mem, "rep", "to device s",
	       "GB/s", "kernel s", "GB/s", "to host s", "GB/s");
	for (long r = -g->warmup; r < g->repeats; r++) {
		double t0, t1, t2, t3;
		uint64_t bad;
		memset(c, 0, bytes);
		ga_check(gpuDeviceSynchronize(), "synchronising");
		t0 = hpct_now();
		ga_check(gpuMemcpy(da, a, bytes, gpuMemcpyHostToDevice), "copying a to the device");
		ga_check(gpuMemcpy(db, b, bytes, gpuMemcpyHostToDevice), "copying b to the device");
		ga_check(gpuDeviceSynchronize(), "synchronising");
		t1 = hpct_now();
		if (g->dtype == GA_F64)
			GPU_LAUNCH(gpuadd_f64, blocks, g->block, (const double *)da, (const double *)db,
				   (double *)dc, (size_t)g->n);
		else
			GPU_LAUNCH(gpuadd_f32, blocks, g->block, (const float *)da, (const float *)db,
				   (float *)dc, (size_t)g->n);
		ga_check(gpuGetLastError(), "launching the kernel");
		ga_check(gpuDeviceSynchronize(), "running the kernel");
		t2 = hpct_now();
		ga_check(gpuMemcpy(c, dc, bytes, gpuMemcpyDeviceToHost), "copying c to the host");
		ga_check(gpuDeviceSynchronize(), "synchronising");
		t3 = hpct_now();
		bad = ga_verify(g, a, b, c);
		if (bad) {
			fprintf(stderr, "%s: %llu of %llu elements of c differ from a + b\n", hpct_progname(),
				(unsigned long long)bad, (unsigned long long)g->n);
			failed = 1;
		}
		if (r < 0)
			continue;
		t_h2d[r] = t1 - t0;
		t_k[r] = t2 - t1;
		t_d2h[r] = t3 - t2;
		printf("  %4ld %12.6f %9.2f %12.6f %9.2f %12.6f %9.2f\n", r + 1, t_h2d[r],
		       2.0 * bytes / t_h2d[r] / 1e9, t_k[r], 3.0 * bytes / t_k[r] / 1e9, t_d2h[r],
		       bytes / t_d2h[r] / 1e9);
		{
			struct hpct_result res;
			hpct_result_begin(&res, "gpuadd");
			hpct_result_str(&res, "backend", GPU_BACKEND);
			hpct_result_str(&res, "memory", mem);
			hpct_result_str(&res, "dtype", ga_dtypes[g->dtype]);
			hpct_result_u64(&res, "n", g->n);
			hpct_result_int(&res, "rep", r + 1);
			hpct_result_dbl(&res, "h2d_seconds", t_h2d[r], 6);
			hpct_result_dbl(&res, "h2d_gbps", 2.0 * bytes / t_h2d[r] / 1e9, 4);
			hpct_result_dbl(&res, "kernel_seconds", t_k[r], 6);
			hpct_result_dbl(&res, "kernel_gbps", 3.0 * bytes / t_k[r] / 1e9, 4);
			hpct_result_dbl(&res, "d2h_seconds", t_d2h[r], 6);
			hpct_result_dbl(&res, "d2h_gbps", bytes / t_d2h[r] / 1e9, 4);
			hpct_result_dbl(&res, "seconds", t3 - t0, 6);
			hpct_result_str(&res, "check", bad ? "FAIL" : "ok");
			hpct_result_end(&res);
		}
	}
	{
		struct hpct_stats h = hpct_stats(t_h2d, (size_t)g->repeats);
		struct hpct_stats k = hpct_stats(t_k, (size_t)g->repeats);
		struct hpct_stats d = hpct_stats(t_d2h, (size_t)g->repeats);
		struct hpct_result res;
		double total = h.best + k.best + d.best;
		printf("  best: transfers %.1f%% of the time, the kernel %.1f%%\n",
		       100.0 * (h.best + d.best) / total, 100.0 * k.best / total);
		hpct_result_begin(&res, "gpuadd");
		hpct_result_str(&res, "backend", GPU_BACKEND);
		hpct_result_str(&res, "memory", mem);
		hpct_result_str(&res, "dtype", ga_dtypes[g->dtype]);
		hpct_result_u64(&res, "n", g->n);
		hpct_result_str(&res, "stat", "summary");
		hpct_result_dbl(&res, "h2d_seconds", h.best, 6);
		hpct_result_dbl(&res, "h2d_gbps", 2.0 * bytes / h.best / 1e9, 4);
		hpct_result_dbl(&res, "kernel_seconds", k.best, 6);
		hpct_result_dbl(&res, "kernel_gbps", 3.0 * bytes / k.best / 1e9, 4);
		hpct_result_dbl(&res, "d2h_seconds", d.best, 6);
		hpct_result_dbl(&res, "d2h_gbps", bytes / d.best / 1e9, 4);
		hpct_result_dbl(&res, "transfer_fraction", (h.best + d.best) / total, 4);
		hpct_result_end(&res);
	}
	gpuFree(da);
	gpuFree(db);
	gpuFree(dc);
	if (pinned) {
		gpuFreeHost(a);
		gpuFreeHost(b);
		gpuFreeHost(c);
	} else {
		free(a);
		free(b);
		free(c);
	}
	free(t_h2d);
	free(t_k);
	free(t_d2h);
	return failed;
}

int main(int argc, char **argv)
{
	struct ga_run g;
	uint64_t n = 10000000;
	int dtype = GA_F32, memory = GA_BOTH, count = 0, failed = 0;
	long repeats = 5, warmup = 1, block = 256;
	gpuDeviceProp prop;
	gpuError_t e;
	const struct hpct_opt opts[] = {
		{ "n", HPCT_OPT_SIZE, &n, "N", "elements per vector (default 10M)", 1, 1e11, NULL },
		{ "dtype", HPCT_OPT_CHOICE, &dtype, "TYPE", "element type (default float32)", 0, 0, ga_dtypes },
		{ "memory", HPCT_OPT_CHOICE, &memory, "KIND", "host memory: pageable, pinned or both (default both)", 0, 0, ga_memories },
		{ "block", HPCT_OPT_INT, &block, "T", "threads per block (default 256)", 1, 1024, NULL },
		{ "repeats", HPCT_OPT_INT, &repeats, "K", "timed repeats (default 5)", 1, 1000, NULL },
		{ "warmup", HPCT_OPT_INT, &warmup, "K", "untimed runs first (default 1)", 0, 100, NULL },
	};
	const struct hpct_prog prog = {
		GPU_PROGNAME, "Add two vectors on a GPU (" GPU_BACKEND " build); time the copies and the kernel apart.",
		"hpct-gpuadd-hip and hpct-gpuadd-cuda run on a GPU; hpct-gpuadd runs the same\n"
		"kernel body over the grid on the CPU. Exit status 69: no device found.",
		opts, sizeof opts / sizeof opts[0],
	};

	hpct_parse(&prog, argc, argv);
	g.n = n;
	g.dtype = dtype;
	g.esize = dtype == GA_F64 ? 8 : 4;
	g.block = (unsigned)block;
	g.repeats = repeats;
	g.warmup = warmup;

	/* Host memory: a, b, c (and on the host backend the "device" copies). */
	hpct_mem_require(n * g.esize * (strcmp(GPU_BACKEND, "host") == 0 ? 6 : 3),
			 "the vectors a, b and c");
	e = gpuGetDeviceCount(&count);
	if (e != gpuSuccess || count == 0) {
		fprintf(stderr, "%s: no %s device found (%s). The host build, hpct-gpuadd, runs the same "
			"kernel on the CPU.\n", hpct_progname(), GPU_BACKEND,
			e != gpuSuccess ? gpuGetErrorString(e) : "0 devices");
		return HPCT_EXIT_NODEVICE;
	}
	ga_check(gpuSetDevice(0), "selecting device 0");
	ga_check(gpuGetDeviceProperties(&prop, 0), "reading the device's properties");
	{
		size_t free_b = 0, total_b = 0;
		ga_check(gpuMemGetInfo(&free_b, &total_b), "asking the device for its free memory");
		if ((double)n * g.esize * 3 > (double)free_b)
			hpct_usage_error("the vectors need %.2f GB but the device has %.2f GB free",
					 n * g.esize * 3 / 1e9, free_b / 1e9);
	}
	{
		char nb[32];
		hpct_format_size(n, nb, sizeof nb);
		printf("gpuadd (%s backend) on %s: c = a + b, N = %s %s, %.1f MB per vector, "
		       "%ld threads per block\n", GPU_BACKEND, GPU_DEVICE_NAME(prop), nb,
		       ga_dtypes[dtype], n * g.esize / 1e6, block);
	}
	if (memory == GA_PAGEABLE || memory == GA_BOTH)
		failed |= ga_measure(&g, 0);
	if (memory == GA_PINNED || memory == GA_BOTH)
		failed |= ga_measure(&g, 1);
	if (failed) {
		fprintf(stderr, "%s: c != a + b (check=FAIL)\n", hpct_progname());
		return HPCT_EXIT_FAIL;
	}
	return 0;
}
