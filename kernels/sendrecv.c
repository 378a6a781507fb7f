/* sendrecv.c - hpct-sendrecv: point-to-point messages (episode 6).
 * Rank 0 sends a message to rank 1, other ranks idle. --reply: rank 1
 * answers. --stagger: rank r sleeps r seconds first, and every blocking
 * call reports how long it waited for its partner. --deadlock: ranks 0
 * and 1 both send first, then receive. Whether that hangs depends on the
 * message: MPI may buffer a small one (the eager protocol) and return
 * from MPI_Send at once; a large one, or any MPI_Ssend, waits until the
 * receiver has posted its receive - which never happens. A watchdog says
 * which case this run is in; the hang is real and stays until stopped. */
#include "common/hpct.h"

#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sr_opts {
	int reply, stagger, deadlock, ssend;
	uint64_t size;
	long timeout;
};

static int sr_rank, sr_size;
static char sr_watchdog_msg[1024];
static size_t sr_watchdog_len;

/* Byte i of the pattern under a message's greeting: it depends on the sender. */
static char sr_byte(uint64_t i, int from)
{
	return (char)((i * 31 + (uint64_t)from) & 0xff);
}

/* Fill a message: a greeting, then a pattern that depends on the sender. */
static void sr_fill(char *buf, uint64_t size, int from, const char *what)
{
	for (uint64_t i = 0; i < size; i++)
		buf[i] = sr_byte(i, from);
	snprintf(buf, size, "%s from rank %d", what, from);
}

/* Check every byte that was received against what sr_fill put there: the
 * greeting and its NUL (cut to size - 1 bytes, as snprintf cuts it), then
 * the pattern. In place: no second buffer as large as the message. */
static int sr_verify(const char *buf, uint64_t size, int from, const char *what)
{
	char head[64];
	int len = snprintf(head, sizeof head, "%s from rank %d", what, from);
	uint64_t k = len >= 0 && (uint64_t)len + 1 < size ? (uint64_t)len + 1 : size;

	if (size == 0)
		return 1;
	if (memcmp(buf, head, k - 1) != 0 || buf[k - 1] != '\0')
		return 0;
	for (uint64_t i = k; i < size; i++)
		if (buf[i] != sr_byte(i, from))
			return 0;
	return 1;
}

/* One call's result line; outcome (NULL: none) and check (ok < 0: none)
 * are written only where they apply. */
static void sr_report(const char *mode, const char *call, int peer, uint64_t bytes,
		      const char *outcome, double waited, int ok)
{
	struct hpct_result r;
	hpct_result_begin(&r, "sendrecv");
	hpct_result_str(&r, "mode", mode);
	hpct_result_int(&r, "rank", sr_rank);
	hpct_result_str(&r, "call", call);
	hpct_result_int(&r, "peer", peer);
	hpct_result_u64(&r, "bytes", bytes);
	if (outcome)
		hpct_result_str(&r, "outcome", outcome);
	hpct_result_dbl(&r, "seconds", waited, 4);
	if (ok >= 0)
		hpct_result_str(&r, "check", ok ? "ok" : "FAIL");
	hpct_result_end(&r);
}

static double sr_send(const struct sr_opts *o, const char *buf, int to)
{
	double t0 = hpct_now();
	if (o->ssend)
		MPI_Ssend(buf, (int)o->size, MPI_CHAR, to, 0, MPI_COMM_WORLD);
	else
		MPI_Send(buf, (int)o->size, MPI_CHAR, to, 0, MPI_COMM_WORLD);
	return hpct_now() - t0;
}

static int sr_recv(const struct sr_opts *o, char *buf, int from, const char *what, double *waited)
{
	double t0 = hpct_now();
	MPI_Recv(buf, (int)o->size, MPI_CHAR, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	*waited = hpct_now() - t0;
	return sr_verify(buf, o->size, from, what);
}

/* The watchdog: if the sends have not returned after the timeout, say
 * why. Only write() in the handler; the text was prepared beforehand. */
static void sr_watchdog(int sig)
{
	if (write(STDOUT_FILENO, sr_watchdog_msg, sr_watchdog_len) < 0) {
		/* nothing to do in a handler */
	}
}

static void sr_arm_watchdog(const struct sr_opts *o, int peer)
{
	const char *call = o->ssend ? "MPI_Ssend" : "MPI_Send";
	int len = snprintf(sr_watchdog_msg, sizeof sr_watchdog_msg,
		"rank %d: still blocked in %s (%llu bytes to rank %d) after %ld s.\n"
		"rank %d: DEADLOCK: both ranks send first, and %s.\n"
		"rank %d: Each send waits for a receive that the other rank only posts after\n"
		"rank %d: its own send returns. Fix: order the calls (one rank receives first),\n"
		"rank %d: MPI_Sendrecv, or MPI_Isend/MPI_Irecv. Stop this run with Ctrl-C.\n"
		"@hpct kernel=sendrecv mode=deadlock rank=%d call=%s peer=%d bytes=%llu "
		"outcome=blocked seconds=%ld\n",
		sr_rank, call, (unsigned long long)o->size, peer, o->timeout, sr_rank,
		o->ssend ? "MPI_Ssend never returns before the matching receive has started"
			 : "the message is too large for MPI to buffer (above its eager limit)",
		sr_rank, sr_rank, sr_rank, sr_rank, call, peer, (unsigned long long)o->size, o->timeout);
	struct sigaction sa;
	sr_watchdog_len = len > 0 && (size_t)len < sizeof sr_watchdog_msg ? (size_t)len : 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sr_watchdog;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)o->timeout);
}

static int sr_deadlock(const struct sr_opts *o, char *out, char *in)
{
	int peer = 1 - sr_rank, ok;
	double sent, waited;
	const char *call = o->ssend ? "MPI_Ssend" : "MPI_Send";

	printf("rank %d: sending %llu bytes to rank %d with %s before receiving\n", sr_rank,
	       (unsigned long long)o->size, peer, call);
	sr_fill(out, o->size, sr_rank, "Message");
	sr_arm_watchdog(o, peer);
	sent = sr_send(o, out, peer);
	alarm(0);
	printf("rank %d: %s returned after %.6f s: the %llu-byte message went out eagerly -\n"
	       "rank %d: MPI copied it into a buffer below its eager limit, so the send did not\n"
	       "rank %d: wait for rank %d's receive. No deadlock this time, but only by luck:\n"
	       "rank %d: with --ssend or a larger --size the same program hangs.\n",
	       sr_rank, call, sent, (unsigned long long)o->size, sr_rank, sr_rank, peer, sr_rank);
	ok = sr_recv(o, in, peer, "Message", &waited);
	sr_report("deadlock", call, peer, o->size, "eager", sent, ok);
	return ok;
}

static int sr_plain(const struct sr_opts *o, char *out, char *in)
{
	const char *mode = o->reply ? "reply" : "send";
	const char *call = o->ssend ? "MPI_Ssend" : "MPI_Send";
	double waited;
	int ok = 1;

	if (sr_rank == 0) {
		sr_fill(out, o->size, 0, "Hello");
		waited = sr_send(o, out, 1);
		printf("rank 0: %s of %llu bytes to rank 1 returned after %.3f s\n", call,
		       (unsigned long long)o->size, waited);
		sr_report(mode, call, 1, o->size, NULL, waited, -1);
		if (o->reply) {
			ok = sr_recv(o, in, 1, "Hi back", &waited);
			printf("rank 0: received \"%.60s\" from rank 1 after waiting %.3f s in MPI_Recv\n",
			       in, waited);
			sr_report(mode, "MPI_Recv", 1, o->size, NULL, waited, ok);
		}
	} else if (sr_rank == 1) {
		ok = sr_recv(o, in, 0, "Hello", &waited);
		printf("rank 1: received \"%.60s\" from rank 0 after waiting %.3f s in MPI_Recv\n",
		       in, waited);
		sr_report(mode, "MPI_Recv", 0, o->size, NULL, waited, ok);
		if (o->reply) {
			sr_fill(out, o->size, 1, "Hi back");
			waited = sr_send(o, out, 0);
			printf("rank 1: %s of the reply returned after %.3f s\n", call, waited);
			sr_report(mode, call, 0, o->size, NULL, waited, -1);
		}
	} else {
		printf("rank %d: no message for me; I only wait at the end\n", sr_rank);
	}
	return ok;
}

int main(int argc, char **argv)
{
	struct sr_opts o = { 0, 0, 0, 0, 64, 3 };
	const struct hpct_opt opts[] = {
		{ "reply", HPCT_OPT_FLAG, &o.reply, NULL, "rank 1 sends an answer back to rank 0", 0, 0, NULL },
		{ "stagger", HPCT_OPT_FLAG, &o.stagger, NULL, "rank r sleeps r seconds first: see each call wait", 0, 0, NULL },
		{ "deadlock", HPCT_OPT_FLAG, &o.deadlock, NULL, "ranks 0 and 1 both send first, then receive", 0, 0, NULL },
		{ "ssend", HPCT_OPT_FLAG, &o.ssend, NULL, "use MPI_Ssend, which never buffers", 0, 0, NULL },
		{ "size", HPCT_OPT_SIZE, &o.size, "BYTES", "message size (default 64; try 16Mi with --deadlock)", 32, 1e9, NULL },
		{ "timeout", HPCT_OPT_INT, &o.timeout, "S", "seconds before a blocked send is explained (default 3)", 1, 3600, NULL },
	};
	const struct hpct_prog prog = {
		"sendrecv", "Send and receive between ranks 0 and 1: replies, blocking, deadlock.",
		"Needs at least 2 ranks: mpiexec -n 2 hpct-sendrecv --deadlock --ssend",
		opts, sizeof opts / sizeof opts[0],
	};
	char *out, *in;
	int ok = 1, all_ok;

	hpct_parse(&prog, argc, argv);
	if (o.deadlock && (o.reply || o.stagger))
		hpct_usage_error("--deadlock cannot be combined with --reply or --stagger");
	hpct_mem_require(2 * o.size, "the send and receive buffers");
	MPI_Init(&argc, &argv);
	hpct_init(NULL);
	MPI_Comm_rank(MPI_COMM_WORLD, &sr_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &sr_size);
	if (sr_size < 2) {
		fprintf(stderr, "hpct-sendrecv: needs at least 2 ranks, got %d: "
			"start it as mpiexec -n 2 hpct-sendrecv\n", sr_size);
		MPI_Finalize();
		return HPCT_EXIT_USAGE;
	}
	out = hpct_alloc(o.size, "the send buffer");
	in = hpct_alloc(o.size, "the receive buffer");
	memset(in, 0, o.size);

	if (o.stagger) {
		MPI_Barrier(MPI_COMM_WORLD); /* start the clocks together */
		printf("rank %d: sleeping %d s before communicating\n", sr_rank, sr_rank);
		sleep((unsigned)sr_rank);
	}
	if (o.deadlock) {
		if (sr_rank < 2)
			ok = sr_deadlock(&o, out, in);
		else
			printf("rank %d: not part of the exchange\n", sr_rank);
	} else {
		ok = sr_plain(&o, out, in);
	}
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	if (sr_rank == 0) {
		struct hpct_result r;
		hpct_result_begin(&r, "sendrecv");
		hpct_result_str(&r, "mode", o.deadlock ? "deadlock" : o.reply ? "reply" : "send");
		hpct_result_int(&r, "rank", 0);
		hpct_result_int(&r, "ranks", sr_size);
		hpct_result_str(&r, "stat", "summary");
		hpct_result_str(&r, "check", all_ok ? "ok" : "FAIL");
		hpct_result_end(&r);
	}
	free(out);
	free(in);
	if (!all_ok) {
		if (sr_rank == 0)
			fprintf(stderr, "hpct-sendrecv: a received message differs from what was sent\n");
		MPI_Finalize();
		return HPCT_EXIT_FAIL;
	}
	MPI_Finalize();
	return 0;
}
