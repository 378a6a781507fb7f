/*
 * cmd_results.c — `hpctutor results`: the runs kept in results.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/commands.h"
#include "run/format.h"
#include "run/history.h"

static const char results_usage[] =
"Usage: hpctutor results [--format table|csv|json] [--kernel NAME]\n"
"List the results of earlier runs, kept in $XDG_STATE_HOME/hpctutor/results.csv\n"
"(one row per variant of each run).\n";

/* Columns the table shows, with their widths. */
static const struct { enum run_history_field f; int width; const char *title; } table_cols[] = {
	{ RUN_H_TIME, 19, "time" }, { RUN_H_KERNEL, 8, "kernel" },
	{ RUN_H_SERIES, 22, "series" }, { RUN_H_RANKS, 5, "ranks" },
	{ RUN_H_COUNT, 5, "runs" }, { RUN_H_BEST, 10, "best" },
	{ RUN_H_MEDIAN, 10, "median" }, { RUN_H_GBPS, 7, "GB/s" },
	{ RUN_H_CHECK, 5, "check" }, { RUN_H_KNOBS, 0, "knobs" },
};

static void print_table(const struct run_history *h, const char *kernel)
{
	for (size_t c = 0; c < sizeof table_cols / sizeof table_cols[0]; c++)
		printf("%-*s ", table_cols[c].width, table_cols[c].title);
	printf("\n");
	for (size_t i = 0; i < h->n; i++) {
		char *const *row = h->rows[i];

		if (kernel && strcmp(row[RUN_H_KERNEL], kernel) != 0)
			continue;
		for (size_t c = 0; c < sizeof table_cols / sizeof table_cols[0]; c++) {
			const char *v = row[table_cols[c].f];
			char buf[32];
			int w = table_cols[c].width;

			if ((table_cols[c].f == RUN_H_BEST || table_cols[c].f == RUN_H_MEDIAN) && *v) {
				run_format_seconds(strtod(v, NULL), buf, sizeof buf);
				v = buf;
			} else if (table_cols[c].f == RUN_H_TIME) {
				snprintf(buf, sizeof buf, "%.19s", v);
				if (strlen(buf) > 10)
					buf[10] = ' ';
				v = buf;
			}
			if (w)
				printf("%-*.*s ", w, w, *v ? v : "-");
			else
				printf("%s", v);
		}
		printf("\n");
	}
}

int run_cmd_results(int argc, char **argv, const struct hpct_paths *paths)
{
	enum run_format fmt = RUN_FMT_TABLE;
	const char *kernel = NULL;
	struct run_history h;
	char err[512], *path;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(results_usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (run_format_parse(argv[++i], &fmt)) {
				fprintf(stderr, "hpctutor results: --format: '%s': use table, csv or json\n",
					argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--kernel") == 0 && i + 1 < argc) {
			kernel = argv[++i];
		} else {
			fprintf(stderr, "hpctutor results: unknown argument '%s'\n%s", argv[i],
				results_usage);
			return 2;
		}
	}
	if (!paths->statedir) {
		fprintf(stderr, "hpctutor results: no state directory\n");
		return 1;
	}
	path = run_history_path(paths->statedir);
	if (!path) {
		fprintf(stderr, "hpctutor results: out of memory\n");
		return 1;
	}
	if (run_history_load(path, &h, err, sizeof err)) {
		fprintf(stderr, "hpctutor results: %s\n", err);
		free(path);
		return 1;
	}
	if (h.skipped)
		fprintf(stderr, "hpctutor results: %s: %zu damaged line%s skipped\n", path,
			h.skipped, h.skipped == 1 ? "" : "s");
	if (fmt == RUN_FMT_TABLE) {
		if (h.n == 0)
			printf("No results yet in %s: try hpctutor run sum\n", path);
		else
			print_table(&h, kernel);
	} else {
		if (fmt == RUN_FMT_CSV) {
			for (int c = 0; c < RUN_H_NFIELDS; c++)
				printf("%s%s", c ? "," : "", run_history_columns[c]);
			printf("\n");
		} else {
			printf("[");
		}
		for (size_t i = 0, shown = 0; i < h.n; i++) {
			if (kernel && strcmp(h.rows[i][RUN_H_KERNEL], kernel) != 0)
				continue;
			if (fmt == RUN_FMT_JSON)
				printf(shown++ ? ",\n {" : "\n {");
			for (int c = 0; c < RUN_H_NFIELDS; c++) {
				if (fmt == RUN_FMT_CSV) {
					if (c)
						putchar(',');
					run_csv_write(stdout, h.rows[i][c]);
				} else {
					printf("%s\"%s\": ", c ? ", " : "", run_history_columns[c]);
					run_json_string(stdout, h.rows[i][c]);
				}
			}
			printf(fmt == RUN_FMT_CSV ? "\n" : "}");
		}
		if (fmt == RUN_FMT_JSON)
			printf("\n]\n");
	}
	run_history_free(&h);
	free(path);
	return 0;
}
