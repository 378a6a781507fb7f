/*
 * kernels.h — the kernels the tutor knows, and their knobs.
 *
 * One table row per kernel, one row per knob, with the type, default, range
 * and help the kernel itself declares, so the TUI's knob form and
 * `hpctutor run` validate exactly as the kernel would (and a learner gets
 * the message before anything starts). tests/run-knobs.sh checks every row
 * against the kernel's own --help.
 */
#ifndef HPCT_RUN_KERNELS_H
#define HPCT_RUN_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum run_knob_type {
	RUN_KNOB_FLAG,      /* no value */
	RUN_KNOB_SIZE,      /* 10000000, 1e7, 10M, 4Ki: a whole number in [min, max] */
	RUN_KNOB_INT,       /* a decimal integer in [min, max] */
	RUN_KNOB_DOUBLE,    /* a number in [min, max] */
	RUN_KNOB_CHOICE,    /* one of choices ("float32|float64") */
	RUN_KNOB_CHOICES,   /* comma list of choices */
	RUN_KNOB_SIZES,     /* comma list of sizes, or A-B ranges, each in [min, max] */
	RUN_KNOB_STRING,    /* any text */
};

struct run_knob {
	const char *name;       /* the long option without dashes: "n" */
	enum run_knob_type type;
	const char *def;        /* default as the kernel prints it, or NULL */
	double min, max;        /* for numbers */
	const char *choices;    /* '|' separated, for CHOICE(S) */
	const char *help;
};

struct run_kernel {
	const char *name;          /* "sum": the program is hpct-sum */
	const char *summary;
	bool mpi;                  /* an MPI program, started through a launcher */
	int ranks_default, ranks_min, ranks_max;
	const char *const *series; /* extra group keys for the results table */
	const struct run_knob *knobs;
	size_t nknobs;
};

const struct run_kernel *run_kernel_table(size_t *n);
/* "sum" or "hpct-sum"; NULL when unknown (the kernel may still exist on
 * disk: the tutor then runs it without checking its knobs). */
const struct run_kernel *run_kernel_find(const char *name);
const struct run_knob *run_kernel_knob(const struct run_kernel *k, const char *name);

/*
 * The program to run for kernel NAME: the name itself, except "gpuadd",
 * which becomes "gpuadd-cuda" or "gpuadd-hip" when that build is in
 * KERNELDIR and its device is seen (/dev/nvidia0, /dev/kfd), and stays
 * "gpuadd" (the host build) otherwise. Writes the name into OUT and, when
 * a choice was made, one sentence saying why into WHY ("" otherwise).
 */
void run_kernel_resolve(const char *kerneldir, const char *name, char *out, size_t len,
			char *why, size_t wlen);

/* Parse a size as the kernels do: "10000000", "1e7", "2.5e6", "10M", "4Ki".
 * 0, or -1 with *WHY set. */
int run_parse_size(const char *text, uint64_t *out, const char **why);

/* Check one knob value; 0, or -1 with "--n: ..." in ERR. */
int run_knob_check(const struct run_knob *knob, const char *value,
		   char *err, size_t errlen);

/*
 * Check a kernel's arguments as the kernel would: "--name value",
 * "--name=value", flags alone. Returns 0, or -1 with a message in ERR that
 * names the knob and what is allowed.
 */
int run_kernel_check_args(const struct run_kernel *k, int argc, char *const *argv,
			  char *err, size_t errlen);

#endif
