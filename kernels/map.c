/* map.c - hpct-map: a pool of workers maps a function over an array
 * (episode 3). A sweep over worker counts gives speedup and efficiency,
 * and Amdahl's law is fitted to them. Threads share the array; with
 * --processes the workers are forked processes that receive their part
 * through a pipe and send the results back, as Python's
 * multiprocessing.Pool does, so the cost of starting processes and moving
 * data to them shows against threads. Every output element is checked
 * against a serial reference. */
#include "common/hpct.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

enum map_fn { MAP_SQUARE, MAP_HEAVY };
static const char *const map_fns[] = { "square", "heavy", NULL };
enum map_chunking { MAP_STATIC, MAP_DYNAMIC, MAP_BOTH };
static const char *const map_chunkings[] = { "static", "dynamic", "both", NULL };

/* The function mapped. square is one multiply: memory-bound, threads gain
 * little. heavy repeats a division-bound step work times: compute-bound,
 * it scales with cores. Both are deterministic, so any split of the work
 * gives bit-identical results. */
static double map_apply(int fn, long work, double x)
{
	if (fn == MAP_SQUARE)
		return x * x;
	for (long k = 0; k < work; k++)
		x = x * 0.999 + 1.0 / (1.0 + x * x);
	return x;
}

static void map_range(int fn, long work, const double *in, double *out, uint64_t lo, uint64_t hi)
{
	for (uint64_t i = lo; i < hi; i++)
		out[i] = map_apply(fn, work, in[i]);
}

/* ------------------------------------------------------------ the thread pool */

struct map_job {
	const double *in;
	double *out;
	uint64_t n, chunk;
	int fn, dynamic;
	long work;
	atomic_uint_fast64_t next;   /* dynamic chunking: first index not yet taken */
};

struct map_pool {
	pthread_t *threads;
	int nthreads;
	pthread_mutex_t mu;
	pthread_cond_t start, done;
	unsigned long generation;    /* bumped for each job */
	int remaining;               /* workers still busy with the current job */
	int quit;
	struct map_job *job;
};

struct map_worker {
	struct map_pool *pool;
	int index;
};

static void map_do_part(struct map_job *job, int index, int nthreads)
{
	if (!job->dynamic) {
		/* Static: worker k takes the k-th contiguous slice. */
		uint64_t lo = job->n * (uint64_t)index / (uint64_t)nthreads;
		uint64_t hi = job->n * (uint64_t)(index + 1) / (uint64_t)nthreads;
		map_range(job->fn, job->work, job->in, job->out, lo, hi);
		return;
	}
	/* Dynamic: take the next chunk until none is left. */
	for (;;) {
		uint64_t lo = atomic_fetch_add(&job->next, job->chunk);
		if (lo >= job->n)
			return;
		map_range(job->fn, job->work, job->in, job->out, lo,
			  lo + job->chunk < job->n ? lo + job->chunk : job->n);
	}
}

static void *map_worker_main(void *arg)
{
	struct map_worker *w = arg;
	struct map_pool *p = w->pool;
	unsigned long seen = 0;

	for (;;) {
		struct map_job *job;
		pthread_mutex_lock(&p->mu);
		while (!p->quit && p->generation == seen)
			pthread_cond_wait(&p->start, &p->mu);
		if (p->quit) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		seen = p->generation;
		job = p->job;
		pthread_mutex_unlock(&p->mu);

		map_do_part(job, w->index, p->nthreads);

		pthread_mutex_lock(&p->mu);
		if (--p->remaining == 0)
			pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
}

static struct map_worker *map_pool_start(struct map_pool *p, int nthreads)
{
	struct map_worker *w = calloc((size_t)nthreads, sizeof *w);
	memset(p, 0, sizeof *p);
	p->threads = calloc((size_t)nthreads, sizeof *p->threads);
	if (!w || !p->threads)
		hpct_die("out of memory starting %d threads", nthreads);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->start, NULL);
	pthread_cond_init(&p->done, NULL);
	p->nthreads = nthreads;
	for (int i = 0; i < nthreads; i++) {
		int rc;
		w[i].pool = p;
		w[i].index = i;
		rc = pthread_create(&p->threads[i], NULL, map_worker_main, &w[i]);
		if (rc)
			hpct_die("cannot start thread %d: %s", i, strerror(rc));
	}
	return w;
}

static void map_pool_run(struct map_pool *p, struct map_job *job)
{
	pthread_mutex_lock(&p->mu);
	p->job = job;
	p->remaining = p->nthreads;
	p->generation++;
	pthread_cond_broadcast(&p->start);
	while (p->remaining > 0)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

static void map_pool_stop(struct map_pool *p, struct map_worker *w)
{
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->start);
	pthread_cond_destroy(&p->done);
	free(p->threads);
	free(w);
}

/* ------------------------------------------------------------ the process pool */

static int map_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

static int map_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len) {
		ssize_t k = read(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* A worker process: read a count and that many inputs, map them, write
 * the outputs back. Its own copy of memory: nothing is shared. */
static void map_child(int in_fd, int out_fd, int fn, long work)
{
	uint64_t count;
	double *buf;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (map_read_all(in_fd, &count, sizeof count))
		_exit(1);
	buf = malloc(count ? count * sizeof *buf : 1);
	if (!buf || map_read_all(in_fd, buf, count * sizeof *buf))
		_exit(1);
	map_range(fn, work, buf, buf, 0, count);
	if (map_write_all(out_fd, buf, count * sizeof *buf))
		_exit(1);
	_exit(0);
}

/* Start nproc workers, send each its slice, collect the results. Returns
 * the seconds spent starting the processes in *start_s. */
static void map_processes(int nproc, int fn, long work, const double *in, double *out,
			  uint64_t n, double *start_s)
{
	pid_t *pids = calloc((size_t)nproc, sizeof *pids);
	int *to = calloc((size_t)nproc, sizeof *to), *from = calloc((size_t)nproc, sizeof *from);
	double t0 = hpct_now();

	if (!pids || !to || !from)
		hpct_die("out of memory starting %d processes", nproc);
	fflush(stdout);
	for (int k = 0; k < nproc; k++) {
		int a[2], b[2];
		if (pipe(a) || pipe(b))
			hpct_die("pipe: %s", strerror(errno));
		pids[k] = fork();
		if (pids[k] < 0)
			hpct_die("fork: %s", strerror(errno));
		if (pids[k] == 0) {
			close(a[1]);
			close(b[0]);
			for (int j = 0; j < k; j++) {
				close(to[j]);
				close(from[j]);
			}
			map_child(a[0], b[1], fn, work);
		}
		close(a[0]);
		close(b[1]);
		to[k] = a[1];
		from[k] = b[0];
	}
	*start_s = hpct_now() - t0;
	for (int k = 0; k < nproc; k++) {
		uint64_t lo = n * (uint64_t)k / (uint64_t)nproc, hi = n * (uint64_t)(k + 1) / (uint64_t)nproc;
		uint64_t count = hi - lo;
		if (map_write_all(to[k], &count, sizeof count) ||
		    map_write_all(to[k], in + lo, count * sizeof *in))
			hpct_die("sending work to process %d: %s", k, strerror(errno));
		close(to[k]);
	}
	for (int k = 0; k < nproc; k++) {
		uint64_t lo = n * (uint64_t)k / (uint64_t)nproc, hi = n * (uint64_t)(k + 1) / (uint64_t)nproc;
		int status;
		if (map_read_all(from[k], out + lo, (hi - lo) * sizeof *out))
			hpct_die("process %d sent back too little", k);
		close(from[k]);
		while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			hpct_die("worker process %d failed", k);
	}
	free(pids);
	free(to);
	free(from);
}

/* ------------------------------------------------------------ the sweep */

struct map_opts {
	uint64_t n, chunk;
	int fn, chunking, processes;
	long work, repeats, warmup;
	struct hpct_list threads;
};

/* Least squares for Amdahl's serial fraction f: T(p)/T(1) = f + (1 - f)/p,
 * i.e. T(p)/T(1) - 1/p = f (1 - 1/p), a line through the origin. Only
 * points with p <= cores count: beyond them the workers share cores. */
static double map_amdahl(const uint64_t *p, const double *t, size_t k, double t1, int cores, int *used)
{
	double sxy = 0, sxx = 0;
	*used = 0;
	for (size_t i = 0; i < k; i++) {
		double x, y;
		if (p[i] < 2 || p[i] > (uint64_t)cores)
			continue;
		x = 1.0 - 1.0 / (double)p[i];
		y = t[i] / t1 - 1.0 / (double)p[i];
		sxy += x * y;
		sxx += x * x;
		(*used)++;
	}
	if (!*used)
		return NAN;
	return fmin(1.0, fmax(0.0, sxy / sxx));
}

static int map_sweep(const struct map_opts *o, int dynamic, const double *in, double *out,
		     const double *ref, double t_serial, int cores)
{
	const char *mode = o->processes ? "processes" : "threads";
	const char *chunking = o->processes ? "static" : map_chunkings[dynamic ? MAP_DYNAMIC : MAP_STATIC];
	double best[HPCT_LIST_MAX], t1 = t_serial;
	double *samples = hpct_alloc(sizeof *samples * (size_t)o->repeats, "samples");
	int failed = 0;

	printf("%s, %s chunking%s:\n  %7s %12s %12s %8s %10s\n", mode, chunking,
	       o->processes ? " (one slice per process, sent through a pipe)" : "",
	       o->processes ? "procs" : "threads", "best s", "median s", "speedup", "efficiency");
	for (size_t i = 0; i < o->threads.len; i++) {
		int nt = (int)o->threads.v[i];
		struct map_pool pool;
		struct map_worker *w = o->processes ? NULL : map_pool_start(&pool, nt);
		struct hpct_stats st;
		for (long r = -o->warmup; r < o->repeats; r++) {
			struct map_job job = { in, out, o->n, o->chunk, o->fn, dynamic, o->work, 0 };
			double t0, t, start_s = 0;
			uint64_t bad = 0;
			struct hpct_result res;
			for (uint64_t j = 0; j < o->n; j++)
				out[j] = NAN;
			t0 = hpct_now();
			if (o->processes)
				map_processes(nt, o->fn, o->work, in, out, o->n, &start_s);
			else
				map_pool_run(&pool, &job);
			t = hpct_now() - t0;
			for (uint64_t j = 0; j < o->n; j++)
				bad += memcmp(&out[j], &ref[j], sizeof *out) != 0;
			if (r < 0)
				continue;
			samples[r] = t;
			hpct_result_begin(&res, "map");
			hpct_result_str(&res, "mode", mode);
			hpct_result_str(&res, "chunking", chunking);
			hpct_result_int(&res, "threads", nt);
			hpct_result_str(&res, "fn", map_fns[o->fn]);
			hpct_result_int(&res, "work", o->work);
			hpct_result_u64(&res, "n", o->n);
			hpct_result_int(&res, "rep", r + 1);
			hpct_result_dbl(&res, "seconds", t, 6);
			if (o->processes)
				hpct_result_dbl(&res, "start_seconds", start_s, 6);
			hpct_result_str(&res, "check", bad ? "FAIL" : "ok");
			hpct_result_end(&res);
			if (bad) {
				fprintf(stderr, "hpct-map: %llu of %llu outputs differ from the serial "
					"reference (%d %s)\n", (unsigned long long)bad,
					(unsigned long long)o->n, nt, mode);
				failed = 1;
			}
		}
		if (w)
			map_pool_stop(&pool, w);
		st = hpct_stats(samples, (size_t)o->repeats);
		best[i] = st.best;
		if (nt == 1 && !o->processes)
			t1 = st.best;
		{
			struct hpct_result res;
			double speedup = t1 / st.best;
			printf("  %7d %12.6f %12.6f %8.2f %10.2f%s\n", nt, st.best, st.median, speedup,
			       speedup / nt, nt > cores ? "  (more workers than cores)" : "");
			hpct_result_begin(&res, "map");
			hpct_result_str(&res, "mode", mode);
			hpct_result_str(&res, "chunking", chunking);
			hpct_result_int(&res, "threads", nt);
			hpct_result_str(&res, "stat", "summary");
			hpct_result_dbl(&res, "best", st.best, 6);
			hpct_result_dbl(&res, "median", st.median, 6);
			hpct_result_dbl(&res, "speedup", speedup, 4);
			hpct_result_dbl(&res, "efficiency", speedup / nt, 4);
			hpct_result_end(&res);
		}
	}
	{
		int used;
		double f = map_amdahl(o->threads.v, best, o->threads.len, t1, cores, &used);
		struct hpct_result res;
		if (used) {
			printf("  Amdahl fit over %d point%s (2..%d workers): serial fraction %.4f, "
			       "so at most %.1fx faster on any number of cores\n", used,
			       used > 1 ? "s" : "", cores, f, f > 0 ? 1.0 / f : INFINITY);
			hpct_result_begin(&res, "map");
			hpct_result_str(&res, "mode", mode);
			hpct_result_str(&res, "chunking", chunking);
			hpct_result_str(&res, "stat", "amdahl");
			hpct_result_dbl(&res, "serial_fraction", f, 4);
			hpct_result_dbl(&res, "max_speedup", f > 0 ? 1.0 / f : 1e9, 4);
			hpct_result_int(&res, "cores", cores);
			hpct_result_end(&res);
		} else {
			printf("  Amdahl fit: needs a worker count between 2 and %d (the cores)\n", cores);
		}
	}
	free(samples);
	return failed;
}

int main(int argc, char **argv)
{
	struct map_opts o = { 1000000, 0, MAP_HEAVY, MAP_STATIC, 0, 100, 3, 1, { 0, { 0 } } };
	const char *threads_text = NULL;
	const struct hpct_opt opts[] = {
		{ "n", HPCT_OPT_SIZE, &o.n, "N", "number of items (default 1M)", 1, 1e11, NULL },
		{ "fn", HPCT_OPT_CHOICE, &o.fn, "FN", "function mapped (default heavy)", 0, 0, map_fns },
		{ "work", HPCT_OPT_INT, &o.work, "W", "steps of the heavy function per item (default 100; square ignores it)", 1, 1000000, NULL },
		{ "threads", HPCT_OPT_STRING, &threads_text, "LIST",
		  "worker counts to sweep, e.g. 1,2,4 or 1-8 (default 1 to 2x the cores)", 0, 0, NULL },
		{ "chunking", HPCT_OPT_CHOICE, &o.chunking, "HOW", "static slices, dynamic chunks, or both (default static)", 0, 0, map_chunkings },
		{ "chunk", HPCT_OPT_SIZE, &o.chunk, "C", "items per dynamic chunk (default n / (4 x workers))", 1, 1e11, NULL },
		{ "processes", HPCT_OPT_FLAG, &o.processes, NULL, "fork worker processes and pipe the data, like multiprocessing.Pool", 0, 0, NULL },
		{ "repeats", HPCT_OPT_INT, &o.repeats, "K", "timed repeats per worker count (default 3)", 1, 1000, NULL },
		{ "warmup", HPCT_OPT_INT, &o.warmup, "K", "untimed runs first (default 1)", 0, 100, NULL },
	};
	const struct hpct_prog prog = {
		"map", "Map a function over an array with 1, 2, ... workers; speedup, efficiency, Amdahl.",
		"Threads share the array; --processes forks workers that get their slice\n"
		"through a pipe and send results back, as Python's multiprocessing.Pool does.",
		opts, sizeof opts / sizeof opts[0],
	};
	int cores, failed = 0;
	double *in, *out, *ref, t_serial;
	const char *why;

	hpct_parse(&prog, argc, argv);
	cores = hpct_cores();
	if (threads_text) {
		if (hpct_parse_sizes(threads_text, &o.threads, &why))
			hpct_usage_error("--threads: '%s': %s", threads_text, why);
		for (size_t i = 0; i < o.threads.len; i++)
			if (o.threads.v[i] < 1 || o.threads.v[i] > 1024)
				hpct_usage_error("--threads: %llu is out of range (1 to 1024)",
						 (unsigned long long)o.threads.v[i]);
	} else {
		for (int t = 1; t <= 2 * cores && o.threads.len < HPCT_LIST_MAX; t++)
			o.threads.v[o.threads.len++] = (uint64_t)t;
	}
	if (o.processes && o.chunking != MAP_STATIC)
		hpct_usage_error("--processes sends one slice per process: it takes --chunking static only");
	hpct_mem_require(o.n * sizeof(double) * (o.processes ? 5 : 3), "the input, output and reference arrays");
	in = hpct_alloc(o.n * sizeof *in, "the input");
	out = hpct_alloc(o.n * sizeof *out, "the output");
	ref = hpct_alloc(o.n * sizeof *ref, "the reference");
	for (uint64_t i = 0; i < o.n; i++)
		in[i] = (double)(i % 1000) * 0.001;
	{
		double t0 = hpct_now();
		map_range(o.fn, o.work, in, ref, 0, o.n);
		t_serial = hpct_now() - t0;
	}
	{
		char nb[32];
		hpct_format_size(o.n, nb, sizeof nb);
		printf("map: %s items, fn %s, %d cores, %ld repeats after %ld warm-up; "
		       "serial reference %.6f s\n", nb, map_fns[o.fn], cores, o.repeats, o.warmup,
		       t_serial);
		if (o.fn == MAP_HEAVY)
			printf("     (heavy: %ld division steps per item)\n", o.work);
	}
	if (o.chunk == 0) {
		uint64_t maxw = 1;
		for (size_t i = 0; i < o.threads.len; i++)
			if (o.threads.v[i] > maxw)
				maxw = o.threads.v[i];
		o.chunk = o.n / (4 * maxw) ? o.n / (4 * maxw) : 1;
	}
	if (o.chunking == MAP_STATIC || o.chunking == MAP_BOTH || o.processes)
		failed |= map_sweep(&o, 0, in, out, ref, t_serial, cores);
	if (!o.processes && (o.chunking == MAP_DYNAMIC || o.chunking == MAP_BOTH))
		failed |= map_sweep(&o, 1, in, out, ref, t_serial, cores);
	free(in);
	free(out);
	free(ref);
	if (failed) {
		fprintf(stderr, "hpct-map: some outputs were wrong (check=FAIL above)\n");
		return HPCT_EXIT_FAIL;
	}
	return 0;
}
