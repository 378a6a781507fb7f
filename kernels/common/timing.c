/* timing.c - a monotonic clock and the statistics the lessons teach:
 * best of several repeats (the least disturbed run) and the median. */
#include "hpct.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double hpct_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int hpct_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct hpct_stats hpct_stats(const double *samples, size_t n)
{
	struct hpct_stats s = { 0, 0, 0, n };
	double *sorted, sum = 0;

	if (n == 0)
		return s;
	/* Every sample counts: --repeats goes well past any fixed array. */
	sorted = hpct_alloc(n * sizeof *sorted, "the sorted samples");
	memcpy(sorted, samples, n * sizeof *samples);
	qsort(sorted, n, sizeof *sorted, hpct_cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += sorted[i];
	s.best = sorted[0];
	s.median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	s.mean = sum / (double)n;
	free(sorted);
	return s;
}

int hpct_cores(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}
