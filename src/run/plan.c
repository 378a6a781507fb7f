/*
 * plan.c — checking a kernel request and building its command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/plan.h"

void run_plan_free(struct run_plan *p)
{
	run_command_free(&p->cmd);
	free(p->line);
	free(p->knobs);
	memset(p, 0, sizeof *p);
}

static char *join_words(int argc, char *const *argv)
{
	struct run_command c = { 0 };
	char *s;

	for (int i = 0; i < argc; i++) {
		if (run_command_push(&c, argv[i])) {
			run_command_free(&c);
			return NULL;
		}
	}
	s = c.argc ? run_command_string(&c) : strdup("");
	run_command_free(&c);
	return s;
}

int run_plan_make(struct run_plan *p, const struct hpct_paths *paths, const char *name,
		  int argc, char *const *argv, const char *launcher, int ranks,
		  char *err, size_t errlen)
{
	char program[64];
	bool help = false;
	int n;

	memset(p, 0, sizeof *p);
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0)
			help = true;
	p->kernel = run_kernel_find(name);
	if (p->kernel && !help && run_kernel_check_args(p->kernel, argc, argv, err, errlen))
		return RUN_PLAN_USAGE;
	p->launcher = run_launcher_pick(launcher, p->kernel ? p->kernel->mpi : false,
					&p->launcher_why, err, errlen);
	if (!p->launcher)
		return RUN_PLAN_USAGE;
	if (help && !(launcher && *launcher)) {
		p->launcher = run_launcher_find("none");
		p->launcher_why = "the kernel's own help";
	}
	n = ranks > 0 ? ranks : p->kernel ? p->kernel->ranks_default : 1;
	if (p->kernel && p->launcher->takes_ranks &&
	    (n < p->kernel->ranks_min || n > p->kernel->ranks_max)) {
		snprintf(err, errlen, "%s needs %d to %d ranks, not %d", p->kernel->name,
			 p->kernel->ranks_min, p->kernel->ranks_max, n);
		return RUN_PLAN_USAGE;
	}
	run_kernel_resolve(paths ? paths->kerneldir : NULL, name, program, sizeof program,
			   p->note, sizeof p->note);
	if (run_command_build(&p->cmd, paths, p->launcher, program, n, argc, argv, err, errlen))
		return strstr(err, "out of memory") ? RUN_PLAN_NOMEM : RUN_PLAN_MISSING;
	p->line = run_command_string(&p->cmd);
	p->knobs = join_words(argc, argv);
	if (!p->line || !p->knobs) {
		run_plan_free(p);
		snprintf(err, errlen, "out of memory");
		return RUN_PLAN_NOMEM;
	}
	return RUN_PLAN_OK;
}

int run_plan_parse(struct run_plan *p, const struct hpct_paths *paths, const char *text,
		   const char *launcher, int ranks, char *err, size_t errlen)
{
	char **words;
	int n = run_words_split(text, &words), rc;

	memset(p, 0, sizeof *p);
	if (n < 0) {
		snprintf(err, errlen, "'%s': unbalanced quotes", text);
		return RUN_PLAN_USAGE;
	}
	if (n == 0) {
		run_words_free(words);
		snprintf(err, errlen, "no kernel named");
		return RUN_PLAN_USAGE;
	}
	rc = run_plan_make(p, paths, words[0], n - 1, words + 1, launcher, ranks, err, errlen);
	run_words_free(words);
	return rc;
}
