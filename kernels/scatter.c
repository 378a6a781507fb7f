/* scatter.c - hpct-scatter: NumPy-style buffers across ranks (episode 6).
 * The root makes N ones, scatters equal chunks (MPI_Scatter, or
 * MPI_Scatterv when N does not divide by the ranks), every rank sums its
 * chunk, and MPI_Reduce brings the total to the root, which must be N.
 * With --serialised the same is done a second way: the root packs each
 * chunk as text and the ranks parse it back, a stand-in for the pickling
 * that mpi4py's lowercase methods do, timed beside the buffer transfer. */
#include "common/hpct.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sc_rank, sc_size;

struct sc_times {
	double scatter, sum, reduce, total;
};

static double sc_sum(const double *x, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return s;
}

/* Both paths end alike: the chunk has arrived (time since t0 is the
 * scatter); sum it, reduce the sums to the root, and split the times. */
static double sc_sum_reduce(const double *mine, int count, double t0, struct sc_times *t)
{
	double local, total = 0;
	t->scatter = hpct_now() - t0;
	local = sc_sum(mine, count);
	t->sum = hpct_now() - t0 - t->scatter;
	MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
	t->total = hpct_now() - t0;
	t->reduce = t->total - t->scatter - t->sum;
	return total;
}

/* Buffer path: the chunks go out as raw doubles, no copies, no packing. */
static double sc_buffer(const double *all, double *mine, const int *counts, const int *displs,
			int divisible, struct sc_times *t)
{
	double t0 = hpct_now();
	if (divisible)
		MPI_Scatter(all, counts[0], MPI_DOUBLE, mine, counts[0], MPI_DOUBLE, 0, MPI_COMM_WORLD);
	else
		MPI_Scatterv(all, counts, displs, MPI_DOUBLE, mine, counts[sc_rank], MPI_DOUBLE, 0,
			     MPI_COMM_WORLD);
	return sc_sum_reduce(mine, counts[sc_rank], t0, t);
}

/* Serialised path: the root formats every value as text, the byte counts
 * go out first (receivers cannot know them), then the text; each rank
 * parses its text back into doubles before it can sum. */
static double sc_serialised(const double *all, double *mine, const int *counts, const int *displs,
			    struct sc_times *t)
{
	char *text = NULL, *mytext;
	int *tcounts = NULL, *tdispls = NULL, mycount;
	double total, t0 = hpct_now();

	if (sc_rank == 0) {
		size_t cap = 0, len = 0;
		tcounts = malloc(sizeof *tcounts * (size_t)sc_size);
		tdispls = malloc(sizeof *tdispls * (size_t)sc_size);
		if (!tcounts || !tdispls)
			hpct_die("out of memory for the text counts");
		for (int r = 0; r < sc_size; r++) {
			size_t start = len;
			for (int i = 0; i < counts[r]; i++) {
				if (cap - len < 32) {
					char *grown;
					cap = cap ? 2 * cap : 1 << 20;
					grown = realloc(text, cap);
					if (!grown)
						hpct_die("out of memory packing text");
					text = grown;
				}
				len += (size_t)snprintf(text + len, 32, "%.17g\n", all[displs[r] + i]);
			}
			if (len - start > INT_MAX)
				hpct_die("a chunk's text is larger than MPI's int count allows");
			tcounts[r] = (int)(len - start);
			tdispls[r] = (int)start;
		}
	}
	MPI_Scatter(tcounts, 1, MPI_INT, &mycount, 1, MPI_INT, 0, MPI_COMM_WORLD);
	mytext = malloc((size_t)mycount + 1);
	if (!mytext)
		hpct_die("out of memory receiving text");
	MPI_Scatterv(text, tcounts, tdispls, MPI_CHAR, mytext, mycount, MPI_CHAR, 0, MPI_COMM_WORLD);
	mytext[mycount] = '\0';
	{
		char *p = mytext;
		for (int i = 0; i < counts[sc_rank]; i++)
			mine[i] = strtod(p, &p);
	}
	total = sc_sum_reduce(mine, counts[sc_rank], t0, t);
	free(text);
	free(mytext);
	free(tcounts);
	free(tdispls);
	return total;
}

/* The fields that open every line the root prints for one path. */
static void sc_result_head(struct hpct_result *res, const char *path, const char *op, uint64_t n)
{
	hpct_result_begin(res, "scatter");
	hpct_result_str(res, "path", path);
	hpct_result_str(res, "op", op);
	hpct_result_int(res, "rank", 0);
	hpct_result_int(res, "ranks", sc_size);
	hpct_result_u64(res, "n", n);
}

static int sc_run(const char *path, int serialised, uint64_t n, const double *all, double *mine,
		  const int *counts, const int *displs, int divisible, long warmup, long repeats)
{
	double *samples = hpct_alloc(sizeof *samples * (size_t)repeats, "samples");
	int ok_all = 1;
	const char *op = serialised ? "packed-text" : divisible ? "MPI_Scatter" : "MPI_Scatterv";

	for (long r = -warmup; r < repeats; r++) {
		struct sc_times t, tmax;
		double total;
		int ok;
		memset(mine, 0, sizeof *mine * (size_t)counts[sc_rank]);
		MPI_Barrier(MPI_COMM_WORLD);
		total = serialised ? sc_serialised(all, mine, counts, displs, &t)
				   : sc_buffer(all, mine, counts, displs, divisible, &t);
		MPI_Reduce(&t, &tmax, 4, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
		ok = sc_rank != 0 || total == (double)n;
		MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
		ok_all &= ok;
		if (r == -warmup || (warmup == 0 && r == 0)) {
			double mysum = sc_sum(mine, counts[sc_rank]);
			struct hpct_result res;
			printf("rank %d: %s chunk of %d values, local sum %.0f\n", sc_rank, path,
			       counts[sc_rank], mysum);
			hpct_result_begin(&res, "scatter");
			hpct_result_str(&res, "path", path);
			hpct_result_int(&res, "rank", sc_rank);
			hpct_result_int(&res, "count", counts[sc_rank]);
			hpct_result_dbl(&res, "local_sum", mysum, 15);
			hpct_result_str(&res, "check", mysum == (double)counts[sc_rank] ? "ok" : "FAIL");
			hpct_result_end(&res);
			if (mysum != (double)counts[sc_rank])
				ok_all = 0;
		}
		if (r < 0 || sc_rank != 0)
			continue;
		samples[r] = tmax.total;
		{
			struct hpct_result res;
			sc_result_head(&res, path, op, n);
			hpct_result_int(&res, "rep", r + 1);
			hpct_result_dbl(&res, "seconds", tmax.total, 6);
			hpct_result_dbl(&res, "scatter_seconds", tmax.scatter, 6);
			hpct_result_dbl(&res, "sum_seconds", tmax.sum, 6);
			hpct_result_dbl(&res, "reduce_seconds", tmax.reduce, 6);
			hpct_result_dbl(&res, "total", total, 15);
			hpct_result_str(&res, "check", ok ? "ok" : "FAIL");
			hpct_result_end(&res);
		}
		if (!ok)
			fprintf(stderr, "hpct-scatter: the total is %.17g, expected %llu\n", total,
				(unsigned long long)n);
	}
	if (sc_rank == 0) {
		struct hpct_stats st = hpct_stats(samples, (size_t)repeats);
		struct hpct_result res;
		printf("  %-12s %-13s best %.6f s  median %.6f s  (%.2f GB/s of doubles)\n", path, op,
		       st.best, st.median, (double)n * 8 / st.best / 1e9);
		sc_result_head(&res, path, op, n);
		hpct_result_str(&res, "stat", "summary");
		hpct_result_dbl(&res, "best", st.best, 6);
		hpct_result_dbl(&res, "median", st.median, 6);
		hpct_result_dbl(&res, "gbps", (double)n * 8 / st.best / 1e9, 4);
		hpct_result_end(&res);
	}
	free(samples);
	return ok_all;
}

int main(int argc, char **argv)
{
	uint64_t n = 10000000;
	int serialised = 0, ok = 1, all_ok, divisible;
	long repeats = 3, warmup = 1;
	const struct hpct_opt opts[] = {
		{ "n", HPCT_OPT_SIZE, &n, "N", "number of ones the root scatters (default 10M)", 1, 5e8, NULL },
		{ "serialised", HPCT_OPT_FLAG, &serialised, NULL,
		  "also send the chunks packed as text, like pickled objects", 0, 0, NULL },
		{ "repeats", HPCT_OPT_INT, &repeats, "K", "timed repeats (default 3)", 1, 1000, NULL },
		{ "warmup", HPCT_OPT_INT, &warmup, "K", "untimed runs first (default 1)", 0, 100, NULL },
	};
	const struct hpct_prog prog = {
		"scatter", "Scatter N ones from rank 0, sum the chunks, reduce the total.",
		"Start it with a launcher: mpiexec -n 4 hpct-scatter --n 10M --serialised",
		opts, sizeof opts / sizeof opts[0],
	};
	double *all = NULL, *mine;
	int *counts, *displs;

	hpct_parse(&prog, argc, argv);
	/* The ranks of one node share its memory: the root's array, every
	 * rank's chunk, and the text of the serialised path. */
	hpct_mem_require(n * 16 + (serialised ? n * 6 : 0), "the array, its chunks and the packed text");
	MPI_Init(&argc, &argv);
	hpct_init(NULL);
	MPI_Comm_rank(MPI_COMM_WORLD, &sc_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &sc_size);

	counts = malloc(sizeof *counts * (size_t)sc_size);
	displs = malloc(sizeof *displs * (size_t)sc_size);
	if (!counts || !displs)
		hpct_die("out of memory for the chunk table");
	for (int r = 0, off = 0; r < sc_size; r++) {
		counts[r] = (int)(n / (uint64_t)sc_size + ((uint64_t)r < n % (uint64_t)sc_size));
		displs[r] = off;
		off += counts[r];
	}
	divisible = n % (uint64_t)sc_size == 0;
	if (sc_rank == 0) {
		char nb[32];
		all = hpct_alloc(n * sizeof *all, "the array of ones");
		for (uint64_t i = 0; i < n; i++)
			all[i] = 1.0;
		hpct_format_size(n, nb, sizeof nb);
		printf("scatter: rank 0 made %s ones; %d ranks get %d..%d each (%s)\n", nb, sc_size,
		       counts[sc_size - 1], counts[0],
		       divisible ? "N divides evenly: MPI_Scatter"
				 : "N does not divide evenly: MPI_Scatterv with counts and offsets");
	}
	mine = hpct_alloc(sizeof *mine * (size_t)(counts[0] ? counts[0] : 1), "this rank's chunk");

	ok &= sc_run("buffer", 0, n, all, mine, counts, displs, divisible, warmup, repeats);
	if (serialised)
		ok &= sc_run("serialised", 1, n, all, mine, counts, displs, divisible, warmup, repeats);

	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	free(all);
	free(mine);
	free(counts);
	free(displs);
	MPI_Finalize();
	if (!all_ok) {
		if (sc_rank == 0)
			fprintf(stderr, "hpct-scatter: a sum was wrong (check=FAIL)\n");
		return HPCT_EXIT_FAIL;
	}
	if (sc_rank == 0)
		printf("total = %llu ones, as made: check ok\n", (unsigned long long)n);
	return 0;
}
