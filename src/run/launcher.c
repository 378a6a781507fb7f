/*
 * launcher.c — the launcher table and the command line it builds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/launcher.h"

#ifndef HPCT_MPIEXEC
#define HPCT_MPIEXEC ""
#endif

const char *run_mpiexec_path(void)
{
	const char *e = getenv("HPCTUTOR_MPIEXEC");

	if (e && *e)
		return e;
	if (HPCT_MPIEXEC[0])
		return HPCT_MPIEXEC;
	return "mpiexec";
}

static int push_ranks(struct run_command *cmd, int ranks)
{
	char n[16];

	snprintf(n, sizeof n, "%d", ranks > 0 ? ranks : 1);
	return run_command_push(cmd, n);
}

static int prefix_none(struct run_command *cmd, int ranks)
{
	return 0;
}

/* MPICH Hydra: -l labels each line "[rank] ". */
static int prefix_mpiexec(struct run_command *cmd, int ranks)
{
	if (run_command_push(cmd, run_mpiexec_path()) || run_command_push(cmd, "-l") ||
	    run_command_push(cmd, "-n"))
		return -1;
	return push_ranks(cmd, ranks);
}

/* SLURM: --label prefixes "rank: "; the MPICH kernels speak PMI-2 to srun. */
static int prefix_srun(struct run_command *cmd, int ranks)
{
	if (run_command_push(cmd, "srun") || run_command_push(cmd, "--label") ||
	    run_command_push(cmd, "-n") || push_ranks(cmd, ranks) ||
	    run_command_push(cmd, "--mpi=pmi2"))
		return -1;
	return 0;
}

static const struct run_launcher launchers[] = {
	{ "none", "run the kernel directly, as one process", RUN_LABEL_NONE, false, prefix_none },
	{ "mpiexec", "MPICH's mpiexec (Hydra) on this machine; set HPCTUTOR_MPIEXEC to use another",
	  RUN_LABEL_BRACKET, true, prefix_mpiexec },
	{ "srun", "SLURM's srun, inside an allocation (salloc) or a batch job",
	  RUN_LABEL_COLON, true, prefix_srun },
};

const struct run_launcher *run_launcher_table(size_t *n)
{
	*n = sizeof launchers / sizeof launchers[0];
	return launchers;
}

const struct run_launcher *run_launcher_find(const char *name)
{
	for (size_t i = 0; i < sizeof launchers / sizeof launchers[0]; i++)
		if (strcmp(launchers[i].name, name) == 0)
			return &launchers[i];
	return NULL;
}

const struct run_launcher *run_launcher_pick(const char *chosen, bool mpi_kernel,
					     const char **why, char *err, size_t errlen)
{
	const char *env = getenv("HPCTUTOR_LAUNCHER"), *name, *reason;
	const struct run_launcher *l;

	if (chosen && *chosen && strcmp(chosen, "auto") != 0) {
		name = chosen;
		reason = "chosen with --launcher";
	} else if (!mpi_kernel) {
		name = "none";
		reason = "not an MPI program";
	} else if (env && *env && strcmp(env, "auto") != 0) {
		name = env;
		reason = "chosen with HPCTUTOR_LAUNCHER";
	} else if (getenv("SLURM_JOB_ID") && *getenv("SLURM_JOB_ID")) {
		name = "srun";
		reason = "inside a SLURM allocation (SLURM_JOB_ID is set)";
	} else {
		name = "mpiexec";
		reason = "the default outside a SLURM allocation";
	}
	l = run_launcher_find(name);
	if (!l) {
		snprintf(err, errlen, "unknown launcher '%s' (%s): use none, mpiexec or srun",
			 name, reason);
		return NULL;
	}
	if (why)
		*why = reason;
	return l;
}

static bool srun_on_path(void)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		snprintf(buf, sizeof buf, "%.*s/srun", (int)n, n ? path : ".");
		if (access(buf, X_OK) == 0)
			return true;
		path = colon ? colon + 1 : NULL;
	}
	return false;
}

bool run_launcher_login_node(char *why, size_t len)
{
	const char *job = getenv("SLURM_JOB_ID"), *conf = getenv("SLURM_CONF");

	if ((job && *job) || !srun_on_path())
		return false;
	if (!(conf && *conf && access(conf, R_OK) == 0) &&
	    access("/etc/slurm/slurm.conf", R_OK) != 0 &&
	    access("/etc/slurm-llnl/slurm.conf", R_OK) != 0)
		return false;
	if (why)
		snprintf(why, len, "SLURM is set up here but this is not an allocation: "
			 "probably a shared login node. Heavy runs belong on compute nodes: "
			 "take an allocation (salloc -n 4) and start hpctutor inside it, "
			 "or run with the srun launcher.");
	return true;
}

int run_command_push(struct run_command *cmd, const char *word)
{
	char *w;

	if (cmd->argc + 2 > cmd->cap) {
		size_t cap = cmd->cap ? cmd->cap * 2 : 16;
		char **a = realloc(cmd->argv, cap * sizeof *a);
		if (!a)
			return -1;
		cmd->argv = a;
		cmd->cap = cap;
	}
	w = strdup(word);
	if (!w)
		return -1;
	cmd->argv[cmd->argc++] = w;
	cmd->argv[cmd->argc] = NULL;
	return 0;
}

void run_command_free(struct run_command *cmd)
{
	for (size_t i = 0; i < cmd->argc; i++)
		free(cmd->argv[i]);
	free(cmd->argv);
	free(cmd->kernel_path);
	memset(cmd, 0, sizeof *cmd);
}

int run_command_build(struct run_command *cmd, const struct hpct_paths *paths,
		      const struct run_launcher *launcher, const char *name,
		      int ranks, int kargc, char *const *kargv,
		      char *err, size_t errlen)
{
	const char *dir = paths && paths->kerneldir ? paths->kerneldir : ".";
	size_t plen;

	memset(cmd, 0, sizeof *cmd);
	cmd->launcher = launcher;
	cmd->ranks = launcher->takes_ranks ? (ranks > 0 ? ranks : 1) : 1;
	if (!*name || strchr(name, '/')) {
		snprintf(err, errlen, "'%s' is not a kernel name", name);
		return -1;
	}
	plen = strlen(dir) + strlen(name) + 7;
	cmd->kernel_path = malloc(plen);
	if (!cmd->kernel_path)
		goto nomem;
	snprintf(cmd->kernel_path, plen, "%s/hpct-%s", dir, name);
	if (access(cmd->kernel_path, X_OK) != 0) {
		snprintf(err, errlen, "kernel '%s' not found: %s: %s (hpctutor run "
			 "--list shows the kernels; HPCTUTOR_KERNELDIR says where "
			 "they are)", name, cmd->kernel_path, strerror(errno));
		run_command_free(cmd);
		return -1;
	}
	if (launcher->prefix(cmd, cmd->ranks) || run_command_push(cmd, cmd->kernel_path))
		goto nomem;
	for (int i = 0; i < kargc; i++)
		if (run_command_push(cmd, kargv[i]))
			goto nomem;
	if (!cmd->argv && run_command_push(cmd, cmd->kernel_path))
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	run_command_free(cmd);
	return -1;
}

static bool shell_safe(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++) {
		unsigned char c = (unsigned char)*w;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("-_./,=:+%@^", c)))
			return false;
	}
	return true;
}

char *run_shell_quote(const char *w)
{
	size_t n = 3;
	char *q, *o;

	if (shell_safe(w))
		return strdup(w);
	for (const char *p = w; *p; p++)
		n += *p == '\'' ? 4 : 1;
	q = malloc(n);
	if (!q)
		return NULL;
	o = q;
	*o++ = '\'';
	for (const char *p = w; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

char *run_command_string(const struct run_command *cmd)
{
	size_t n = 0, cap = 64;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < cmd->argc; i++) {
		char *q = run_shell_quote(cmd->argv[i]);
		size_t l;

		if (!q)
			goto fail;
		l = strlen(q);
		if (n + l + 2 > cap) {
			char *t;
			while (n + l + 2 > cap)
				cap *= 2;
			t = realloc(s, cap);
			if (!t) {
				free(q);
				goto fail;
			}
			s = t;
		}
		if (i)
			s[n++] = ' ';
		memcpy(s + n, q, l + 1);
		n += l;
		free(q);
	}
	return s;
fail:
	free(s);
	return NULL;
}

void run_words_free(char **words)
{
	if (!words)
		return;
	for (size_t i = 0; words[i]; i++)
		free(words[i]);
	free(words);
}

int run_words_split(const char *s, char ***out)
{
	size_t n = 0, len = strlen(s);
	char **words = calloc(len / 2 + 2, sizeof *words);
	char *buf = malloc(len + 1);
	const char *p = s;

	*out = NULL;
	if (!words || !buf)
		goto fail;
	for (;;) {
		size_t o = 0;
		bool any = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			any = true;
			if (*p == '\'') {
				for (p++; *p && *p != '\''; p++)
					buf[o++] = *p;
				if (!*p)
					goto fail;
				p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
						p++;
					buf[o++] = *p;
				}
				if (!*p)
					goto fail;
				p++;
			} else if (*p == '\\' && p[1]) {
				buf[o++] = p[1];
				p += 2;
			} else {
				buf[o++] = *p++;
			}
		}
		if (any) {
			buf[o] = '\0';
			if (!(words[n] = strdup(buf)))
				goto fail;
			n++;
		}
	}
	free(buf);
	*out = words;
	return (int)n;
fail:
	free(buf);
	run_words_free(words);
	return -1;
}
