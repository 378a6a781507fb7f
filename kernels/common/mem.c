/* mem.c - ask the machine how much memory it can give before asking for it,
 * so that a large N is refused with a clear message instead of swapping or
 * meeting the OOM killer half-way through a lesson. */
#include "hpct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t hpct_mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	uint64_t kib = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long long v;
		if (sscanf(line, "MemAvailable: %llu kB", &v) == 1) {
			kib = v;
			break;
		}
	}
	fclose(f);
	return kib * 1024;
}

void hpct_mem_require(uint64_t bytes, const char *what)
{
	uint64_t avail = hpct_mem_available();

	if (avail == 0)
		return; /* not Linux, or no /proc: let malloc decide */
	if (bytes > avail)
		hpct_usage_error("%s needs %.2f GB but only %.2f GB of memory is available "
				 "(MemAvailable); choose a smaller size",
				 what, bytes / 1e9, avail / 1e9);
}

void *hpct_alloc(size_t bytes, const char *what)
{
	void *p = NULL;
	int rc = posix_memalign(&p, 64, bytes ? bytes : 64);
	if (rc != 0)
		hpct_die("cannot allocate %zu bytes for %s: %s", bytes, what, strerror(rc));
	return p;
}
