/*
 * kernels.c — the table of kernels and knobs, and validation against it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/kernels.h"

#define KNOBS(a) a, sizeof a / sizeof a[0]

static const struct run_knob sum_knobs[] = {
	{ "n", RUN_KNOB_SIZE, "10M", 1, 1e12, NULL, "number of elements" },
	{ "dtype", RUN_KNOB_CHOICE, "float64", 0, 0, "float32|float64", "element type" },
	{ "variant", RUN_KNOB_CHOICES, "sum", 0, 0,
	  "boxed|loop|simd|blas|read|temp|inplace|fused|sum|add|all",
	  "variants, comma separated (sum = boxed,loop,simd,blas; add = temp,inplace,fused)" },
	{ "repeats", RUN_KNOB_INT, "5", 1, 1000, NULL, "timed repeats per variant" },
	{ "warmup", RUN_KNOB_INT, "1", 0, 100, NULL, "untimed runs first" },
	{ "threads", RUN_KNOB_INT, "1", 1, 1024, NULL, "OpenBLAS threads" },
};

static const struct run_knob map_knobs[] = {
	{ "n", RUN_KNOB_SIZE, "1M", 1, 1e11, NULL, "number of items" },
	{ "fn", RUN_KNOB_CHOICE, "heavy", 0, 0, "square|heavy", "function mapped" },
	{ "work", RUN_KNOB_INT, "100", 1, 1000000, NULL, "steps of the heavy function per item (square ignores it)" },
	{ "threads", RUN_KNOB_SIZES, "1-2x cores", 1, 4096, NULL, "worker counts to sweep, e.g. 1,2,4 or 1-8" },
	{ "chunking", RUN_KNOB_CHOICE, "static", 0, 0, "static|dynamic|both", "static slices, dynamic chunks, or both" },
	{ "chunk", RUN_KNOB_SIZE, "n/(4 x workers)", 1, 1e11, NULL, "items per dynamic chunk" },
	{ "processes", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "fork worker processes and pipe the data, like multiprocessing.Pool" },
	{ "repeats", RUN_KNOB_INT, "3", 1, 1000, NULL, "timed repeats per worker count" },
	{ "warmup", RUN_KNOB_INT, "1", 0, 100, NULL, "untimed runs first" },
};

static const struct run_knob hello_knobs[] = {
	{ "square", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "each rank also prints its rank squared" },
	{ "root-only", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "only rank 0 prints its greeting" },
};

static const struct run_knob sendrecv_knobs[] = {
	{ "reply", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "rank 1 sends an answer back to rank 0" },
	{ "stagger", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "rank r sleeps r seconds first: see each call wait" },
	{ "deadlock", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "ranks 0 and 1 both send first, then receive" },
	{ "ssend", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "use MPI_Ssend, which never buffers" },
	{ "size", RUN_KNOB_SIZE, "64", 32, 1e9, NULL, "message size in bytes (try 16Mi with --deadlock)" },
	{ "timeout", RUN_KNOB_INT, "3", 1, 3600, NULL, "seconds before a blocked send is explained" },
};

static const struct run_knob collectives_knobs[] = {
	{ "root", RUN_KNOB_INT, "0", 0, 1e6, NULL, "the rank that broadcasts and gathers" },
	{ "size", RUN_KNOB_SIZE, "1Mi", 1, 1e9, NULL, "buffer broadcast in the timed part, in bytes" },
	{ "repeats", RUN_KNOB_INT, "20", 1, 100000, NULL, "timed broadcasts per method" },
	{ "warmup", RUN_KNOB_INT, "2", 0, 1000, NULL, "untimed broadcasts first" },
};

static const struct run_knob scatter_knobs[] = {
	{ "n", RUN_KNOB_SIZE, "10M", 1, 5e8, NULL, "number of ones the root scatters" },
	{ "serialised", RUN_KNOB_FLAG, NULL, 0, 0, NULL, "also send the chunks packed as text, like pickled objects" },
	{ "repeats", RUN_KNOB_INT, "3", 1, 1000, NULL, "timed repeats" },
	{ "warmup", RUN_KNOB_INT, "1", 0, 100, NULL, "untimed runs first" },
};

static const struct run_knob ring_knobs[] = {
	{ "laps", RUN_KNOB_INT, "1000", 1, 1e8, NULL, "laps of the token per measurement" },
	{ "sizes", RUN_KNOB_SIZES, "8 B to 4 MiB in steps of 8x", 1, 1e9, NULL,
	  "token sizes for the bandwidth, e.g. 8,4Ki,4Mi" },
	{ "repeats", RUN_KNOB_INT, "3", 1, 1000, NULL, "repeats of the latency and ping-pong tests" },
};

static const struct run_knob gpuadd_knobs[] = {
	{ "n", RUN_KNOB_SIZE, "10M", 1, 1e11, NULL, "elements per vector" },
	{ "dtype", RUN_KNOB_CHOICE, "float32", 0, 0, "float32|float64", "element type" },
	{ "memory", RUN_KNOB_CHOICE, "both", 0, 0, "pageable|pinned|both", "host memory" },
	{ "block", RUN_KNOB_INT, "256", 1, 1024, NULL, "threads per block" },
	{ "repeats", RUN_KNOB_INT, "5", 1, 1000, NULL, "timed repeats" },
	{ "warmup", RUN_KNOB_INT, "1", 0, 100, NULL, "untimed runs first" },
};

static const char *const series_none[] = { NULL };
static const char *const series_map[] = { "mode", "chunking", "threads", NULL };
static const char *const series_sendrecv[] = { "mode", "rank", "call", NULL };
static const char *const series_rank[] = { "rank", NULL };
static const char *const series_collectives[] = { "op", "bytes", NULL };
static const char *const series_scatter[] = { "path", "op", NULL };
static const char *const series_ring[] = { "test", "bytes", NULL };
static const char *const series_gpu[] = { "backend", "memory", NULL };

static const struct run_kernel kernels[] = {
	{ "sum", "sum N numbers several ways against memory bandwidth", false, 1, 1, 1,
	  series_none, KNOBS(sum_knobs) },
	{ "map", "a thread pool mapping a function; speedup, efficiency, Amdahl", false, 1, 1, 1,
	  series_map, KNOBS(map_knobs) },
	{ "hello", "every rank says its rank and the size", true, 4, 1, 1024,
	  series_rank, KNOBS(hello_knobs) },
	{ "sendrecv", "send and reply; blocking and deadlock", true, 2, 2, 1024,
	  series_sendrecv, KNOBS(sendrecv_knobs) },
	{ "collectives", "bcast, gather, and a hand-written broadcast", true, 4, 1, 1024,
	  series_collectives, KNOBS(collectives_knobs) },
	{ "scatter", "scatter, local sums, reduce", true, 4, 1, 1024,
	  series_scatter, KNOBS(scatter_knobs) },
	{ "ring", "a token around the ranks: latency and bandwidth", true, 2, 1, 1024,
	  series_ring, KNOBS(ring_knobs) },
	{ "gpuadd", "c = a + b on a GPU: copies and kernel timed apart", false, 1, 1, 1,
	  series_gpu, KNOBS(gpuadd_knobs) },
};

const struct run_kernel *run_kernel_table(size_t *n)
{
	*n = sizeof kernels / sizeof kernels[0];
	return kernels;
}

const struct run_kernel *run_kernel_find(const char *name)
{
	if (strncmp(name, "hpct-", 5) == 0)
		name += 5;
	for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
		if (strcmp(kernels[i].name, name) == 0)
			return &kernels[i];
	/* gpuadd-cuda, gpuadd-hip, gpuadd-host share gpuadd's knobs */
	if (strncmp(name, "gpuadd-", 7) == 0)
		return run_kernel_find("gpuadd");
	return NULL;
}

const struct run_knob *run_kernel_knob(const struct run_kernel *k, const char *name)
{
	for (size_t i = 0; i < k->nknobs; i++)
		if (strcmp(k->knobs[i].name, name) == 0)
			return &k->knobs[i];
	return NULL;
}

void run_kernel_resolve(const char *kerneldir, const char *name, char *out, size_t len,
			char *why, size_t wlen)
{
	static const struct { const char *device, *build, *what; } gpus[] = {
		{ "/dev/nvidia0", "gpuadd-cuda", "an NVIDIA GPU" },
		{ "/dev/kfd", "gpuadd-hip", "an AMD GPU" },
	};
	char path[4096];

	snprintf(out, len, "%s", name);
	if (why && wlen)
		why[0] = '\0';
	if (strcmp(name, "gpuadd") != 0)
		return;
	for (size_t i = 0; i < sizeof gpus / sizeof gpus[0]; i++) {
		snprintf(path, sizeof path, "%s/hpct-%s", kerneldir ? kerneldir : ".", gpus[i].build);
		if (access(gpus[i].device, F_OK) == 0 && access(path, X_OK) == 0) {
			snprintf(out, len, "%s", gpus[i].build);
			if (why)
				snprintf(why, wlen, "%s is present: running the %s build", gpus[i].what,
					 gpus[i].build);
			return;
		}
	}
	if (why)
		snprintf(why, wlen, "no GPU device with a matching build here: the host build "
			 "runs the same kernel body on the CPU");
}

int run_parse_size(const char *text, uint64_t *out, const char **why)
{
	static const struct { const char *suffix; double mult; } suffixes[] = {
		{ "", 1 }, { "K", 1e3 }, { "M", 1e6 }, { "G", 1e9 }, { "T", 1e12 },
		{ "k", 1e3 }, { "Ki", 1024.0 }, { "Mi", 1048576.0 },
		{ "Gi", 1073741824.0 }, { "Ti", 1099511627776.0 },
	};
	char *end;
	double v;

	if (!*text || *text == '-' || *text == '+' || *text == ' ') {
		*why = "not a number";
		return -1;
	}
	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno || !isfinite(v)) {
		*why = "not a number";
		return -1;
	}
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (strcmp(end, suffixes[i].suffix) == 0) {
			double x = v * suffixes[i].mult;
			if (x < 0 || x > 1.8e19) {
				*why = "out of range";
				return -1;
			}
			if (x != floor(x)) {
				*why = "not a whole number";
				return -1;
			}
			*out = (uint64_t)x;
			return 0;
		}
	}
	*why = "unknown suffix (use K, M, G, T or Ki, Mi, Gi, Ti)";
	return -1;
}

static bool in_choices(const char *choices, const char *word, size_t len)
{
	const char *p = choices;

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == len && strncmp(p, word, len) == 0)
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

static int check_number(const struct run_knob *k, double v, const char *value,
			char *err, size_t errlen)
{
	if (v < k->min || v > k->max) {
		snprintf(err, errlen, "--%s: %s is out of range (%.15g to %.15g)",
			 k->name, value, k->min, k->max);
		return -1;
	}
	return 0;
}

static int check_sizes(const struct run_knob *k, const char *value, char *err, size_t errlen)
{
	const char *p = value;
	size_t count = 0;

	if (!*value) {
		snprintf(err, errlen, "--%s: empty list", k->name);
		return -1;
	}
	while (*p) {
		char item[64], *dash;
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		const char *why = NULL;
		uint64_t a, b;

		if (l == 0 || l >= sizeof item) {
			snprintf(err, errlen, "--%s: '%s' is not a list of sizes", k->name, value);
			return -1;
		}
		memcpy(item, p, l);
		item[l] = '\0';
		dash = strchr(item, '-');
		if (dash) {
			*dash = '\0';
			if (run_parse_size(item, &a, &why) || run_parse_size(dash + 1, &b, &why) ||
			    b < a) {
				snprintf(err, errlen, "--%s: '%s-%s': %s", k->name, item, dash + 1,
					 why ? why : "a range must go upwards");
				return -1;
			}
			if (check_number(k, (double)a, item, err, errlen) ||
			    check_number(k, (double)b, dash + 1, err, errlen))
				return -1;
			count += b - a + 1;
		} else {
			if (run_parse_size(item, &a, &why)) {
				snprintf(err, errlen, "--%s: '%s': %s", k->name, item, why);
				return -1;
			}
			if (check_number(k, (double)a, item, err, errlen))
				return -1;
			count++;
		}
		if (count > 64) {
			snprintf(err, errlen, "--%s: more than 64 values", k->name);
			return -1;
		}
		p += l;
		if (*p == ',')
			p++;
	}
	return 0;
}

int run_knob_check(const struct run_knob *k, const char *value, char *err, size_t errlen)
{
	const char *why = NULL;
	uint64_t u;
	char *end;
	double d;
	long l;

	switch (k->type) {
	case RUN_KNOB_FLAG:
		if (value) {
			snprintf(err, errlen, "--%s takes no value", k->name);
			return -1;
		}
		return 0;
	case RUN_KNOB_STRING:
		return 0;
	default:
		break;
	}
	if (!value) {
		snprintf(err, errlen, "--%s needs a value", k->name);
		return -1;
	}
	switch (k->type) {
	case RUN_KNOB_SIZE:
		if (run_parse_size(value, &u, &why)) {
			snprintf(err, errlen, "--%s: '%s': %s", k->name, value, why);
			return -1;
		}
		return check_number(k, (double)u, value, err, errlen);
	case RUN_KNOB_INT:
		errno = 0;
		l = strtol(value, &end, 10);
		if (!*value || *end || errno) {
			snprintf(err, errlen, "--%s: '%s' is not a whole number", k->name, value);
			return -1;
		}
		return check_number(k, (double)l, value, err, errlen);
	case RUN_KNOB_DOUBLE:
		errno = 0;
		d = strtod(value, &end);
		if (!*value || *end || errno || !isfinite(d)) {
			snprintf(err, errlen, "--%s: '%s' is not a number", k->name, value);
			return -1;
		}
		return check_number(k, d, value, err, errlen);
	case RUN_KNOB_CHOICE:
		if (!in_choices(k->choices, value, strlen(value))) {
			snprintf(err, errlen, "--%s: '%s' is not one of %s", k->name, value, k->choices);
			return -1;
		}
		return 0;
	case RUN_KNOB_CHOICES:
		for (const char *p = value;;) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			if (!in_choices(k->choices, p, n)) {
				snprintf(err, errlen, "--%s: '%.*s' is not one of %s", k->name,
					 (int)n, p, k->choices);
				return -1;
			}
			if (!comma)
				return 0;
			p = comma + 1;
		}
	case RUN_KNOB_SIZES:
		return check_sizes(k, value, err, errlen);
	default:
		return 0;
	}
}

int run_kernel_check_args(const struct run_kernel *k, int argc, char *const *argv,
			  char *err, size_t errlen)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq, *value = NULL;
		const struct run_knob *knob;
		char name[64];
		size_t n;

		if (strcmp(a, "--help") == 0 || strcmp(a, "--version") == 0)
			continue;
		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			snprintf(err, errlen, "%s: '%s' is not a knob (knobs look like --name value)",
				 k->name, a);
			return -1;
		}
		a += 2;
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, a, n);
		name[n] = '\0';
		knob = run_kernel_knob(k, name);
		if (!knob) {
			int o = snprintf(err, errlen, "%s has no knob --%s; it has:", k->name, name);
			for (size_t j = 0; j < k->nknobs && o > 0 && (size_t)o < errlen; j++)
				o += snprintf(err + o, errlen - o, " --%s", k->knobs[j].name);
			return -1;
		}
		if (eq)
			value = eq + 1;
		else if (knob->type != RUN_KNOB_FLAG) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "--%s needs a value", name);
				return -1;
			}
			value = argv[++i];
		}
		if (run_knob_check(knob, value, err, errlen))
			return -1;
	}
	return 0;
}
