/*
 * config.h — the optional configuration file.
 *
 * $XDG_CONFIG_HOME/hpctutor/config (default ~/.config/hpctutor/config)
 * holds "key = value" lines; '#' starts a comment. Each key stands for an
 * environment variable, which wins when it is set:
 *
 *   launcher     = mpiexec | srun | none   HPCTUTOR_LAUNCHER
 *   mpiexec      = /path/to/mpiexec        HPCTUTOR_MPIEXEC
 *   hang-timeout = SECONDS                 HPCTUTOR_HANG_TIMEOUT
 *   lessons      = DIR[:DIR...]            HPCTUTOR_LESSONS
 *
 * A missing file is no configuration; a line that cannot be used is
 * reported as file:line: message and skipped.
 */
#ifndef HPCT_CONFIG_H
#define HPCT_CONFIG_H

#include <stdio.h>

/* The path of the configuration file (malloc'd), or NULL without memory
 * or without HOME and XDG_CONFIG_HOME. */
char *config_path(void);

/* Read path and export its settings to the environment (without
 * overriding variables already set). Problems go to err. Returns the
 * number of problems, or -1 when the file exists but cannot be read. */
int config_load(const char *path, FILE *err);

#endif
