/*
 * tui.h — the interactive tutor: an ncurses pager over a lesson set.
 *
 * tui_run() takes over the terminal, lets the learner read, search and
 * work through the pages, keeps progress in the state directory, and
 * gives the terminal back in the state it found it, on every way out:
 * q, Ctrl-C, SIGTERM, SIGHUP (a dropped connection) and fatal signals.
 */
#ifndef HPCT_TUI_H
#define HPCT_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "lesson/lesson.h"
#include "paths.h"

struct tui_opts {
	const struct hpct_paths *paths; /* kernels, launcher and the state
	                             directory (made if missing); borrowed */
	const char *start_page;   /* slug to open, or NULL: the last page read */
	bool bench_first_frame;   /* draw the first frame, then leave and print
	                             "first frame: N.NNN ms" on stderr */
};

/* Run the tutor on the terminal (stdin/stdout must be one) until the
 * learner quits. set is borrowed. Returns the exit status: 0, 1 when the
 * terminal cannot be used (with a message on stderr), or 128+N after
 * signal N (SIGINT, SIGTERM, SIGHUP), progress saved first. */
int tui_run(struct lesson_set *set, const struct tui_opts *opts);

/* The pager's keys, one per line ("j, Down   scroll down one line"),
 * from the same table the pager dispatches on: for --help and the man
 * page. */
void tui_keys_print(FILE *fp);

#endif
