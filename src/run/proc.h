/*
 * proc.h — what explain.c needs to know of a run beyond run.h.
 */
#ifndef HPCT_RUN_PROC_H
#define HPCT_RUN_PROC_H

#include <sys/types.h>

struct run;

int run_proc_exec_errno(const struct run *r);   /* errno of a failed exec, or 0 */
int run_proc_wait_status(const struct run *r);  /* the raw waitpid() status */

/* Up to MAX processes descended from ROOT (children, grandchildren, ...)
 * into OUT, read from /proc; returns how many. */
int run_proc_descendants(pid_t root, pid_t *out, int max);

#endif
