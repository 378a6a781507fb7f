/*
 * plan.h — from "ring --sizes 8,1K" to the exact command, checked.
 *
 * The one path by which both the tutor (a {kernel} button, the R form) and
 * `hpctutor run` turn a kernel and its knobs into a command: the knobs are
 * checked against the kernel table, the launcher is picked, the ranks
 * checked, gpuadd resolved to its device build, the command built and
 * written out as the line shown to the learner before it starts.
 */
#ifndef HPCT_RUN_PLAN_H
#define HPCT_RUN_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "paths.h"
#include "run/kernels.h"
#include "run/launcher.h"

struct run_plan {
	struct run_command cmd;          /* what to pass to run_start */
	const struct run_kernel *kernel; /* NULL: not in the table (knobs unchecked) */
	const struct run_launcher *launcher;
	const char *launcher_why;        /* why this launcher (static text) */
	char note[256];                  /* gpuadd's choice of build, or "" */
	char *line;                      /* the command, shell-quoted, to show */
	char *knobs;                     /* the knobs alone, shell-quoted (results.csv) */
};

/* Where it went wrong, for the caller's exit status. */
enum {
	RUN_PLAN_OK = 0,
	RUN_PLAN_USAGE = 2,     /* a knob, the ranks or the launcher name is wrong */
	RUN_PLAN_MISSING = 127, /* the kernel program is not there */
	RUN_PLAN_NOMEM = 1,
};

/*
 * Plan kernel NAME with its ARGC knob words ARGV ("--n", "10M", ...).
 * LAUNCHER: --launcher or NULL for the usual choice (run_launcher_pick);
 * RANKS: 0 for the kernel's default. A "--help" among the knobs runs the
 * kernel alone (no launcher) unless one was chosen. Returns RUN_PLAN_OK,
 * or another RUN_PLAN_* with a message in ERR (the plan is then empty).
 * Free with run_plan_free.
 */
int run_plan_make(struct run_plan *p, const struct hpct_paths *paths, const char *name,
		  int argc, char *const *argv, const char *launcher, int ranks,
		  char *err, size_t errlen);

/* The same from a {kernel} directive's argument, "ring --sizes 8,1K". */
int run_plan_parse(struct run_plan *p, const struct hpct_paths *paths, const char *text,
		   const char *launcher, int ranks, char *err, size_t errlen);

void run_plan_free(struct run_plan *p);

#endif
