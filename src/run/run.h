/*
 * run.h — a running kernel: spawn, read, stop, report.
 *
 * The caller owns the event loop. It asks run_pollfds() which descriptors
 * to wait on and run_timeout_ms() how long at most, calls poll(), then
 * run_step(), which drains the pipes, splits and sanitises lines, files
 * them into per-rank rings and a combined ring, parses result lines,
 * advances the stop sequence and the hang watchdog, and reaps the child.
 * Nothing here blocks except run_kill_wait(), meant for exit paths.
 *
 *   struct run *r = run_start(&cmd, &opts, err, sizeof err);
 *   while (run_state(r) != RUN_EXITED) {
 *           struct pollfd fds[RUN_MAXFDS];
 *           int n = run_pollfds(r, fds, RUN_MAXFDS);
 *           poll(fds, n, run_timeout_ms(r));
 *           unsigned ev = run_step(r);
 *           ...
 *   }
 *   run_free(r);
 *
 * The kernel runs in a new process group (launcher and ranks together),
 * stdin from /dev/null, stdout and stderr on two non-blocking pipes.
 * Stopping sends SIGINT, then SIGTERM, then SIGKILL to the whole group with
 * short grace periods between, and the child is always reaped. Every
 * process under the leader is signalled too (read from /proc), because
 * MPICH's proxy puts each rank in a process group of its own.
 *
 * The caller must leave SIGCHLD at its default (not SIG_IGN, which would
 * reap the child behind our back and lose its exit status).
 */
#ifndef HPCT_RUN_RUN_H
#define HPCT_RUN_RUN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "run/kernels.h"
#include "run/launcher.h"
#include "run/result.h"
#include "run/text.h"

#define RUN_MAXFDS 2
#define RUN_MAXRANKS 1024         /* rank labels above this go to the combined view only */
#define RUN_RING_LINES 2000       /* default lines kept per rank */
#define RUN_COMBINED_LINES 5000   /* default lines kept in the combined view */
#define RUN_HANG_TIMEOUT 20.0     /* default seconds of silence before "deadlock?" */

struct run;

/* Called for every line as it is filed (sanitised; rank -1 when unlabelled). */
typedef void (*run_line_fn)(void *ud, const struct run_line *line);
/* Called for every result line parsed. */
typedef void (*run_result_fn)(void *ud, const struct run_result *res);

struct run_opts {
	size_t ring_lines;        /* per rank; 0 = RUN_RING_LINES */
	size_t combined_lines;    /* 0 = RUN_COMBINED_LINES */
	double hang_timeout;      /* seconds; 0 = $HPCTUTOR_HANG_TIMEOUT or the default; <0 = off */
	double grace_int;         /* SIGINT -> SIGTERM; 0 = 1.5 s */
	double grace_term;        /* SIGTERM -> SIGKILL; 0 = 1.5 s */
	const char *const *series;/* extra group keys for the aggregation, or NULL */
	run_line_fn on_line;
	run_result_fn on_result;
	void *ud;
};

enum run_state {
	RUN_RUNNING,
	RUN_STOPPING,     /* a stop was asked for; signals are escalating */
	RUN_EXITED,       /* reaped, pipes drained: the end */
};

/* Events run_step() reports, as a bit mask. */
enum {
	RUN_EV_OUTPUT = 1u << 0,   /* new lines filed */
	RUN_EV_RESULT = 1u << 1,   /* new result records */
	RUN_EV_HANG = 1u << 2,     /* the watchdog fired (once per silence) */
	RUN_EV_EXITED = 1u << 3,   /* the run has just ended */
	RUN_EV_SIGNAL = 1u << 4,   /* a stop signal was just sent */
};

/*
 * Start CMD. Returns NULL with a message in ERR when the pipes or the fork
 * fail. A program that cannot be executed (launcher not installed) is not
 * an error here: the run ends at once with an explanation from
 * run_explain(). OPTS may be NULL.
 */
struct run *run_start(const struct run_command *cmd, const struct run_opts *opts,
		      char *err, size_t errlen);

/* Stop if still running (blocking, as run_kill_wait) and free everything. */
void run_free(struct run *r);

/* Descriptors to poll for input (0 once both pipes reached end of file). */
int run_pollfds(const struct run *r, struct pollfd *fds, int max);
/* Milliseconds until run_step() has something to do besides input (a stop
 * deadline, the watchdog, reaping after the pipes closed); -1 for none. */
int run_timeout_ms(const struct run *r);
/* Do everything that is due, without blocking. Returns RUN_EV_* bits. */
unsigned run_step(struct run *r);

/* Begin the stop sequence (SIGINT to the group). Idempotent. */
void run_stop(struct run *r);
/* Stop, and wait at most TIMEOUT seconds (<= 0: until done; the SIGKILL
 * step always ends it) for the group to be gone and the child reaped.
 * Output read meanwhile is still filed. 0 when reaped, -1 on timeout. */
int run_kill_wait(struct run *r, double timeout);

enum run_state run_state(const struct run *r);
pid_t run_pid(const struct run *r);       /* also the process group id */
double run_elapsed(const struct run *r);  /* seconds since start (to exit when ended) */
bool run_hung(const struct run *r);       /* silent longer than the hang timeout now */
/* Seconds since the last output. */
double run_silent_for(const struct run *r);

/* How it ended (valid in RUN_EXITED). */
bool run_exec_failed(const struct run *r);  /* the program could not be started */
int run_exit_status(const struct run *r);   /* exit code, or -1 when signalled */
int run_exit_signal(const struct run *r);   /* signal number, or 0 */
bool run_was_stopped(const struct run *r);  /* ended after run_stop() */
/* The shell's view: the exit code, or 128 + signal; 127 when exec failed. */
int run_shell_status(const struct run *r);
/* One line saying how it ended and what to do ("killed by SIGSEGV
 * (segmentation fault): ...", "mpiexec.mpich not found: install mpich or
 * set HPCTUTOR_MPIEXEC"). Written into BUF; returns BUF. */
const char *run_explain(const struct run *r, char *buf, size_t len);

/* The lines: the combined view, and per rank (NULL for a rank not seen).
 * run_max_rank() is the highest rank seen, -1 when none. */
const struct run_ring *run_combined(const struct run *r);
const struct run_ring *run_rank_ring(const struct run *r, int rank);
int run_max_rank(const struct run *r);
unsigned long long run_line_count(const struct run *r);

/* The results so far. The aggregation is owned by the run. */
struct run_agg *run_results(struct run *r);
size_t run_result_count(const struct run *r);
/* Pop the oldest result not yet taken (queue of at most 4096 kept);
 * 1 and *OUT filled (caller clears it), or 0 when empty. */
int run_result_take(struct run *r, struct run_result *out);

/* The command as started (for the display and results.csv). */
const struct run_command *run_command(const struct run *r);

/* Monotonic clock in seconds. */
double run_now(void);

#endif
