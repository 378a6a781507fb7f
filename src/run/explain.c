/*
 * explain.c — how a run ended, in words a learner can act on.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "run/run.h"
#include "run/proc.h"

static const struct {
	int sig;
	const char *name;
	const char *why;
} signals[] = {
	{ SIGSEGV, "SIGSEGV", "segmentation fault: it touched memory it does not own (a bug in the program)" },
	{ SIGBUS, "SIGBUS", "bus error: a bad memory access, or a file it mapped went away" },
	{ SIGABRT, "SIGABRT", "aborted: an assertion or the C library found a fatal error (see the lines above)" },
	{ SIGFPE, "SIGFPE", "arithmetic exception, such as an integer division by zero" },
	{ SIGILL, "SIGILL", "illegal instruction: built for a newer processor than this one" },
	{ SIGKILL, "SIGKILL", "killed outright: by the stop, or by the kernel's out-of-memory killer when memory ran out" },
	{ SIGTERM, "SIGTERM", "terminated on request" },
	{ SIGINT, "SIGINT", "interrupted (Ctrl-C or the stop key)" },
	{ SIGHUP, "SIGHUP", "hung up: the terminal or SSH connection went away" },
	{ SIGPIPE, "SIGPIPE", "broken pipe: whoever read its output stopped reading" },
	{ SIGXCPU, "SIGXCPU", "over its CPU time limit (ulimit -t, or the batch system's)" },
};

static const struct {
	int code;
	const char *why;
} codes[] = {
	{ 1, "the program reported a failure (see its last lines above)" },
	{ 2, "a knob was wrong: nothing was run (see the message above; --help lists the knobs)" },
	{ 69, "no GPU device was found: run the host build (gpuadd-host) instead" },
	{ 126, "the program was found but could not be executed (permissions?)" },
	{ 127, "a command was not found (the launcher could not start the program?)" },
	{ 137, "a process was killed (SIGKILL), often by the out-of-memory killer" },
	{ 139, "a process crashed with a segmentation fault" },
};

static const char *signal_why(int sig, const char **name)
{
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		if (signals[i].sig == sig) {
			*name = signals[i].name;
			return signals[i].why;
		}
	}
	*name = NULL;
	return "an unexpected signal";
}

/* The advice when the program itself could not be executed. */
static void explain_exec(const struct run *r, int e, char *buf, size_t len)
{
	const struct run_command *c = run_command(r);
	const char *prog = c->argv[0], *base = strrchr(prog, '/');
	const char *launcher = c->launcher ? c->launcher->name : "none";

	base = base ? base + 1 : prog;
	if (e != ENOENT) {
		snprintf(buf, len, "%s could not be started: %s", prog, strerror(e));
	} else if (strcmp(launcher, "mpiexec") == 0) {
		snprintf(buf, len, "%s not found: install mpich or set HPCTUTOR_MPIEXEC "
			 "to the MPICH launcher (hpctutor doctor shows what is installed)", base);
	} else if (strcmp(launcher, "srun") == 0) {
		snprintf(buf, len, "%s not found: SLURM is not installed here; use "
			 "--launcher mpiexec to run on this machine", base);
	} else {
		snprintf(buf, len, "%s not found: is hpctutor installed completely "
			 "(make install), or HPCTUTOR_KERNELDIR set right?", prog);
	}
}

const char *run_explain(const struct run *r, char *buf, size_t len)
{
	int e = run_proc_exec_errno(r), sig, code;
	const char *name, *why;
	bool stopped = run_was_stopped(r);

	if (run_state(r) != RUN_EXITED) {
		snprintf(buf, len, "still running");
		return buf;
	}
	if (e) {
		explain_exec(r, e, buf, len);
		return buf;
	}
	sig = run_exit_signal(r);
	if (sig) {
		why = signal_why(sig, &name);
		if (stopped)
			snprintf(buf, len, "stopped (%s after %.1f s)", name ? name : "signal",
				 run_elapsed(r));
		else if (name)
			snprintf(buf, len, "killed by %s: %s", name, why);
		else
			snprintf(buf, len, "killed by signal %d: %s", sig, why);
		return buf;
	}
	code = run_exit_status(r);
	if (code == 0) {
		if (stopped)
			snprintf(buf, len, "stopped; it exited cleanly");
		else
			snprintf(buf, len, "finished (exit status 0) in %.2f s", run_elapsed(r));
		return buf;
	}
	if (stopped) {
		snprintf(buf, len, "stopped after %.1f s (exit status %d)", run_elapsed(r), code);
		return buf;
	}
	why = "the program failed (see its last lines above)";
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			why = codes[i].why;
	snprintf(buf, len, "exit status %d: %s", code, why);
	return buf;
}
