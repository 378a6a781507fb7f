/*
 * commands.c — the lesson commands (list, show, lint), the table of every
 * batch command, and the launch of the interactive tutor.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "layout/layout.h"
#include "lesson/lesson.h"
#include "run/commands.h"
#include "tui/tui.h"

const struct command commands[] = {
	{ "list",    cmd_list },
	{ "show",    cmd_show },
	{ "lint",    cmd_lint },
	{ "keys",    cmd_keys },
	{ "run",     run_cmd_run },
	{ "doctor",  run_cmd_doctor },
	{ "results", run_cmd_results },
	{ NULL, NULL },
};

/* Load the lesson set; print what went wrong with the files. */
static struct lesson_set *load_set(const struct hpct_paths *paths, bool quiet)
{
	struct lesson_diags diags = { 0 };
	struct lesson_set *set = lesson_set_load(paths->lessondirs,
						 paths->nlessondirs, &diags);

	if (!quiet || lesson_diags_errors(&diags))
		lesson_diags_print(&diags, stderr);
	lesson_diags_clear(&diags);
	if (!set)
		fprintf(stderr, "hpctutor: out of memory loading the lessons\n");
	else if (set->n == 0) {
		fprintf(stderr, "hpctutor: no lessons found in");
		for (size_t i = 0; i < paths->nlessondirs; i++)
			fprintf(stderr, " %s", paths->lessondirs[i]);
		fprintf(stderr, "\nGive a folder of lesson files with --lessons DIR.\n");
		lesson_set_free(set);
		set = NULL;
	}
	return set;
}

/* A page by slug, by number ("2" or "02"), or by a unique slug prefix. */
static int find_page(const struct lesson_set *set, const char *name)
{
	char *end;
	long n = strtol(name, &end, 10);
	int found = -1;

	if (*name && *end == '\0') {
		for (size_t i = 0; i < set->n; i++)
			if (strtol(set->pages[i]->slug, NULL, 10) == n &&
			    set->pages[i]->slug[0] >= '0' && set->pages[i]->slug[0] <= '9')
				return (int)i;
		return n >= 0 && (size_t)n < set->n ? (int)n : -1;
	}
	int exact = lesson_set_find(set, name);
	if (exact >= 0)
		return exact;
	size_t len = strlen(name);
	for (size_t i = 0; i < set->n; i++) {
		const char *slug = set->pages[i]->slug;
		const char *dash = strchr(slug, '-');
		if (strncmp(slug, name, len) == 0 ||
		    (dash && strncmp(dash + 1, name, len) == 0)) {
			if (found >= 0)
				return -2;      /* ambiguous */
			found = (int)i;
		}
	}
	return found;
}

static int page_not_found(const struct lesson_set *set, const char *name, int r)
{
	fprintf(stderr, "hpctutor: %s page '%s'\n",
		r == -2 ? "more than one page matches" : "no", name);
	fprintf(stderr, "Pages:");
	for (size_t i = 0; i < set->n; i++)
		fprintf(stderr, " %s", set->pages[i]->slug);
	fprintf(stderr, "\n");
	return 2;
}

int cmd_list(int argc, char **argv, const struct hpct_paths *paths)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("Usage: hpctutor list\n"
			       "List the lesson pages in order: number, name, title,\n"
			       "teaching and exercise minutes, kernels they launch.\n");
			return 0;
		}
		fprintf(stderr, "hpctutor list: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	struct lesson_set *set = load_set(paths, true);
	if (!set)
		return 1;
	for (size_t i = 0; i < set->n; i++) {
		const struct lesson_page *p = set->pages[i];
		printf("%2zu  %-22s %s", i, p->slug, p->title);
		if (p->teaching || p->exercises)
			printf("  (%d+%d min)", p->teaching, p->exercises);
		size_t shown = 0;
		for (size_t k = 0; k < p->nkernels; k++) {
			bool dup = false;
			for (size_t j = 0; j < k && !dup; j++)
				dup = strcmp(p->kernels[j].name, p->kernels[k].name) == 0;
			if (!dup)
				printf("%s%s", shown++ ? ", " : "  [kernels: ",
				       p->kernels[k].name);
		}
		printf("%s\n", shown ? "]" : "");
	}
	lesson_set_free(set);
	return 0;
}

int cmd_show(int argc, char **argv, const struct hpct_paths *paths)
{
	static const struct option longopts[] = {
		{ "width",  required_argument, NULL, 'w' },
		{ "ascii",  no_argument,       NULL, 'a' },
		{ "unfold", no_argument,       NULL, 'u' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int width = 80, c;
	bool ascii = false, unfold = false;

	optind = 0;   /* a full reset: main() parsed with another optstring */
	while ((c = getopt_long(argc, argv, "w:auh", longopts, NULL)) != -1) {
		switch (c) {
		case 'w': {
			char *end;
			long w = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || w < 20 || w > 1000) {
				fprintf(stderr, "hpctutor show: --width takes a number "
					"from 20 to 1000, not '%s'\n", optarg);
				return 2;
			}
			width = (int)w;
			break;
		}
		case 'a': ascii = true; break;
		case 'u': unfold = true; break;
		case 'h':
			printf("Usage: hpctutor show PAGE [--width N] [--ascii] [--unfold]\n"
			       "Print a lesson page laid out as plain text, for pipes,\n"
			       "screen readers and scripts. PAGE is a number, a name\n"
			       "(02-single-core, single-core) or a lesson file.\n"
			       "  -w, --width N   lay out for N columns (default 80)\n"
			       "  -a, --ascii     ASCII boxes and bullets only\n"
			       "  -u, --unfold    show solutions unfolded\n");
			return 0;
		default:
			fprintf(stderr, "Try 'hpctutor show --help'.\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "hpctutor show: give exactly one PAGE\n"
			"Try 'hpctutor show --help'.\n");
		return 2;
	}
	const char *name = argv[optind];
	struct lesson_page *own = NULL;
	struct lesson_set *set = NULL;
	const struct lesson_page *page;

	if (strchr(name, '/') || (strlen(name) > 3 &&
	    strcmp(name + strlen(name) - 3, ".md") == 0 && access(name, R_OK) == 0)) {
		struct lesson_diags diags = { 0 };
		own = lesson_page_load(name, &diags);
		lesson_diags_print(&diags, stderr);
		lesson_diags_clear(&diags);
		if (!own)
			return 1;
		page = own;
	} else {
		set = load_set(paths, true);
		if (!set)
			return 1;
		int i = find_page(set, name);
		if (i < 0) {
			int r = page_not_found(set, name, i);
			lesson_set_free(set);
			return r;
		}
		page = set->pages[i];
	}

	unsigned char *unfolded = NULL;
	if (unfold && page->nfolds > 0) {
		unfolded = malloc((size_t)page->nfolds);
		if (unfolded)
			memset(unfolded, 1, (size_t)page->nfolds);
	}
	struct layout_opts opts = {
		.width = width, .utf8 = !ascii, .unfolded = unfolded,
		.nunfolded = unfolded ? (size_t)page->nfolds : 0,
	};
	struct layout *lay = layout_page(page, &opts);
	int status = 0;
	if (!lay) {
		fprintf(stderr, "hpctutor show: out of memory\n");
		status = 1;
	} else if (layout_write_text(lay, stdout) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "hpctutor show: write error: %s\n", strerror(errno));
		status = 1;
	}
	layout_free(lay);
	free(unfolded);
	lesson_page_free(own);
	lesson_set_free(set);
	return status;
}

int cmd_lint(int argc, char **argv, const struct hpct_paths *paths)
{
	struct lesson_diags diags = { 0 };
	size_t files = 0;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: hpctutor lint [FILE]...\n"
		       "Check lesson files and report problems as FILE:LINE: message.\n"
		       "With no FILE, check every lesson hpctutor would load.\n"
		       "Exit status: 0 no errors (warnings allowed), 1 errors found,\n"
		       "2 a file could not be read.\n");
		return 0;
	}
	int status = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			struct lesson_page *p = lesson_page_load(argv[i], &diags);
			if (!p)
				status = 2;
			lesson_page_free(p);
			files++;
		}
	} else {
		struct lesson_set *set = lesson_set_load(paths->lessondirs,
							 paths->nlessondirs, &diags);
		files = set ? set->n : 0;
		lesson_set_free(set);
	}
	lesson_diags_print(&diags, stdout);
	size_t errors = lesson_diags_errors(&diags);
	printf("%zu file%s checked: %zu error%s, %zu warning%s\n",
	       files, files == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
	       diags.n - errors, diags.n - errors == 1 ? "" : "s");
	lesson_diags_clear(&diags);
	if (status == 0 && errors)
		status = 1;
	return status;
}

int cmd_keys(int argc, char **argv, const struct hpct_paths *paths)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("Usage: hpctutor keys\n"
			       "Print the keys of the tutor, from the table it uses.\n");
			return 0;
		}
		fprintf(stderr, "hpctutor keys: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	tui_keys_print(stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

int cmd_tutor(const char *page, const struct hpct_paths *paths)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "hpctutor: the tutor needs a terminal; for a page "
			"as text use 'hpctutor show PAGE'\n");
		return 2;
	}
	struct lesson_set *set = load_set(paths, true);
	if (!set)
		return 1;
	int start = page ? find_page(set, page) : -1;
	if (page && start < 0) {
		int r = page_not_found(set, page, start);
		lesson_set_free(set);
		return r;
	}
	struct tui_opts opts = {
		.paths = paths,
		.start_page = start >= 0 ? set->pages[start]->slug : NULL,
		.bench_first_frame = getenv("HPCTUTOR_BENCH_FIRST_FRAME") != NULL,
	};
	int status = tui_run(set, &opts);
	lesson_set_free(set);
	return status;
}
