/*
 * main.c — the hpctutor command line.
 *
 * With no command, hpctutor opens the interactive tutor. The batch
 * commands (list, show, lint, run, doctor, results) print to stdout for
 * scripts, pipes, screen readers and tests. This file only parses the
 * command line, finds the lessons, kernels and state directory, and hands
 * over to the modules that do the work.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "paths.h"
#include "store/store.h"

#define MAX_LESSON_DIRS 16

static const char *progname = "hpctutor";

/* Is this process the binary of the build tree (not an installed copy)?
 * Then the lessons and kernels of the build tree are the right ones. */
static bool running_from_build_tree(void)
{
#ifdef HPCT_BUILD_EXE
	char self[PATH_MAX], built[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0)
		return false;
	self[n] = '\0';
	if (!realpath(HPCT_BUILD_EXE, built))
		return false;
	return strcmp(self, built) == 0;
#else
	return false;
#endif
}

/* A path under dir; out of memory this early is the end of the run. */
static char *join(const char *dir, const char *name)
{
	char *s = store_join(dir, name);

	if (!s) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_FAILURE);
	}
	return s;
}

static void usage(FILE *fp)
{
	fprintf(fp,
"Usage: %s [OPTION]... [PAGE]\n"
"  or:  %s COMMAND [ARG]...\n"
"Learn high-performance computing in the terminal: lesson pages, exercises\n"
"with folded solutions, and live kernels (loops, threads, MPI, GPU).\n"
"\n"
"With no COMMAND, open the tutor at PAGE (a number or a name such as\n"
"02-single-core), or where you stopped last time.\n"
"\n"
"Commands:\n"
"  list                  list the lessons\n"
"  show PAGE [--width N] [--ascii] [--unfold]\n"
"                        print a page as plain text\n"
"  lint [FILE]...        check lesson files (default: every loaded lesson)\n"
"  keys                  list the keys of the tutor\n"
"  run KERNEL [KNOB]...  run a kernel and print its results (see run --help)\n"
"  doctor                check this machine: cores, MPI, BLAS, GPU, Python\n"
"  results               list the results of earlier runs\n"
"\n"
"Options:\n"
"  -L, --lessons DIR     read lesson files from DIR before the shipped ones\n"
"                        (may be given several times; also HPCTUTOR_LESSONS,\n"
"                        a colon-separated list)\n"
"      --no-shipped      do not load the shipped lessons\n"
"      --launcher NAME   start MPI kernels with mpiexec, srun or none\n"
"  -h, --help            display this help and exit\n"
"  -V, --version         output version information and exit\n"
"\n"
"Progress and results are kept in $XDG_STATE_HOME/hpctutor\n"
"(default ~/.local/state/hpctutor). See hpctutor(1) and hpctutor-lesson(5).\n",
		progname, progname);
}

static void version(void)
{
	printf("%s %s\n"
	       "Copyright (C) 2026 the hpctutor authors.\n"
	       "Code: MIT licence. Lessons: CC BY-SA 4.0.\n"
	       "Kernels built with: %s (%s)\n",
	       PACKAGE_NAME, PACKAGE_VERSION,
	       HPCT_MPIEXEC[0] ? HPCT_MPIEXEC : "no MPI", HPCT_MPI_FLAVOUR);
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lessons",    required_argument, NULL, 'L' },
		{ "no-shipped", no_argument,       NULL, 'N' },
		{ "launcher",   required_argument, NULL, 'l' },
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dirs[MAX_LESSON_DIRS];
	size_t ndirs = 0;
	bool shipped = true;
	const char *launcher = NULL;   /* HPCTUTOR_LAUNCHER is the run module's to read */
	int c;

	setlocale(LC_ALL, "");
	if (argv[0] && *argv[0]) {
		const char *slash = strrchr(argv[0], '/');
		progname = slash ? slash + 1 : argv[0];
	}

	/* Options stop at the first non-option: the command's own options
	 * follow it and are the command's to parse. */
	while ((c = getopt_long(argc, argv, "+L:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			if (ndirs == MAX_LESSON_DIRS) {
				fprintf(stderr, "%s: too many --lessons (at most %d)\n",
					progname, MAX_LESSON_DIRS);
				return 2;
			}
			dirs[ndirs++] = optarg;
			break;
		case 'N':
			shipped = false;
			break;
		case 'l':
			launcher = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				progname);
			return 2;
		}
	}

	/* The configuration file only fills in variables the user has not
	 * set; a broken line is reported and skipped, never fatal. */
	char *cfg = config_path();
	if (cfg)
		config_load(cfg, stderr);
	free(cfg);

	/* HPCTUTOR_LESSONS: a colon-separated list, after --lessons. */
	char *envdirs = getenv("HPCTUTOR_LESSONS") ?
		strdup(getenv("HPCTUTOR_LESSONS")) : NULL;
	for (char *save = NULL, *d = envdirs ? strtok_r(envdirs, ":", &save) : NULL;
	     d; d = strtok_r(NULL, ":", &save))
		if (ndirs < MAX_LESSON_DIRS)
			dirs[ndirs++] = d;

	bool built = running_from_build_tree();
	char *shipped_dir = NULL;
	if (shipped) {
#ifdef HPCT_SRCDIR
		shipped_dir = built ? join(HPCT_SRCDIR, "lessons")
				    : join(PKGDATADIR, "lessons");
#else
		shipped_dir = join(PKGDATADIR, "lessons");
#endif
		if (ndirs < MAX_LESSON_DIRS)
			dirs[ndirs++] = shipped_dir;
	}

	const char *kerneldir = getenv("HPCTUTOR_KERNELDIR");
	char *built_kernels = NULL;
	if (!kerneldir || !*kerneldir) {
#ifdef HPCT_BUILDDIR
		if (built)
			kerneldir = built_kernels = join(HPCT_BUILDDIR, "kernels");
		else
#endif
			kerneldir = PKGLIBEXECDIR;
	}
	char *statedir = store_state_dir();
	if (!statedir) {
		if (errno == ENOENT)
			fprintf(stderr, "%s: no place for progress: set HOME or "
				"XDG_STATE_HOME to an absolute path\n", progname);
		else
			fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}

	struct hpct_paths paths = {
		.kerneldir = kerneldir,
		.lessondirs = dirs,
		.nlessondirs = ndirs,
		.statedir = statedir,
		.launcher = launcher,
	};

	int status;
	const struct command *cmd = optind < argc ? find_command(argv[optind]) : NULL;
	if (cmd) {
		status = cmd->run(argc - optind, argv + optind, &paths);
	} else if (optind < argc - 1) {
		fprintf(stderr, "%s: unknown command '%s'\n"
			"Try '%s --help' for the list of commands.\n",
			progname, argv[optind], progname);
		status = 2;
	} else {
		status = cmd_tutor(optind < argc ? argv[optind] : NULL, &paths);
	}

	free(envdirs);
	free(shipped_dir);
	free(built_kernels);
	free(statedir);
	return status;
}
