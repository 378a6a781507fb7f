/*
 * launcher.h — how a kernel is started: directly, through MPICH's mpiexec,
 * or through SLURM's srun; and the exact command line shown to the learner.
 *
 * Launchers are a small table of rows with a function that builds argv, so
 * a new launcher is one row. The command is built once (struct
 * run_command) and both started and printed from the same argv, so what the
 * learner copies into a shell is what the tutor ran.
 */
#ifndef HPCT_RUN_LAUNCHER_H
#define HPCT_RUN_LAUNCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "paths.h"
#include "run/text.h"

struct run_command;

struct run_launcher {
	const char *name;               /* "none", "mpiexec", "srun" */
	const char *help;
	enum run_label_style labels;    /* how it labels rank output */
	bool takes_ranks;
	/* Append the launcher's words for RANKS processes to CMD. -1 on error. */
	int (*prefix)(struct run_command *cmd, int ranks);
};

/* The table, and lookup by name (NULL when unknown). */
const struct run_launcher *run_launcher_table(size_t *n);
const struct run_launcher *run_launcher_find(const char *name);

/*
 * Which launcher to use: CHOSEN (--launcher, or NULL) if set; else "none"
 * for a kernel that is not an MPI program; else $HPCTUTOR_LAUNCHER; else
 * srun inside a SLURM allocation ($SLURM_JOB_ID set) and mpiexec outside
 * one. "auto" counts as not set. Writes a message
 * and returns NULL for an unknown name. *WHY (may be NULL) gets a short
 * reason ("--launcher", "HPCTUTOR_LAUNCHER", "inside SLURM job 42", ...).
 */
const struct run_launcher *run_launcher_pick(const char *chosen, bool mpi_kernel,
					     const char **why, char *err, size_t errlen);

/*
 * Whether this looks like a SLURM login node: srun is on PATH, a SLURM
 * configuration exists ($SLURM_CONF or /etc/slurm/slurm.conf), and we are
 * not inside an allocation. Then the tutor offers srun and says why (WHY,
 * one sentence, may be NULL). Starts no process.
 */
bool run_launcher_login_node(char *why, size_t len);

/* The mpiexec the tutor uses: $HPCTUTOR_MPIEXEC, else the one configured
 * at build time (HPCT_MPIEXEC), else "mpiexec". */
const char *run_mpiexec_path(void);

/* A built command: argv to exec, NULL-terminated, owned. */
struct run_command {
	char **argv;
	size_t argc, cap;
	const struct run_launcher *launcher;
	int ranks;
	char *kernel_path;      /* the hpct-NAME executable */
};

/*
 * Build the command that runs kernel NAME (looked up as
 * PATHS->kerneldir/hpct-NAME) with its KARGC arguments KARGV through
 * LAUNCHER with RANKS processes (ignored by "none"). The kernel's presence
 * is checked; the launcher's is checked when the command starts. Returns 0,
 * or -1 with a message in ERR.
 */
int run_command_build(struct run_command *cmd, const struct hpct_paths *paths,
		      const struct run_launcher *launcher, const char *name,
		      int ranks, int kargc, char *const *kargv,
		      char *err, size_t errlen);
/* Append one word; -1 on ENOMEM. */
int run_command_push(struct run_command *cmd, const char *word);
void run_command_free(struct run_command *cmd);

/* The command as one line a POSIX shell reads back as the same argv
 * (words quoted only where needed). Newly allocated; NULL on ENOMEM. */
char *run_command_string(const struct run_command *cmd);

/* Quote one word for a POSIX shell. Newly allocated; NULL on ENOMEM. */
char *run_shell_quote(const char *word);

/*
 * Split a kernel directive's argument ("ring --sizes 8,1K") into words,
 * honouring '...' and "..." quoting and backslashes as a shell would (no
 * expansions). Returns the word count and a NULL-terminated array in
 * *WORDS (free with run_words_free), or -1 on an unterminated quote or
 * ENOMEM.
 */
int run_words_split(const char *s, char ***words);
void run_words_free(char **words);

#endif
