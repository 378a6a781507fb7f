/*
 * commands.h — the batch commands of the run module: `hpctutor run`,
 * `hpctutor doctor`, `hpctutor results`.
 *
 * Each takes argv from its own name on (argv[0] is "run", ...) and returns
 * the process exit status: for run the kernel's own (128 + signal when it
 * was killed), for the others 0 done, 1 failed, 2 usage.
 */
#ifndef HPCT_RUN_COMMANDS_H
#define HPCT_RUN_COMMANDS_H

#include "paths.h"

int run_cmd_run(int argc, char **argv, const struct hpct_paths *paths);
int run_cmd_doctor(int argc, char **argv, const struct hpct_paths *paths);
int run_cmd_results(int argc, char **argv, const struct hpct_paths *paths);

#endif
