/*
 * commands.h — the batch commands of the hpctutor command line.
 *
 * One row per command: adding a command touches its own file and this
 * table. Each gets argv from its own name on (argv[0] is "list", "show",
 * ...) and returns the process exit status: 0 done, 1 failed, 2 usage.
 */
#ifndef HPCT_COMMANDS_H
#define HPCT_COMMANDS_H

#include "paths.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv, const struct hpct_paths *paths);
};

extern const struct command commands[];   /* ends with a NULL name */

/* The interactive tutor, opened at page (a slug, a number, or NULL). */
int cmd_tutor(const char *page, const struct hpct_paths *paths);

int cmd_list(int argc, char **argv, const struct hpct_paths *paths);
int cmd_show(int argc, char **argv, const struct hpct_paths *paths);
int cmd_lint(int argc, char **argv, const struct hpct_paths *paths);
int cmd_keys(int argc, char **argv, const struct hpct_paths *paths);

#endif
