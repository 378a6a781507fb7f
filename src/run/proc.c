/*
 * proc.c — the life of one run: fork and exec in a new process group, the
 * output pipes drained into line rings, the stop sequence, the watchdog,
 * reaping.
 *
 * Everything is driven from run_step(), which the caller's poll loop calls;
 * time-based work (the next signal of a stop, the hang watchdog, sweeping
 * processes the launcher left behind) is done when its deadline has passed,
 * and run_timeout_ms() tells the loop when that will be.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/run.h"
#include "run/proc.h"

#define READ_CHUNK 65536
#define STEP_BUDGET (1u << 20)   /* bytes read per stream per step: keeps a UI responsive */
#define PENDING_MAX (4 * RUN_LINE_MAX)
#define QUEUE_MAX 4096
#define REAP_POLL_MS 100         /* waitpid cadence while the leader lives */
#define STRAGGLER_GRACE 1.0      /* seconds the group may outlive its leader */

/* A rank's line that arrived in pieces (see run_label_split). */
struct partial {
	char *buf;                /* PENDING_MAX bytes once used */
	size_t len;
	bool cut;
};

struct stream {
	int fd;                   /* -1 at end of file */
	bool is_stderr;
	bool skipping;            /* dropping the rest of an overlong line */
	size_t len;
	char pending[PENDING_MAX];
	struct partial *part;     /* per rank, for MPICH's chunk labels */
	int npart;
};

struct run {
	struct run_command cmd;
	struct run_opts opts;
	pid_t pid;
	enum run_state state;
	struct stream out, err;
	double t_start, t_end, t_last_output;
	bool hang_flagged;
	double hang_timeout;

	/* stop sequence: 0 none, 1 SIGINT sent, 2 SIGTERM, 3 SIGKILL */
	int stop_phase;
	double stop_deadline;

	bool reaped;
	int wstatus;
	int exec_errno;           /* errno of a failed exec, else 0 */
	double straggler_deadline;/* when to SIGKILL what outlived the leader; 0 none */
	double pipes_deadline;    /* when to give up on pipes held by strays; 0 none */

	struct run_ring *combined;
	struct run_ring **ranks;
	int nranks;               /* slots in ranks[] */
	int max_rank;
	unsigned long long seq;

	struct run_agg *agg;
	size_t nresults;
	struct run_result *queue; /* ring of QUEUE_MAX */
	size_t qhead, qcount;

	unsigned events;          /* gathered during one step */
};

double run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static double env_hang_timeout(void)
{
	const char *e = getenv("HPCTUTOR_HANG_TIMEOUT");
	char *end;
	double d;

	if (e && *e) {
		d = strtod(e, &end);
		if (!*end && d > 0 && d < 1e6)
			return d;
		if (!*end && d <= 0)
			return -1;
	}
	return RUN_HANG_TIMEOUT;
}

static int copy_command(struct run_command *dst, const struct run_command *src)
{
	memset(dst, 0, sizeof *dst);
	dst->launcher = src->launcher;
	dst->ranks = src->ranks;
	if (src->kernel_path && !(dst->kernel_path = strdup(src->kernel_path)))
		return -1;
	for (size_t i = 0; i < src->argc; i++)
		if (run_command_push(dst, src->argv[i]))
			return -1;
	return 0;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_exec(const struct run_command *cmd, int devnull, int out, int err,
		       int errpipe)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
				    SIGCHLD, SIGTSTP, SIGTTOU, SIGTTIN, SIGWINCH };
	struct sigaction sa;
	sigset_t none;
	int e;

	setpgid(0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
		e = errno;
		(void)!write(errpipe, &e, sizeof e);
		_exit(126);
	}
	execvp(cmd->argv[0], cmd->argv);
	e = errno;
	(void)!write(errpipe, &e, sizeof e);
	_exit(127);
}

struct run *run_start(const struct run_command *cmd, const struct run_opts *opts,
		      char *errbuf, size_t errlen)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, px[2] = { -1, -1 }, devnull = -1;
	struct run *r = calloc(1, sizeof *r);
	ssize_t n;
	int e;

	if (!r) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	r->out.fd = r->err.fd = -1;
	r->err.is_stderr = true;
	r->max_rank = -1;
	if (opts)
		r->opts = *opts;
	if (!r->opts.ring_lines)
		r->opts.ring_lines = RUN_RING_LINES;
	if (!r->opts.combined_lines)
		r->opts.combined_lines = RUN_COMBINED_LINES;
	if (r->opts.grace_int <= 0)
		r->opts.grace_int = 1.5;
	if (r->opts.grace_term <= 0)
		r->opts.grace_term = 1.5;
	r->hang_timeout = r->opts.hang_timeout > 0 ? r->opts.hang_timeout :
			  r->opts.hang_timeout < 0 ? -1 : env_hang_timeout();
	if (!cmd->argc || copy_command(&r->cmd, cmd) ||
	    !(r->combined = run_ring_new(r->opts.combined_lines)) ||
	    !(r->agg = run_agg_new(r->opts.series)) ||
	    !(r->queue = calloc(QUEUE_MAX, sizeof *r->queue))) {
		snprintf(errbuf, errlen, cmd->argc ? "out of memory" : "empty command");
		goto fail;
	}
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) || pipe2(px, O_CLOEXEC)) {
		snprintf(errbuf, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0) {
		snprintf(errbuf, errlen, "/dev/null: %s", strerror(errno));
		goto fail;
	}
	r->t_start = r->t_last_output = run_now();
	r->pid = fork();
	if (r->pid < 0) {
		snprintf(errbuf, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (r->pid == 0)
		child_exec(&r->cmd, devnull, po[1], pe[1], px[1]);
	/* Both sides set the group, so it exists before either relies on it;
	 * EACCES here means the child already exec'd, having set it itself. */
	(void)setpgid(r->pid, r->pid);
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	close(devnull);
	po[1] = pe[1] = px[1] = devnull = -1;
	/* The exec-error pipe closes on a successful exec: this read returns
	 * at once either way. */
	do
		n = read(px[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	close(px[0]);
	if (n == (ssize_t)sizeof e)
		r->exec_errno = e ? e : ENOENT;
	r->out.fd = po[0];
	r->err.fd = pe[0];
	if (set_flags(po[0]) || set_flags(pe[0])) {
		snprintf(errbuf, errlen, "fcntl: %s", strerror(errno));
		kill(-r->pid, SIGKILL);
		while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
			;
		r->reaped = true;
		goto fail;
	}
	r->state = RUN_RUNNING;
	return r;
fail:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0) close(po[i]);
		if (pe[i] >= 0) close(pe[i]);
		if (px[i] >= 0) close(px[i]);
	}
	if (devnull >= 0)
		close(devnull);
	r->out.fd = r->err.fd = -1;
	r->pid = 0;
	r->state = RUN_EXITED;
	run_free(r);
	return NULL;
}

static struct run_ring *rank_ring(struct run *r, int rank)
{
	if (rank < 0 || rank >= RUN_MAXRANKS)
		return NULL;
	if (rank >= r->nranks) {
		int n = r->nranks ? r->nranks : 8;
		struct run_ring **nr;

		while (n <= rank)
			n *= 2;
		if (n > RUN_MAXRANKS)
			n = RUN_MAXRANKS;
		nr = realloc(r->ranks, n * sizeof *nr);
		if (!nr)
			return NULL;
		memset(nr + r->nranks, 0, (n - r->nranks) * sizeof *nr);
		r->ranks = nr;
		r->nranks = n;
	}
	if (!r->ranks[rank])
		r->ranks[rank] = run_ring_new(r->opts.ring_lines);
	return r->ranks[rank];
}

static void queue_result(struct run *r, const struct run_result *res)
{
	struct run_result *slot;

	if (r->qcount == QUEUE_MAX) {
		run_result_clear(&r->queue[r->qhead]);
		r->qhead = (r->qhead + 1) % QUEUE_MAX;
		r->qcount--;
	}
	slot = &r->queue[(r->qhead + r->qcount) % QUEUE_MAX];
	if (run_result_copy(slot, res) == 0)
		r->qcount++;
}

/* File one line of text (raw bytes, label already taken off). */
static void file_text(struct run *r, const char *raw, size_t len, int rank,
		      bool is_stderr, bool truncated)
{
	char text[RUN_LINE_MAX + 1];
	size_t n;
	struct run_result res;
	struct run_line line;
	struct run_ring *rr;
	bool cut;

	n = run_sanitize(raw, len, text, sizeof text, &cut);
	line.text = text;
	line.len = n;
	line.flags = (is_stderr ? RUN_LINE_STDERR : 0) | (cut || truncated ? RUN_LINE_TRUNCATED : 0);
	line.rank = rank;
	line.seq = ++r->seq;
	if (!truncated && run_result_parse(text, n, &res) == 0) {
		line.flags |= RUN_LINE_RESULT;
		if (rank >= 0)
			res.rank = rank;
		run_agg_add(r->agg, &res);
		queue_result(r, &res);
		r->nresults++;
		if (r->opts.on_result)
			r->opts.on_result(r->opts.ud, &res);
		run_result_clear(&res);
		r->events |= RUN_EV_RESULT;
	}
	/* On ENOMEM a line is lost from the view; the run goes on. */
	(void)run_ring_push(r->combined, text, n, line.flags, rank, line.seq);
	if ((rr = rank_ring(r, rank)) != NULL) {
		(void)run_ring_push(rr, text, n, line.flags, rank, line.seq);
		if (rank > r->max_rank)
			r->max_rank = rank;
	}
	if (r->opts.on_line)
		r->opts.on_line(r->opts.ud, &line);
	r->events |= RUN_EV_OUTPUT;
}

static struct partial *partial_of(struct stream *s, int rank)
{
	if (rank < 0 || rank >= RUN_MAXRANKS)
		return NULL;
	if (rank >= s->npart) {
		int n = rank < 8 ? 8 : rank + 1;
		struct partial *p = realloc(s->part, n * sizeof *p);

		if (!p)
			return NULL;
		memset(p + s->npart, 0, (n - s->npart) * sizeof *p);
		s->part = p;
		s->npart = n;
	}
	if (!s->part[rank].buf && !(s->part[rank].buf = malloc(PENDING_MAX)))
		return NULL;
	return &s->part[rank];
}

static void partial_add(struct partial *p, const char *text, size_t len)
{
	size_t room = PENDING_MAX - p->len;

	if (len > room) {
		len = room;
		p->cut = true;
	}
	memcpy(p->buf + p->len, text, len);
	p->len += len;
}

/* File one complete raw line (without its newline). With MPICH's labels,
 * pieces of several ranks' lines may share it: each piece joins its rank's
 * line, and the last piece completes a line. */
static void file_line(struct run *r, struct stream *s, const char *raw, size_t len,
		      bool truncated)
{
	enum run_label_style style = r->cmd.launcher ? r->cmd.launcher->labels : RUN_LABEL_NONE;
	struct run_label_seg segs[64];
	struct partial *p;
	size_t skip, n;
	int rank;

	rank = run_label_parse(style, raw, len, &skip);
	raw += skip;
	len -= skip;
	if (style != RUN_LABEL_BRACKET || rank < 0) {
		file_text(r, raw, len, rank, s->is_stderr, truncated);
		return;
	}
	n = run_label_split(rank, raw, len, segs, sizeof segs / sizeof segs[0]);
	for (size_t i = 0; i + 1 < n; i++) {
		p = partial_of(s, segs[i].rank);
		if (p)
			partial_add(p, raw + segs[i].off, segs[i].len);
	}
	rank = segs[n - 1].rank;
	p = rank < s->npart ? &s->part[rank] : NULL;
	if (p && p->len) {
		partial_add(p, raw + segs[n - 1].off, segs[n - 1].len);
		file_text(r, p->buf, p->len, rank, s->is_stderr, truncated || p->cut);
		p->len = 0;
		p->cut = false;
	} else {
		file_text(r, raw + segs[n - 1].off, segs[n - 1].len, rank, s->is_stderr, truncated);
	}
}

static void feed(struct run *r, struct stream *s, const char *buf, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(buf, '\n', n);
		size_t take = nl ? (size_t)(nl - buf) : n;

		if (s->skipping) {
			if (nl)
				s->skipping = false;
		} else if (s->len == 0 && nl) {
			file_line(r, s, buf, take, false);  /* fast path */
		} else {
			size_t room = PENDING_MAX - s->len;
			size_t c = take < room ? take : room;

			memcpy(s->pending + s->len, buf, c);
			s->len += c;
			if (nl || s->len == PENDING_MAX) {
				bool over = !nl || take > c;
				file_line(r, s, s->pending, s->len, over);
				s->len = 0;
				s->skipping = over && !nl;
			}
		}
		if (!nl)
			return;
		buf += take + 1;
		n -= take + 1;
	}
}

static void close_stream(struct run *r, struct stream *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	if (s->len && !s->skipping)
		file_line(r, s, s->pending, s->len, false);
	s->len = 0;
	for (int i = 0; i < s->npart; i++) {
		if (s->part[i].len)
			file_text(r, s->part[i].buf, s->part[i].len, i, s->is_stderr, s->part[i].cut);
		s->part[i].len = 0;
	}
}

static void free_stream(struct stream *s)
{
	for (int i = 0; i < s->npart; i++)
		free(s->part[i].buf);
	free(s->part);
	s->part = NULL;
	s->npart = 0;
}

static void drain(struct run *r, struct stream *s)
{
	char buf[READ_CHUNK];
	size_t total = 0;

	while (s->fd >= 0 && total < STEP_BUDGET) {
		ssize_t n = read(s->fd, buf, sizeof buf);

		if (n > 0) {
			feed(r, s, buf, (size_t)n);
			total += (size_t)n;
			r->t_last_output = run_now();
			r->hang_flagged = false;
		} else if (n == 0) {
			close_stream(r, s);
		} else if (errno == EINTR) {
			continue;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			break;
		} else {
			close_stream(r, s);
		}
	}
}

/* Signal the group and, while the leader lives, every process under it
 * (the ranks may sit in process groups of their own: see tree.c). */
static void send_group(struct run *r, int sig)
{
	pid_t tree[RUN_MAXRANKS * 2];
	int n = 0;

	if (r->pid <= 0)
		return;
	if (!r->reaped)
		n = run_proc_descendants(r->pid, tree, (int)(sizeof tree / sizeof tree[0]));
	kill(-r->pid, sig);
	for (int i = 0; i < n; i++)
		kill(tree[i], sig);
	r->events |= RUN_EV_SIGNAL;
}

void run_stop(struct run *r)
{
	if (r->state != RUN_RUNNING)
		return;
	r->state = RUN_STOPPING;
	if (r->reaped) {
		/* Only strays are left: no need to be gentle with them. */
		send_group(r, SIGKILL);
		r->stop_phase = 3;
		return;
	}
	send_group(r, SIGINT);
	r->stop_phase = 1;
	r->stop_deadline = run_now() + r->opts.grace_int;
}

static void advance_stop(struct run *r, double now)
{
	if (r->stop_phase == 0 || r->stop_phase == 3 || now < r->stop_deadline)
		return;
	if (r->stop_phase == 1) {
		send_group(r, SIGTERM);
		r->stop_phase = 2;
		r->stop_deadline = now + r->opts.grace_term;
	} else {
		send_group(r, SIGKILL);
		r->stop_phase = 3;
		r->stop_deadline = now + 1.0;
	}
}

/* Is anything left in the group? Only asked right after the leader was
 * reaped or while its members keep the group (and so its id) alive. */
static bool group_alive(const struct run *r)
{
	return r->pid > 0 && kill(-r->pid, 0) == 0;
}

static void reap(struct run *r, double now)
{
	pid_t p;

	if (r->reaped || r->pid <= 0)
		return;
	do
		p = waitpid(r->pid, &r->wstatus, WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p == 0)
		return;
	if (p < 0)  /* ECHILD: someone else reaped it (a SIGCHLD set to SIG_IGN) */
		r->wstatus = 0;
	r->reaped = true;
	r->t_end = now;
	if (group_alive(r)) {
		if (r->stop_phase)
			send_group(r, SIGKILL);
		r->straggler_deadline = now + STRAGGLER_GRACE;
	}
	r->pipes_deadline = now + STRAGGLER_GRACE + 1.0;
}

unsigned run_step(struct run *r)
{
	double now;
	unsigned ev;

	if (r->state == RUN_EXITED)
		return 0;
	r->events = 0;
	drain(r, &r->out);
	drain(r, &r->err);
	now = run_now();
	advance_stop(r, now);
	reap(r, now);
	if (r->reaped && r->straggler_deadline && now >= r->straggler_deadline) {
		if (group_alive(r))
			send_group(r, SIGKILL);
		r->straggler_deadline = 0;
	}
	if (r->reaped && r->pipes_deadline && now >= r->pipes_deadline) {
		close_stream(r, &r->out);   /* held open by a process that left the group */
		close_stream(r, &r->err);
	}
	if (!r->reaped && r->state == RUN_RUNNING && r->hang_timeout > 0 &&
	    !r->hang_flagged && now - r->t_last_output >= r->hang_timeout) {
		r->hang_flagged = true;
		r->events |= RUN_EV_HANG;
	}
	if (r->reaped && r->out.fd < 0 && r->err.fd < 0) {
		r->state = RUN_EXITED;
		r->events |= RUN_EV_EXITED;
	}
	ev = r->events;
	r->events = 0;
	return ev;
}

int run_pollfds(const struct run *r, struct pollfd *fds, int max)
{
	int n = 0;

	if (r->out.fd >= 0 && n < max) {
		fds[n].fd = r->out.fd;
		fds[n].events = POLLIN;
		fds[n++].revents = 0;
	}
	if (r->err.fd >= 0 && n < max) {
		fds[n].fd = r->err.fd;
		fds[n].events = POLLIN;
		fds[n++].revents = 0;
	}
	return n;
}

static void earliest(double *best, double t)
{
	if (t > 0 && (*best < 0 || t < *best))
		*best = t;
}

int run_timeout_ms(const struct run *r)
{
	double now = run_now(), t = -1, ms;

	if (r->state == RUN_EXITED)
		return -1;
	if (!r->reaped)
		earliest(&t, now + REAP_POLL_MS / 1000.0);
	if (r->stop_phase == 1 || r->stop_phase == 2)
		earliest(&t, r->stop_deadline);
	if (!r->reaped && r->state == RUN_RUNNING && r->hang_timeout > 0 && !r->hang_flagged)
		earliest(&t, r->t_last_output + r->hang_timeout);
	if (r->reaped) {
		earliest(&t, r->straggler_deadline);
		earliest(&t, r->pipes_deadline);
	}
	if (t < 0)
		return -1;
	ms = (t - now) * 1000.0 + 1;
	return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

int run_kill_wait(struct run *r, double timeout)
{
	double until = timeout > 0 ? run_now() + timeout : 0;

	run_stop(r);
	while (r->state != RUN_EXITED) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);

		if (until && run_now() >= until)
			return -1;
		if (ms < 0 || ms > 50)
			ms = 50;
		if (poll(fds, n, ms) < 0 && errno != EINTR)
			usleep(10000);
		run_step(r);
	}
	return 0;
}

void run_free(struct run *r)
{
	if (!r)
		return;
	if (r->pid > 0 && r->state != RUN_EXITED)
		run_kill_wait(r, 0);
	close_stream(r, &r->out);
	close_stream(r, &r->err);
	free_stream(&r->out);
	free_stream(&r->err);
	run_command_free(&r->cmd);
	run_ring_free(r->combined);
	for (int i = 0; i < r->nranks; i++)
		run_ring_free(r->ranks[i]);
	free(r->ranks);
	run_agg_free(r->agg);
	if (r->queue) {
		for (size_t i = 0; i < r->qcount; i++)
			run_result_clear(&r->queue[(r->qhead + i) % QUEUE_MAX]);
		free(r->queue);
	}
	free(r);
}

enum run_state run_state(const struct run *r) { return r->state; }
pid_t run_pid(const struct run *r) { return r->pid; }
const struct run_command *run_command(const struct run *r) { return &r->cmd; }
const struct run_ring *run_combined(const struct run *r) { return r->combined; }
int run_max_rank(const struct run *r) { return r->max_rank; }
unsigned long long run_line_count(const struct run *r) { return r->seq; }
struct run_agg *run_results(struct run *r) { return r->agg; }
size_t run_result_count(const struct run *r) { return r->nresults; }
bool run_exec_failed(const struct run *r) { return r->exec_errno != 0; }
bool run_was_stopped(const struct run *r) { return r->stop_phase != 0; }
int run_proc_exec_errno(const struct run *r) { return r->exec_errno; }
int run_proc_wait_status(const struct run *r) { return r->wstatus; }

const struct run_ring *run_rank_ring(const struct run *r, int rank)
{
	return rank >= 0 && rank < r->nranks ? r->ranks[rank] : NULL;
}

double run_elapsed(const struct run *r)
{
	return (r->reaped ? r->t_end : run_now()) - r->t_start;
}

double run_silent_for(const struct run *r)
{
	return run_now() - r->t_last_output;
}

bool run_hung(const struct run *r)
{
	return r->state == RUN_RUNNING && !r->reaped && r->hang_timeout > 0 &&
	       run_silent_for(r) >= r->hang_timeout;
}

int run_result_take(struct run *r, struct run_result *out)
{
	if (!r->qcount)
		return 0;
	*out = r->queue[r->qhead];
	memset(&r->queue[r->qhead], 0, sizeof r->queue[r->qhead]);
	r->qhead = (r->qhead + 1) % QUEUE_MAX;
	r->qcount--;
	return 1;
}

int run_exit_status(const struct run *r)
{
	if (r->exec_errno)
		return 127;
	return WIFEXITED(r->wstatus) ? WEXITSTATUS(r->wstatus) : -1;
}

int run_exit_signal(const struct run *r)
{
	return !r->exec_errno && WIFSIGNALED(r->wstatus) ? WTERMSIG(r->wstatus) : 0;
}

int run_shell_status(const struct run *r)
{
	int sig = run_exit_signal(r);

	return sig ? 128 + sig : run_exit_status(r);
}
