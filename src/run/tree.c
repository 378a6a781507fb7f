/*
 * tree.c — the processes descended from a run's leader.
 *
 * Signalling the leader's process group is not enough: MPICH's
 * hydra_pmi_proxy puts every rank in a process group of its own, so a
 * SIGKILL to the launcher's group would leave the ranks running, busily
 * polling, reparented to init. Before each stop signal the tree under the
 * leader is read from /proc and every process in it is signalled too.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/proc.h"

struct pp {
	pid_t pid, ppid;
};

/* ppid of one /proc entry; -1 when it is gone or unreadable. The command
 * name in parentheses may hold spaces and ')', so parse after the last ')'. */
static pid_t read_ppid(const char *name)
{
	char path[64], buf[512], *p;
	FILE *fp;
	size_t n;
	long ppid;

	snprintf(path, sizeof path, "/proc/%s/stat", name);
	fp = fopen(path, "re");
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

int run_proc_descendants(pid_t root, pid_t *out, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct pp *all = NULL;
	size_t n = 0, cap = 0;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		pid_t ppid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		ppid = read_ppid(e->d_name);
		if (ppid <= 0)
			continue;
		if (n == cap) {
			size_t c = cap ? 2 * cap : 1024;
			struct pp *a = realloc(all, c * sizeof *a);
			if (!a)
				break;
			all = a;
			cap = c;
		}
		all[n].pid = (pid_t)atol(e->d_name);
		all[n].ppid = ppid;
		n++;
	}
	closedir(d);
	/* Breadth first: out[] doubles as the queue of parents to expand. */
	for (int head = -1; head < found; head++) {
		pid_t parent = head < 0 ? root : out[head];

		for (size_t i = 0; i < n && found < max; i++)
			if (all[i].ppid == parent)
				out[found++] = all[i].pid;
	}
	free(all);
	return found;
}
