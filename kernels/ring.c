/* ring.c - hpct-ring: a token passed around the ranks (episode 6).
 * Rank r receives from r - 1 and sends to r + 1 (mod size), for many laps.
 * An 8-byte token gives the latency of one hop; tokens from 8 B to 4 MiB
 * give the bandwidth. A plain ping-pong between ranks 0 and 1 is measured
 * in the same run, so the ring's hop can be compared with the simplest
 * exchange MPI has. Every hop checks the token's counter, and the last
 * lap of the untimed run before each measurement checks every byte (the
 * timed laps carry the same bytes, but filling and reading the whole
 * token is not part of a hop).
 *
 * More ranks than cores is measured, not forbidden: MPICH's ranks wait
 * for a message by polling in a busy loop, so a waiting rank holds a core
 * that the rank holding the token needs, and every hop costs a scheduler
 * time slice. The kernel detects it and says so. */
#include "common/hpct.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ring_rank, ring_size;
static uint64_t ring_hops_checked;
static int ring_bad;

/* Byte i (past the counter) of a token whose every byte is checked. */
static unsigned char ring_byte(uint64_t i, int lap)
{
	return (unsigned char)((i * 29 + (uint64_t)lap) & 0xff);
}

static void ring_pattern(unsigned char *buf, uint64_t size, int lap)
{
	for (uint64_t i = 8; i < size; i++)
		buf[i] = ring_byte(i, lap);
}

/* What rank r must find in the token during lap: every rank adds one. */
static void ring_check(const unsigned char *buf, uint64_t size, uint64_t want, int lap, int full)
{
	uint64_t counter;
	memcpy(&counter, buf, 8);
	ring_hops_checked++;
	if (counter != want) {
		if (!ring_bad)
			fprintf(stderr, "hpct-ring: rank %d got counter %llu, expected %llu\n", ring_rank,
				(unsigned long long)counter, (unsigned long long)want);
		ring_bad = 1;
	}
	if (full) {
		for (uint64_t i = 8; i < size; i++) {
			if (buf[i] != ring_byte(i, lap)) {
				if (!ring_bad)
					fprintf(stderr, "hpct-ring: rank %d: byte %llu of the token is wrong\n",
						ring_rank, (unsigned long long)i);
				ring_bad = 1;
				break;
			}
		}
	}
}

/* laps laps of a size-byte token; returns rank 0's elapsed time. With
 * full, the last lap also carries and checks a pattern in every byte. */
static double ring_laps(unsigned char *buf, uint64_t size, long laps, int full)
{
	int next = (ring_rank + 1) % ring_size, prev = (ring_rank + ring_size - 1) % ring_size;
	double t0;
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = hpct_now();
	for (long lap = 0; lap < laps; lap++) {
		int last = full && lap == laps - 1;
		uint64_t base = (uint64_t)lap * (uint64_t)ring_size, counter;
		if (ring_rank == 0) {
			counter = base + 1;
			memcpy(buf, &counter, 8);
			if (last)
				ring_pattern(buf, size, (int)lap);
			/* The same calls as the ping-pong, so that a hop costs what
			 * one message costs; alone, a rank sends to itself, which
			 * only MPI_Sendrecv can do without waiting on itself. */
			if (ring_size == 1) {
				MPI_Sendrecv_replace(buf, (int)size, MPI_BYTE, next, 0, prev, 0,
						     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			} else {
				MPI_Send(buf, (int)size, MPI_BYTE, next, 0, MPI_COMM_WORLD);
				MPI_Recv(buf, (int)size, MPI_BYTE, prev, 0, MPI_COMM_WORLD,
					 MPI_STATUS_IGNORE);
			}
			ring_check(buf, size, base + (uint64_t)ring_size, (int)lap, last);
		} else {
			MPI_Recv(buf, (int)size, MPI_BYTE, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			ring_check(buf, size, base + (uint64_t)ring_rank, (int)lap, last);
			counter = base + (uint64_t)ring_rank + 1;
			memcpy(buf, &counter, 8);
			MPI_Send(buf, (int)size, MPI_BYTE, next, 0, MPI_COMM_WORLD);
		}
	}
	return hpct_now() - t0;
}

/* The plain ping-pong between ranks 0 and 1: round trips of 8 bytes. */
static double ring_pingpong(long trips)
{
	uint64_t token = 0;
	double t0;
	MPI_Barrier(MPI_COMM_WORLD);
	t0 = hpct_now();
	if (ring_rank < 2) {
		for (long i = 0; i < trips; i++) {
			if (ring_rank == 0) {
				token = (uint64_t)i * 2;
				MPI_Send(&token, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
				MPI_Recv(&token, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
				ring_check((unsigned char *)&token, 8, (uint64_t)i * 2 + 1, 0, 0);
			} else {
				MPI_Recv(&token, 8, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
				ring_check((unsigned char *)&token, 8, (uint64_t)i * 2, 0, 0);
				token++;
				MPI_Send(&token, 8, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
			}
		}
	}
	return hpct_now() - t0;
}

static void ring_line(const char *test, uint64_t bytes, long laps, long rep, double seconds,
		      const char *per_key, double per, double gbps)
{
	struct hpct_result r;
	hpct_result_begin(&r, "ring");
	hpct_result_str(&r, "test", test);
	hpct_result_int(&r, "rank", 0);
	hpct_result_int(&r, "ranks", ring_size);
	hpct_result_u64(&r, "bytes", bytes);
	hpct_result_int(&r, "laps", laps);
	if (rep > 0)
		hpct_result_int(&r, "rep", rep);
	else
		hpct_result_str(&r, "stat", "summary");
	hpct_result_dbl(&r, "seconds", seconds, 6);
	hpct_result_dbl(&r, per_key, per, 5);
	if (gbps >= 0)
		hpct_result_dbl(&r, "gbps", gbps, 4);
	hpct_result_str(&r, "check", ring_bad ? "FAIL" : "ok");
	hpct_result_end(&r);
}

/* Ranks on this node against the cores they may use. */
static void ring_placement(void)
{
	MPI_Comm node;
	int local, cores = hpct_cores(), max_local, min_cores;
	MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
	MPI_Comm_size(node, &local);
	MPI_Comm_free(&node);
	MPI_Reduce(&local, &max_local, 1, MPI_INT, MPI_MAX, 0, MPI_COMM_WORLD);
	MPI_Reduce(&cores, &min_cores, 1, MPI_INT, MPI_MIN, 0, MPI_COMM_WORLD);
	if (ring_rank != 0)
		return;
	{
		struct hpct_result r;
		hpct_result_begin(&r, "ring");
		hpct_result_str(&r, "stat", "placement");
		hpct_result_int(&r, "rank", 0);
		hpct_result_int(&r, "ranks", ring_size);
		hpct_result_int(&r, "ranks_per_node", max_local);
		hpct_result_int(&r, "cores", min_cores);
		hpct_result_int(&r, "oversubscribed", max_local > min_cores);
		hpct_result_end(&r);
	}
	if (max_local > min_cores)
		printf("ring: WARNING: %d ranks share %d cores on one node.\n"
		       "  MPICH's ranks wait for a message by polling in a busy loop: a waiting\n"
		       "  rank keeps its core busy, so the rank that holds the token may not be\n"
		       "  running. Each hop then waits for the scheduler to switch processes\n"
		       "  (milliseconds) instead of a copy through shared memory (a microsecond).\n"
		       "  Use at most one rank per core (mpiexec -n %d here).\n",
		       max_local, min_cores, min_cores);
	else
		printf("ring: %d ranks, at most %d per node, %d cores each: one core per rank\n",
		       ring_size, max_local, min_cores);
}

int main(int argc, char **argv)
{
	long laps = 1000, repeats = 3;
	struct hpct_list sizes = { 8, { 8, 64, 512, 4096, 32768, 262144, 1048576, 4194304 } };
	const char *sizes_text = NULL;
	const struct hpct_opt opts[] = {
		{ "laps", HPCT_OPT_INT, &laps, "L", "laps of the token per measurement (default 1000)", 1, 1e8, NULL },
		{ "sizes", HPCT_OPT_STRING, &sizes_text, "LIST",
		  "token sizes for the bandwidth, e.g. 8,4Ki,4Mi (default 8 B to 4 MiB in steps of 8x)", 0, 0, NULL },
		{ "repeats", HPCT_OPT_INT, &repeats, "K", "repeats of the latency and ping-pong tests (default 3)", 1, 1000, NULL },
	};
	const struct hpct_prog prog = {
		"ring", "Pass a token around the ranks: latency per hop and bandwidth by size.",
		"Start it with a launcher: mpiexec -n 2 hpct-ring. A ping-pong between ranks\n"
		"0 and 1 runs in the same job for comparison.",
		opts, sizeof opts / sizeof opts[0],
	};
	uint64_t maxsize = 8;
	unsigned char *buf;
	double lat[1000], pp[1000];
	int all_bad;
	const char *why;

	hpct_parse(&prog, argc, argv);
	if (sizes_text) {
		if (hpct_parse_sizes(sizes_text, &sizes, &why))
			hpct_usage_error("--sizes: '%s': %s", sizes_text, why);
		for (size_t i = 0; i < sizes.len; i++)
			if (sizes.v[i] < 8 || sizes.v[i] > (1u << 30))
				hpct_usage_error("--sizes: %llu is out of range (8 to 1Gi bytes: the "
						 "token carries an 8-byte counter)", (unsigned long long)sizes.v[i]);
	}
	for (size_t i = 0; i < sizes.len; i++)
		if (sizes.v[i] > maxsize)
			maxsize = sizes.v[i];
	hpct_mem_require(maxsize, "the token buffer");
	MPI_Init(&argc, &argv);
	hpct_init(NULL);
	MPI_Comm_rank(MPI_COMM_WORLD, &ring_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &ring_size);
	buf = hpct_alloc(maxsize, "the token");
	memset(buf, 0, maxsize);

	ring_placement();
	(void)ring_laps(buf, 8, laps / 10 ? laps / 10 : 1, 1); /* warm up */
	if (ring_size > 1)
		(void)ring_pingpong(laps / 10 ? laps / 10 : 1);
	for (long r = 0; r < repeats; r++) {
		double t = ring_laps(buf, 8, laps, 0), hop = t / ((double)laps * ring_size) * 1e6;
		lat[r] = hop;
		if (ring_rank == 0)
			ring_line("latency", 8, laps, r + 1, t, "us_per_hop", hop, -1);
		if (ring_size > 1) {
			t = ring_pingpong(laps);
			pp[r] = t / (2.0 * (double)laps) * 1e6;
			if (ring_rank == 0)
				ring_line("pingpong", 8, laps, r + 1, t, "us_one_way", pp[r], -1);
		}
	}
	if (ring_rank == 0) {
		struct hpct_stats sl = hpct_stats(lat, (size_t)repeats);
		printf("latency: 8-byte token, %ld laps of %d hops: best %.3f us per hop (median %.3f)\n",
		       laps, ring_size, sl.best, sl.median);
		ring_line("latency", 8, laps, 0, sl.best * 1e-6 * (double)laps * ring_size,
			  "us_per_hop", sl.best, -1);
		if (ring_size > 1) {
			struct hpct_stats sp = hpct_stats(pp, (size_t)repeats);
			printf("ping-pong 0 <-> 1: best %.3f us one way (median %.3f); ring hop / ping-pong "
			       "= %.2f\n", sp.best, sp.median, sl.best / sp.best);
			ring_line("pingpong", 8, laps, 0, sp.best * 1e-6 * 2.0 * (double)laps,
				  "us_one_way", sp.best, -1);
		} else {
			printf("ping-pong: needs 2 ranks\n");
		}
		printf("bandwidth:\n  %10s %6s %12s %10s\n", "bytes", "laps", "us per hop", "GB/s");
	}
	for (size_t i = 0; i < sizes.len; i++) {
		/* Enough laps to measure, but no more than ~256 MiB per size. */
		uint64_t budget = (256u << 20) / (sizes.v[i] * (uint64_t)ring_size);
		long l = (long)(budget < (uint64_t)laps ? budget : (uint64_t)laps);
		double t, hop;
		if (l < 2)
			l = 2;
		(void)ring_laps(buf, sizes.v[i], 1, 1);
		t = ring_laps(buf, sizes.v[i], l, 0);
		hop = t / ((double)l * ring_size);
		if (ring_rank == 0) {
			char sb[32];
			hpct_format_size(sizes.v[i], sb, sizeof sb);
			printf("  %10s %6ld %12.3f %10.3f\n", sb, l, hop * 1e6, (double)sizes.v[i] / hop / 1e9);
			ring_line("bandwidth", sizes.v[i], l, 1, t, "us_per_hop", hop * 1e6,
				  (double)sizes.v[i] / hop / 1e9);
		}
	}
	{
		struct hpct_result r;
		hpct_result_begin(&r, "ring");
		hpct_result_str(&r, "stat", "check");
		hpct_result_int(&r, "rank", ring_rank);
		hpct_result_u64(&r, "hops_received", ring_hops_checked);
		hpct_result_str(&r, "check", ring_bad ? "FAIL" : "ok");
		hpct_result_end(&r);
	}
	MPI_Allreduce(&ring_bad, &all_bad, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
	free(buf);
	MPI_Finalize();
	if (all_bad) {
		if (ring_rank == 0)
			fprintf(stderr, "hpct-ring: a token arrived wrong (check=FAIL)\n");
		return HPCT_EXIT_FAIL;
	}
	return 0;
}
