/*
 * signal.c — signals as events.
 *
 * The handlers only write the signal number into a pipe; the event loop
 * polls the pipe beside the terminal and acts on each signal in order,
 * outside signal context, where saving progress and redrawing are safe.
 * Installed before curses starts, so curses keeps its hands off SIGWINCH,
 * SIGINT and SIGTERM and only looks after SIGTSTP.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tui/app.h"

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int e = errno;
	unsigned char c = (unsigned char)sig;

	/* A full pipe already holds enough to wake the loop. */
	if (write(sig_pipe[1], &c, 1) < 0) {
		/* dropped */
	}
	errno = e;
}

static const int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };

int sig_init(void)
{
	struct sigaction sa;

	if (sig_pipe[0] < 0 && pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -1;
	return 0;
}

/* Back to the defaults once the tutor is done: a Ctrl-C while the
 * program winds down should end it, not go into a pipe nobody reads. */
void sig_done(void)
{
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
}

int sig_fd(void)
{
	return sig_pipe[0];
}

int sig_next(void)
{
	unsigned char c;

	for (;;) {
		ssize_t r = read(sig_pipe[0], &c, 1);
		if (r == 1)
			return c;
		if (r < 0 && errno == EINTR)
			continue;
		return 0;
	}
}
