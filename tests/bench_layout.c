/*
 * bench_layout.c — how long laying out a page takes.
 *
 * bench_layout FILE...: lays out each lesson at 80 and 200 columns, and a
 * page of about 30 KB made by joining the files, many times over, and
 * prints the mean CPU time of one layout (CPU time, so that a loaded
 * machine inflates it less). Figures only; nothing is asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout/layout.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Mean microseconds per layout of p at this width. */
static double time_layout(const struct lesson_page *p, int width, size_t *lines)
{
	struct layout_opts o = { .width = width, .utf8 = true };
	int n = 0;
	double t0 = now(), t;
	do {
		struct layout *lay = layout_page(p, &o);
		if (!lay)
			return -1;
		*lines = lay->nlines;
		layout_free(lay);
		n++;
		t = now() - t0;
	} while (t < 0.2 && n < 100000);
	return t / n * 1e6;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, k;
	do {
		if (n + 4096 > cap) {
			cap = cap ? 2 * cap : 65536;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + n, 1, cap - n, fp);
		n += k;
	} while (k > 0);
	fclose(fp);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_layout FILE...\n");
		return 2;
	}
	char *joined = NULL;
	size_t jlen = 0;
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *buf = slurp(argv[i], &len);
		if (!buf) {
			perror(argv[i]);
			return 1;
		}
		struct lesson_page *p = lesson_page_parse(argv[i], buf, len, NULL);
		if (!p) {
			free(buf);
			return 1;
		}
		size_t l80, l200;
		double t80 = time_layout(p, 80, &l80);
		double t200 = time_layout(p, 200, &l200);
		const char *base = strrchr(argv[i], '/');
		printf("   %-28s %6zu bytes  80 cols: %4zu lines %7.1f us"
		       "  200 cols: %7.1f us\n", base ? base + 1 : argv[i], len,
		       l80, t80, t200);
		lesson_page_free(p);
		if (jlen < 30000) {
			char *nj = realloc(joined, jlen + len + 2);
			if (!nj) {
				free(buf);
				free(joined);
				return 1;
			}
			joined = nj;
			memcpy(joined + jlen, buf, len);
			jlen += len;
			joined[jlen++] = '\n';
		}
		free(buf);
	}
	struct lesson_page *p = lesson_page_parse("joined.md", joined, jlen, NULL);
	if (!p) {
		free(joined);
		return 1;
	}
	size_t lines;
	double t = time_layout(p, 80, &lines);
	printf("   a %zu-byte page at 80 columns (%zu lines): %.1f us per layout\n",
	       jlen, lines, t);
	lesson_page_free(p);
	free(joined);
	return 0;
}
