/* collectives.c - hpct-collectives: broadcast and gather (episode 6).
 * A string is broadcast from --root, a message from every rank is
 * gathered at the root, and then a buffer of --size bytes is broadcast
 * two ways and timed: by hand, the root sending to every other rank in
 * turn (P - 1 sends, one after the other), and with MPI_Bcast, whose tree
 * needs about log2(P) steps. Every rank checks every byte it receives. */
#include "common/hpct.h"

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CO_MSG 64

static int co_rank, co_size;

/* Byte i of the buffer the root broadcasts in repeat rep. */
static unsigned char co_byte(uint64_t i, long rep)
{
	return (unsigned char)((i * 13 + (uint64_t)rep * 7) & 0xff);
}

static void co_fill(unsigned char *buf, uint64_t size, long rep)
{
	for (uint64_t i = 0; i < size; i++)
		buf[i] = co_byte(i, rep);
}

static int co_verify(const unsigned char *buf, uint64_t size, long rep)
{
	for (uint64_t i = 0; i < size; i++)
		if (buf[i] != co_byte(i, rep))
			return 0;
	return 1;
}

/* The broadcast written with point-to-point calls only. */
static void co_manual_bcast(unsigned char *buf, int count, int root)
{
	if (co_rank == root) {
		for (int r = 0; r < co_size; r++)
			if (r != root)
				MPI_Send(buf, count, MPI_BYTE, r, 1, MPI_COMM_WORLD);
	} else {
		MPI_Recv(buf, count, MPI_BYTE, root, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	}
}

/* Time one way of broadcasting; returns 1 if every rank got every byte. */
static int co_time(const char *op, int manual, unsigned char *buf, uint64_t size, int root,
		   long warmup, long repeats, double *best, double *median)
{
	double *samples = hpct_alloc(sizeof *samples * (size_t)repeats, "samples");
	int all_ok = 1;
	for (long r = -warmup; r < repeats; r++) {
		double t0, t, tmax;
		int ok, ok_all;
		if (co_rank == root)
			co_fill(buf, size, r);
		else
			memset(buf, 0, size);
		MPI_Barrier(MPI_COMM_WORLD);
		t0 = hpct_now();
		if (manual)
			co_manual_bcast(buf, (int)size, root);
		else
			MPI_Bcast(buf, (int)size, MPI_BYTE, root, MPI_COMM_WORLD);
		t = hpct_now() - t0;
		ok = co_verify(buf, size, r);
		/* The broadcast is done when the last rank has its copy. */
		MPI_Reduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, root, MPI_COMM_WORLD);
		MPI_Allreduce(&ok, &ok_all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
		all_ok &= ok_all;
		if (!ok)
			fprintf(stderr, "hpct-collectives: rank %d received a wrong buffer from %s\n",
				co_rank, op);
		if (r < 0 || co_rank != root)
			continue;
		samples[r] = tmax;
		{
			struct hpct_result res;
			hpct_result_begin(&res, "collectives");
			hpct_result_str(&res, "op", op);
			hpct_result_int(&res, "rank", co_rank);
			hpct_result_int(&res, "root", root);
			hpct_result_int(&res, "ranks", co_size);
			hpct_result_u64(&res, "bytes", size);
			hpct_result_int(&res, "rep", r + 1);
			hpct_result_dbl(&res, "seconds", tmax, 6);
			hpct_result_str(&res, "check", ok_all ? "ok" : "FAIL");
			hpct_result_end(&res);
		}
	}
	if (co_rank == root) {
		struct hpct_stats st = hpct_stats(samples, (size_t)repeats);
		*best = st.best;
		*median = st.median;
	}
	free(samples);
	return all_ok;
}

int main(int argc, char **argv)
{
	long root = 0, repeats = 20, warmup = 2;
	uint64_t size = 1 << 20;
	const struct hpct_opt opts[] = {
		{ "root", HPCT_OPT_INT, &root, "R", "the rank that broadcasts and gathers (default 0)", 0, 1e6, NULL },
		{ "size", HPCT_OPT_SIZE, &size, "BYTES", "buffer broadcast in the timed part (default 1Mi)", 1, 1e9, NULL },
		{ "repeats", HPCT_OPT_INT, &repeats, "K", "timed broadcasts per method (default 20)", 1, 100000, NULL },
		{ "warmup", HPCT_OPT_INT, &warmup, "K", "untimed broadcasts first (default 2)", 0, 1000, NULL },
	};
	const struct hpct_prog prog = {
		"collectives", "Broadcast and gather from a root; a hand-written broadcast timed against MPI_Bcast.",
		"Start it with a launcher: mpiexec -n 4 hpct-collectives --root 1",
		opts, sizeof opts / sizeof opts[0],
	};
	char msg[CO_MSG], *all = NULL;
	unsigned char *buf;
	int ok = 1, all_ok, r0;
	double mbest = 0, mmed = 0, bbest = 0, bmed = 0;

	hpct_parse(&prog, argc, argv);
	hpct_mem_require(size, "the broadcast buffer");
	MPI_Init(&argc, &argv);
	hpct_init(NULL);
	MPI_Comm_rank(MPI_COMM_WORLD, &co_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &co_size);
	if (root >= co_size) {
		if (co_rank == 0)
			fprintf(stderr, "hpct-collectives: --root %ld: there are only %d ranks (0 to %d)\n",
				root, co_size, co_size - 1);
		MPI_Finalize();
		return HPCT_EXIT_USAGE;
	}
	r0 = (int)root;

	/* Broadcast a string from the root. */
	memset(msg, 0, sizeof msg);
	if (co_rank == r0)
		snprintf(msg, sizeof msg, "Greetings from the root, rank %d", r0);
	MPI_Bcast(msg, CO_MSG, MPI_CHAR, r0, MPI_COMM_WORLD);
	{
		char want[CO_MSG] = { 0 };
		struct hpct_result res;
		int good;
		snprintf(want, sizeof want, "Greetings from the root, rank %d", r0);
		good = memcmp(want, msg, CO_MSG) == 0;
		ok &= good;
		printf("rank %d: MPI_Bcast from rank %d gave \"%s\"\n", co_rank, r0, msg);
		hpct_result_begin(&res, "collectives");
		hpct_result_str(&res, "op", "bcast");
		hpct_result_int(&res, "rank", co_rank);
		hpct_result_int(&res, "root", r0);
		hpct_result_str(&res, "check", good ? "ok" : "FAIL");
		hpct_result_end(&res);
	}

	/* Gather one message per rank at the root, in rank order. */
	snprintf(msg, sizeof msg, "rank %d of %d reporting", co_rank, co_size);
	if (co_rank == r0) {
		all = calloc((size_t)co_size, CO_MSG);
		if (!all)
			hpct_die("out of memory for the gather buffer");
	}
	MPI_Gather(msg, CO_MSG, MPI_CHAR, all, CO_MSG, MPI_CHAR, r0, MPI_COMM_WORLD);
	if (co_rank == r0) {
		int good = 1;
		struct hpct_result res;
		printf("rank %d: MPI_Gather collected:\n", r0);
		for (int r = 0; r < co_size; r++) {
			char want[CO_MSG];
			snprintf(want, sizeof want, "rank %d of %d reporting", r, co_size);
			good &= strncmp(want, all + (size_t)r * CO_MSG, CO_MSG) == 0;
			printf("  [%d] %.*s\n", r, CO_MSG, all + (size_t)r * CO_MSG);
		}
		ok &= good;
		hpct_result_begin(&res, "collectives");
		hpct_result_str(&res, "op", "gather");
		hpct_result_int(&res, "rank", co_rank);
		hpct_result_int(&res, "root", r0);
		hpct_result_int(&res, "ranks", co_size);
		hpct_result_str(&res, "check", good ? "ok" : "FAIL");
		hpct_result_end(&res);
		free(all);
	}

	/* The timed part. */
	buf = hpct_alloc(size, "the broadcast buffer");
	if (co_rank == r0) {
		char sb[32];
		hpct_format_size(size, sb, sizeof sb);
		printf("timing a %s-byte broadcast from rank %d to %d ranks, %ld repeats:\n", sb, r0,
		       co_size, repeats);
	}
	ok &= co_time("manual-bcast", 1, buf, size, r0, warmup, repeats, &mbest, &mmed);
	ok &= co_time("MPI_Bcast", 0, buf, size, r0, warmup, repeats, &bbest, &bmed);
	if (co_rank == r0) {
		struct hpct_result res;
		char label[64];
		snprintf(label, sizeof label, "send/recv loop (%d sends in turn)", co_size - 1);
		printf("  %-34s best %.6f s  median %.6f s\n", label, mbest, mmed);
		snprintf(label, sizeof label, "MPI_Bcast (a tree: ~%d steps)",
			 co_size > 1 ? (int)ceil(log2(co_size)) : 0);
		printf("  %-34s best %.6f s  median %.6f s\n", label, bbest, bmed);
		printf("  the loop takes %.2fx the time of MPI_Bcast\n", bbest > 0 ? mbest / bbest : 0);
		const char *ops[] = { "manual-bcast", "MPI_Bcast" };
		double bests[] = { mbest, bbest }, meds[] = { mmed, bmed };
		for (int i = 0; i < 2; i++) {
			hpct_result_begin(&res, "collectives");
			hpct_result_str(&res, "op", ops[i]);
			hpct_result_int(&res, "rank", co_rank);
			hpct_result_int(&res, "ranks", co_size);
			hpct_result_u64(&res, "bytes", size);
			hpct_result_str(&res, "stat", "summary");
			hpct_result_dbl(&res, "best", bests[i], 6);
			hpct_result_dbl(&res, "median", meds[i], 6);
			hpct_result_dbl(&res, "gbps", (double)size * (co_size - 1) / bests[i] / 1e9, 4);
			hpct_result_end(&res);
		}
	}
	free(buf);
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	MPI_Finalize();
	if (!all_ok) {
		if (co_rank == 0)
			fprintf(stderr, "hpct-collectives: a rank received wrong data (check=FAIL)\n");
		return HPCT_EXIT_FAIL;
	}
	return 0;
}
