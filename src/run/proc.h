/*
 * proc.h — what explain.c needs to know of a run beyond run.h.
 */
#ifndef HPCT_RUN_PROC_H
#define HPCT_RUN_PROC_H

struct run;

int run_proc_exec_errno(const struct run *r);   /* errno of a failed exec, or 0 */
int run_proc_wait_status(const struct run *r);  /* the raw waitpid() status */

#endif
