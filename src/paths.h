/*
 * paths.h — where this hpctutor finds its lessons, kernels and state.
 *
 * main.c fills one of these at start-up (from the command line, the
 * environment, the build tree when run from it, or the install dirs) and
 * hands it to the batch commands and the TUI. All strings are borrowed.
 */
#ifndef HPCT_PATHS_H
#define HPCT_PATHS_H

#include <stddef.h>

struct hpct_paths {
	const char *kerneldir;            /* holds hpct-sum, hpct-ring, ... */
	const char *const *lessondirs;    /* searched in order */
	size_t nlessondirs;
	const char *statedir;             /* $XDG_STATE_HOME/hpctutor */
	const char *launcher;             /* --launcher, or NULL = auto */
};

#endif
