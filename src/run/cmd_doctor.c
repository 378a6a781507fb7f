/*
 * cmd_doctor.c — `hpctutor doctor`: this machine as the lessons see it.
 *
 * Each check prints one line, "ok", "warn" or "missing", with what was
 * found, and for anything but ok a second line saying what to do. Every
 * program it asks (mpiexec --version, python3) runs through the same run
 * machinery as a kernel, with a timeout, so a wedged tool cannot hang it.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/commands.h"
#include "run/run.h"

#ifndef HPCT_MPI_FLAVOUR
#define HPCT_MPI_FLAVOUR "unknown"
#endif

#define CHILD_TIMEOUT 20.0

enum verdict { OK, WARN, MISSING };

static const char *const verdict_words[] = { "ok", "warn", "missing" };

struct doctor {
	int cores;
	int problems;
	char path_flavour[32];     /* MPI of the mpiexec on PATH */
	char path_version[64];
	bool have_mpich_launcher;
	bool have_numpy, have_mpi4py, mpi4py_matches, have_openblas, have_gpu_device;
	bool have_srun;
};

static void section(const char *title)
{
	printf("\n%s\n", title);
}

static void say(struct doctor *d, enum verdict v, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void say(struct doctor *d, enum verdict v, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("  %-8s %s: ", verdict_words[v], what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (v == WARN || v == MISSING)
		d->problems++;
}

/* The advice under a line. */
static void todo(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void todo(const char *fmt, ...)
{
	va_list ap;

	printf("           -> ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

struct capture {
	char buf[4096];
	size_t len;
};

static void capture_line(void *ud, const struct run_line *line)
{
	struct capture *c = ud;
	size_t room = sizeof c->buf - c->len;

	if (room > 1) {
		int n = snprintf(c->buf + c->len, room, "%s\n", line->text);
		c->len += n < 0 ? 0 : (size_t)n < room ? (size_t)n : room - 1;
	}
}

/* Run ARGV (NULL-terminated), output of both streams into C; the shell
 * status, or -1 when it could not run or took too long (then it is
 * stopped and reaped). */
static int capture(const char *const *argv, struct capture *c)
{
	struct run_command cmd = { .launcher = run_launcher_find("none") };
	struct run_opts opts = { .on_line = capture_line, .ud = c, .hang_timeout = -1,
				 .grace_int = 0.5, .grace_term = 0.5 };
	struct run *r;
	char err[256];
	int st = -1;

	c->len = 0;
	c->buf[0] = '\0';
	for (size_t i = 0; argv[i]; i++)
		if (run_command_push(&cmd, argv[i]))
			goto out;
	r = run_start(&cmd, &opts, err, sizeof err);
	if (!r)
		goto out;
	while (run_state(r) != RUN_EXITED && run_elapsed(r) < CHILD_TIMEOUT) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);

		if (ms < 0 || ms > 200)
			ms = 200;
		if (poll(fds, n, ms) < 0 && errno != EINTR)
			break;
		run_step(r);
	}
	if (run_state(r) == RUN_EXITED && !run_exec_failed(r) && !run_was_stopped(r))
		st = run_shell_status(r);
	run_free(r);   /* stops and reaps one that overran */
out:
	run_command_free(&cmd);
	return st;
}

/* Full path of PROG found on PATH, into BUF; false when absent. */
static bool on_path(const char *prog, char *buf, size_t len)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/')) {
		snprintf(buf, len, "%s", prog);
		return access(prog, X_OK) == 0;
	}
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		snprintf(buf, len, "%.*s/%s", (int)n, n ? path : ".", prog);
		if (access(buf, X_OK) == 0)
			return true;
		path = colon ? colon + 1 : NULL;
	}
	return false;
}

/* "MPICH 4.0.2" or "Open MPI 4.1.4" from version text. */
static void classify_mpi(const char *text, char *flavour, size_t flen,
			 char *version, size_t vlen)
{
	const char *p;

	version[0] = '\0';
	if (strstr(text, "HYDRA") || strstr(text, "MPICH")) {
		snprintf(flavour, flen, "MPICH");
		p = strstr(text, "Version:");
		if (!p)
			p = strstr(text, "MPICH Version");
		if (p) {
			p = strchr(p, ':') ? strchr(p, ':') + 1 : p + 13;
			while (*p == ' ' || *p == '\t')
				p++;
			snprintf(version, vlen, "%.*s", (int)strcspn(p, " \t\n,"), p);
		}
	} else if (strstr(text, "Open MPI") || strstr(text, "OpenRTE")) {
		snprintf(flavour, flen, "Open MPI");
		p = strstr(text, "OpenRTE) ");
		p = p ? p + 9 : strstr(text, "Open MPI v");
		if (p && *p == 'O')
			p += 10;
		if (p)
			snprintf(version, vlen, "%.*s", (int)strcspn(p, " \t\n,"), p);
	} else if (strstr(text, "Intel")) {
		snprintf(flavour, flen, "Intel MPI");
	} else {
		snprintf(flavour, flen, "unknown");
	}
}

static void check_machine(struct doctor *d)
{
	FILE *fp = fopen("/proc/meminfo", "re");
	unsigned long long total = 0, avail = 0, v;
	char key[64], line[256];
	cpu_set_t set;
	int usable = 0;

	section("Machine");
	d->cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		usable = CPU_COUNT(&set);
	if (d->cores < 1)
		d->cores = 1;
	say(d, d->cores >= 2 ? OK : WARN, "cores", "%d online, %d usable by this process",
	    d->cores, usable ? usable : d->cores);
	if (d->cores < 2)
		todo("one core: the parallel lessons (map, MPI) cannot show any speedup here");
	while (fp && fgets(line, sizeof line, fp)) {
		if (sscanf(line, "%63[^:]: %llu", key, &v) != 2)
			continue;
		if (strcmp(key, "MemTotal") == 0)
			total = v;
		else if (strcmp(key, "MemAvailable") == 0)
			avail = v;
	}
	if (fp)
		fclose(fp);
	if (!total) {
		say(d, WARN, "memory", "cannot read /proc/meminfo");
		todo("the kernels cannot refuse sizes larger than the memory; keep --n modest");
	} else {
		say(d, avail > (1ull << 20) ? OK : WARN, "memory",
		    "%.1f GiB total, %.1f GiB available", total / 1048576.0, avail / 1048576.0);
		if (avail <= (1ull << 20))
			todo("less than 1 GiB free: sum --n 100M (800 MB) will be refused");
	}
}

static void check_mpi(struct doctor *d)
{
	char path[PATH_MAX], real[PATH_MAX], flav[32], ver[64];
	const char *launcher = run_mpiexec_path();
	const char *override = getenv("HPCTUTOR_MPIEXEC");
	struct capture c;
	int st;

	section("MPI");
	if (!on_path(launcher, path, sizeof path)) {
		say(d, MISSING, "launcher for the kernels", "%s not found", launcher);
		todo(override && *override ? "HPCTUTOR_MPIEXEC names a program that is not there" :
		     "install MPICH (Debian: apt install mpich libmpich-dev) or set HPCTUTOR_MPIEXEC");
	} else {
		const char *argv[] = { path, "--version", NULL };
		st = capture(argv, &c);
		classify_mpi(c.buf, flav, sizeof flav, ver, sizeof ver);
		d->have_mpich_launcher = strcmp(flav, "MPICH") == 0;
		say(d, st == 0 && d->have_mpich_launcher ? OK : WARN, "launcher for the kernels",
		    "%s (%s%s%s)%s; the kernels were built with %s", path, flav, *ver ? " " : "", ver,
		    override && *override ? ", from HPCTUTOR_MPIEXEC" : "", HPCT_MPI_FLAVOUR);
		if (!d->have_mpich_launcher)
			todo("the MPI kernels need MPICH's launcher: set HPCTUTOR_MPIEXEC=mpiexec.mpich");
	}
	if (!on_path("mpiexec", path, sizeof path)) {
		say(d, WARN, "mpiexec on PATH", "none");
		todo("the lessons type 'mpiexec -n 4 ...': install mpich, or use %s", launcher);
		snprintf(d->path_flavour, sizeof d->path_flavour, "none");
		return;
	}
	{
		const char *argv[] = { path, "--version", NULL };
		st = capture(argv, &c);
	}
	classify_mpi(c.buf, d->path_flavour, sizeof d->path_flavour, d->path_version,
		     sizeof d->path_version);
	if (!realpath(path, real))
		snprintf(real, sizeof real, "%s", path);
	if (st != 0) {
		say(d, WARN, "mpiexec on PATH", "%s: 'mpiexec --version' failed", path);
		todo("reinstall the MPI that owns %s", real);
	} else if (strcmp(d->path_flavour, HPCT_MPI_FLAVOUR) == 0) {
		say(d, OK, "mpiexec on PATH", "%s -> %s (%s %s), the same MPI as the kernels",
		    path, real, d->path_flavour, d->path_version);
	} else {
		say(d, WARN, "mpiexec on PATH", "%s -> %s is %s %s, not %s", path, real,
		    d->path_flavour, d->path_version, HPCT_MPI_FLAVOUR);
		todo("Debian's generic mpiexec follows the alternatives system and becomes "
		     "Open MPI once python3-mpi4py is installed. hpctutor runs its kernels with "
		     "%s itself; for your own MPICH programs type mpiexec.mpich, or pick one "
		     "for good with 'update-alternatives --config mpirun' (as root)", launcher);
	}
	if (d->cores > 0)
		say(d, OK, "ranks vs cores", "use at most %d ranks here: MPICH ranks poll "
		    "while they wait, so more ranks than cores take turns and the ring's "
		    "latency per hop grows a thousandfold", d->cores);
}

static void check_blas(struct doctor *d)
{
	static const char *const libs[] = { "libopenblas.so.0", "libopenblas.so",
					    "libopenblasp.so.0", NULL };
	static const char *const vars[] = { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
					    "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", NULL };
	const char *found = NULL;

	section("BLAS and threads");
	for (size_t i = 0; libs[i] && !found; i++) {
		void *h = dlopen(libs[i], RTLD_LAZY | RTLD_LOCAL);
		if (h) {
			found = libs[i];
			dlclose(h);
		}
	}
	d->have_openblas = found != NULL;
	if (found) {
		say(d, OK, "OpenBLAS", "%s loads", found);
	} else {
		say(d, MISSING, "OpenBLAS", "libopenblas not found");
		todo("apt install libopenblas0 (the sum kernel's blas variant needs it)");
	}
	for (size_t i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);
		long n = v ? strtol(v, NULL, 10) : 0;

		if (!v || !*v) {
			say(d, OK, vars[i], "not set (libraries use every core; hpct-sum pins "
			    "BLAS to one thread itself)");
		} else if (n < 1) {
			say(d, WARN, vars[i], "'%s' is not a thread count", v);
			todo("unset %s or set it to a number from 1 to %d", vars[i], d->cores);
		} else if (n > d->cores) {
			say(d, WARN, vars[i], "%ld, more than the %d cores", n, d->cores);
			todo("oversubscribed threads slow each other down: set %s=%d or less",
			     vars[i], d->cores);
		} else {
			say(d, OK, vars[i], "%ld", n);
		}
	}
}

static void check_gpu(struct doctor *d, const struct hpct_paths *paths)
{
	static const struct { const char *prog, *what; } backends[] = {
		{ "hpct-gpuadd-cuda", "CUDA" }, { "hpct-gpuadd-hip", "HIP (ROCm)" },
		{ "hpct-gpuadd", "host" }, { "hpct-gpuadd-host", "host" },
	};
	static const char *const devices[] = { "/dev/nvidia0", "/dev/nvidiactl", "/dev/kfd", NULL };
	char built[128] = "", seen[128] = "", p[PATH_MAX];
	bool host = false;

	section("GPU");
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", paths->kerneldir ? paths->kerneldir : ".",
			 backends[i].prog);
		if (access(p, X_OK) != 0 || (host && strcmp(backends[i].what, "host") == 0))
			continue;
		if (strcmp(backends[i].what, "host") == 0)
			host = true;
		snprintf(built + strlen(built), sizeof built - strlen(built), "%s%s",
			 *built ? ", " : "", backends[i].what);
	}
	if (*built) {
		say(d, OK, "gpuadd builds", "%s", built);
	} else {
		say(d, MISSING, "gpuadd builds", "none in %s", paths->kerneldir ? paths->kerneldir : "?");
		todo("rebuild hpctutor; the host build of gpuadd is always made");
	}
	for (size_t i = 0; devices[i]; i++)
		if (access(devices[i], F_OK) == 0)
			snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s%s",
				 *seen ? ", " : "", devices[i]);
	d->have_gpu_device = *seen != '\0';
	if (*seen) {
		say(d, OK, "GPU devices", "%s", seen);
		if (!strstr(built, "CUDA") && strstr(seen, "nvidia"))
			todo("an NVIDIA device but no CUDA build: configure --with-gpu=cuda with nvcc installed");
		if (!strstr(built, "HIP") && strstr(seen, "kfd"))
			todo("an AMD device but no HIP build: configure --with-gpu=hip with hipcc installed");
	} else {
		say(d, WARN, "GPU devices", "none seen (/dev/nvidia*, /dev/kfd)");
		todo("episode 4 runs gpuadd's host build here; on a cluster, ask for a GPU node");
	}
}

static void check_slurm(struct doctor *d)
{
	char path[PATH_MAX], host[256] = "";
	const char *job = getenv("SLURM_JOB_ID");

	section("SLURM");
	d->have_srun = on_path("srun", path, sizeof path);
	gethostname(host, sizeof host - 1);
	if (!d->have_srun) {
		say(d, OK, "srun", "not installed: runs use mpiexec on this machine");
		return;
	}
	say(d, OK, "srun", "%s", path);
	{
		const char *argv[] = { "sinfo", "-h", "-o", "%P %a %D", NULL };
		struct capture c;

		if (capture(argv, &c) != 0) {
			say(d, OK, "cluster", "srun is installed but no SLURM controller answers "
			    "(sinfo fails): runs use mpiexec on this machine");
			return;
		}
		say(d, OK, "cluster", "partitions: %.*s", (int)strcspn(c.buf, "\n"), c.buf);
	}
	if (job && *job) {
		say(d, OK, "allocation", "inside SLURM job %s: runs use srun", job);
	} else {
		bool login = strstr(host, "login") || strstr(host, "frontend") ||
			     getenv("SSH_CONNECTION");
		say(d, WARN, "allocation", "not inside a SLURM job%s",
		    login ? " and this looks like a login node" : "");
		todo("login nodes are shared: take an allocation first (salloc -n 4 --time 1:00:00) "
		     "and start hpctutor inside it, or use --launcher srun");
	}
}

/* One python3: its version, NumPy, mpi4py and which MPI mpi4py uses. */
static void check_one_python(struct doctor *d, const char *path, bool first)
{
	char flav[32], ver[64];
	struct capture c;
	bool numpy, mpi4py;
	int st;

	{
		const char *argv[] = { path, "-c", "import sys; print(sys.version.split()[0])", NULL };
		st = capture(argv, &c);
	}
	say(d, st == 0 ? OK : WARN, "python3", "%s %.*s", path, (int)strcspn(c.buf, "\n"), c.buf);
	if (st != 0)
		todo("%s does not run: reinstall it, or put a working python3 first on PATH", path);
	{
		const char *argv[] = { path, "-c", "import numpy; print(numpy.__version__)", NULL };
		numpy = capture(argv, &c) == 0;
	}
	if (numpy) {
		say(d, OK, "NumPy", "%.*s", (int)strcspn(c.buf, "\n"), c.buf);
	} else {
		say(d, first ? MISSING : WARN, "NumPy", "'import numpy' fails with %s", path);
		todo("apt install python3-numpy, or pip install numpy for this python3");
	}
	{
		const char *argv[] = { path, "-c",
			"from mpi4py import MPI; print(MPI.Get_library_version())", NULL };
		mpi4py = capture(argv, &c) == 0;
	}
	if (numpy)
		d->have_numpy = true;
	if (!mpi4py) {
		say(d, first ? MISSING : WARN, "mpi4py", "'from mpi4py import MPI' fails with %s", path);
		todo("apt install python3-mpi4py, or pip install mpi4py for this python3 (episode 6)");
		return;
	}
	d->have_mpi4py = true;
	classify_mpi(c.buf, flav, sizeof flav, ver, sizeof ver);
	say(d, OK, "mpi4py", "built with %s %s", flav, ver);
	if (strcmp(flav, d->path_flavour) == 0) {
		d->mpi4py_matches = true;
		say(d, OK, "mpi4py vs mpiexec", "both %s: 'mpiexec -n 4 python3 x.py' gives 4 ranks",
		    flav);
	} else {
		say(d, WARN, "mpi4py vs mpiexec", "mpi4py uses %s but mpiexec on PATH is %s",
		    flav, d->path_flavour);
		todo("the classic trap: every rank says size 1, because each process starts "
		     "alone. Start mpi4py programs with %s's launcher (%s -n 4 python3 x.py)", flav,
		     strcmp(flav, "MPICH") == 0 ? "mpiexec.mpich" : "mpiexec.openmpi");
	}
}

static void check_python(struct doctor *d)
{
	char path[PATH_MAX], real_path[PATH_MAX], real_sys[PATH_MAX];
	const char *sys_py = "/usr/bin/python3";
	bool have_path;

	section("Python");
	have_path = on_path("python3", path, sizeof path);
	if (have_path)
		check_one_python(d, path, true);
	else
		say(d, MISSING, "python3", "not on PATH");
	/* The distribution's python3 is the one its numpy and mpi4py packages
	 * are for; a python3 of one's own (pyenv, conda) earlier on PATH hides it. */
	if (access(sys_py, X_OK) == 0 &&
	    (!have_path || !realpath(path, real_path) || !realpath(sys_py, real_sys) ||
	     strcmp(real_path, real_sys) != 0)) {
		if (have_path && (!d->have_numpy || !d->have_mpi4py))
			printf("           the system's python3 may have what the one on PATH lacks (run the lessons' Python with %s if so):\n", sys_py);
		check_one_python(d, sys_py, !have_path);
	}
	if (!have_path && access(sys_py, X_OK) != 0)
		todo("apt install python3 python3-numpy python3-mpi4py (episodes 5 and 6)");
}

static void check_lessons(struct doctor *d)
{
	section("Lessons");
	say(d, d->have_openblas ? OK : WARN, "episode 2 (single core)",
	    d->have_openblas ? "sum with every variant" : "sum without its OpenBLAS variant");
	say(d, d->cores >= 2 ? OK : WARN, "episode 3 (parallel)", "map and the MPI kernels: %s",
	    d->have_mpich_launcher ? "ready" : "MPI kernels need MPICH's launcher (see MPI)");
	say(d, d->have_gpu_device ? OK : WARN, "episode 4 (GPU)", "%s",
	    d->have_gpu_device ? "gpuadd on a device" : "gpuadd's host build only");
	say(d, d->have_numpy ? OK : MISSING, "episode 5 (Python)", "%s",
	    d->have_numpy ? "NumPy present" : "needs NumPy");
	say(d, d->have_mpi4py && d->mpi4py_matches ? OK : d->have_mpi4py ? WARN : MISSING,
	    "episode 6 (mpi4py)", "%s", !d->have_mpi4py ? "needs mpi4py" :
	    d->mpi4py_matches ? "mpi4py and mpiexec agree" : "mind the launcher (see Python)");
}

static const char doctor_usage[] =
"Usage: hpctutor doctor\n"
"Check this machine for the lessons: cores and memory, the MPI launcher and\n"
"the one on PATH, BLAS and thread variables, GPU builds and devices, SLURM,\n"
"Python with NumPy and mpi4py. Each line says ok, warn or missing, and what\n"
"to do about it.\n";

int run_cmd_doctor(int argc, char **argv, const struct hpct_paths *paths)
{
	struct doctor d = { 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(doctor_usage, stdout);
			return 0;
		}
		fprintf(stderr, "hpctutor doctor: unknown argument '%s'\n%s", argv[i], doctor_usage);
		return 2;
	}
	printf("hpctutor doctor: this machine as the lessons see it\n");
	fflush(stdout);
	check_machine(&d);
	check_mpi(&d);
	fflush(stdout);
	check_blas(&d);
	check_gpu(&d, paths);
	check_slurm(&d);
	fflush(stdout);
	check_python(&d);
	check_lessons(&d);
	printf("\n%d thing%s to look at.\n", d.problems, d.problems == 1 ? "" : "s");
	return 0;
}
