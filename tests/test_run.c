/*
 * test_run.c — unit tests of the run module: the sanitiser, line rings,
 * rank labels, result lines and their aggregation, launchers and quoting,
 * knob checks, results.csv; and a few real child processes.
 *
 * Run with "--drive" it is instead a small driver of the run machinery for
 * the shell tests (tests/run-*.sh):
 *
 *   test_run --drive [--labels bracket|colon] [--stop-after S] [--hang S] -- CMD...
 *
 * runs CMD as a kernel, discards its lines, and prints "key=value" lines:
 * lines, results, max_rank, ring_bytes, rss_kb (peak of this process),
 * status, hang, max_step_ms (the longest run_step: how long a poll loop
 * could be kept from its keys), explain.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/history.h"
#include "run/plan.h"
#include "run/run.h"

/* ------------------------------------------------------------ sanitiser */

static const char *san(const char *in)
{
	static char out[RUN_LINE_MAX + 1];
	run_sanitize(in, strlen(in), out, sizeof out, NULL);
	return out;
}

START_TEST(sanitize_escapes)
{
	ck_assert_str_eq(san("\x1b[31mred\x1b[0m plain"), "red plain");
	ck_assert_str_eq(san("a\x1b]0;title\x07" "b"), "ab");
	ck_assert_str_eq(san("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\" "c"), "alinkc");
	ck_assert_str_eq(san("x\x1b" "cy"), "xy");            /* RIS: full reset */
	ck_assert_str_eq(san("x\x1b(By"), "xy");              /* charset designation */
	ck_assert_str_eq(san("bell\x07 bs\x08 del\x7f"), "bell bs del");
	ck_assert_str_eq(san("c1 \xc2\x9b" "31m"), "c1 31m"); /* 8-bit CSI dropped */
	ck_assert_str_eq(san("unterminated \x1b[12"), "unterminated ");
}
END_TEST

START_TEST(sanitize_utf8)
{
	ck_assert_str_eq(san("caf\xc3\xa9 \xe2\x96\x81"), "caf\xc3\xa9 \xe2\x96\x81");
	ck_assert_str_eq(san("bad \xff byte"), "bad \xef\xbf\xbd byte");
	/* one U+FFFD per bad sequence: a lead byte and its continuations */
	ck_assert_str_eq(san("overlong \xc0\xaf!"), "overlong \xef\xbf\xbd!");
	ck_assert_str_eq(san("surrogate \xed\xa0\x80!"), "surrogate \xef\xbf\xbd!");
	ck_assert_str_eq(san("cut \xe2\x96"), "cut \xef\xbf\xbd");
	ck_assert_str_eq(san("big \xf4\x90\x80\x80!"), "big \xef\xbf\xbd!");
	ck_assert_str_eq(san("stray \x80\x80!"), "stray \xef\xbf\xbd\xef\xbf\xbd!");
}
END_TEST

START_TEST(sanitize_cr_tab)
{
	ck_assert_str_eq(san("dos line\r"), "dos line");
	ck_assert_str_eq(san("progress 10%\rprogress 20%\rdone"), "done");
	ck_assert_str_eq(san("a\tb"), "a       b");
	ck_assert_str_eq(san("abcdefgh\tx"), "abcdefgh        x");
}
END_TEST

START_TEST(sanitize_bounded)
{
	char in[5000], out[64];
	bool cut = false;
	size_t n;

	memset(in, 'x', sizeof in);
	in[10] = '\xc3';   /* a 2-byte character straddling nothing */
	in[11] = '\xa9';
	n = run_sanitize(in, sizeof in, out, sizeof out, &cut);
	ck_assert(cut);
	ck_assert_uint_eq(n, 63);
	ck_assert_uint_eq(strlen(out), 63);
	/* never a torn character at the cut */
	memset(in, 0, sizeof in);
	for (int i = 0; i < 40; i++)
		memcpy(in + 3 * i, "\xe2\x96\x81", 3);
	n = run_sanitize(in, 120, out, sizeof out, &cut);
	ck_assert(cut);
	ck_assert_uint_eq(n % 3, 0);
	ck_assert_uint_eq(n, 63);
}
END_TEST

/* ------------------------------------------------------------ rings, labels */

START_TEST(ring_bounded)
{
	struct run_ring *r = run_ring_new(100);
	char line[64];

	ck_assert_ptr_nonnull(r);
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(line, sizeof line, "line %d", i);
		ck_assert_int_eq(run_ring_push(r, line, (size_t)n, 0, -1, (unsigned long long)i + 1), 0);
	}
	ck_assert_uint_eq(run_ring_count(r), 100);
	ck_assert_uint_eq(run_ring_dropped(r), 99900);
	ck_assert_str_eq(run_ring_get(r, 0)->text, "line 99900");
	ck_assert_str_eq(run_ring_get(r, 99)->text, "line 99999");
	ck_assert_ptr_null(run_ring_get(r, 100));
	ck_assert_uint_le(run_ring_bytes(r), 100 * 10);
	run_ring_free(r);
}
END_TEST

START_TEST(labels)
{
	size_t skip;

	ck_assert_int_eq(run_label_parse(RUN_LABEL_BRACKET, "[3] hi", 6, &skip), 3);
	ck_assert_uint_eq(skip, 4);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_BRACKET, "[12]x", 5, &skip), 12);
	ck_assert_uint_eq(skip, 4);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_BRACKET, "[a] hi", 6, &skip), -1);
	ck_assert_uint_eq(skip, 0);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_BRACKET, "3: hi", 5, &skip), -1);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_BRACKET, "[1234567] x", 11, &skip), -1);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_COLON, "0: hi", 5, &skip), 0);
	ck_assert_uint_eq(skip, 3);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_COLON, " 7: hi", 6, &skip), 7);
	ck_assert_uint_eq(skip, 4);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_COLON, "srun: error", 11, &skip), -1);
	ck_assert_int_eq(run_label_parse(RUN_LABEL_NONE, "[0] x", 5, &skip), -1);
}
END_TEST

START_TEST(label_pieces)
{
	struct run_label_seg seg[8];
	const char *a = "Hello from process [1] 1[1]  of [1] 2";
	const char *b = " [1] @hpct kernel=ring check=ok";
	const char *c = "no labels [x] here [12]x";
	size_t n;

	n = run_label_split(1, a, strlen(a), seg, 8);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(seg[1].rank, 1);
	ck_assert_uint_eq(seg[3].len, 1);
	ck_assert_int_eq(a[seg[3].off], '2');
	n = run_label_split(0, b, strlen(b), seg, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(seg[0].rank, 0);
	ck_assert_uint_eq(seg[0].len, 1);
	ck_assert_int_eq(seg[1].rank, 1);
	ck_assert_int_eq(strncmp(b + seg[1].off, "@hpct", 5), 0);
	n = run_label_split(3, c, strlen(c), seg, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(seg[0].rank, 3);
	ck_assert_uint_eq(seg[0].len, strlen(c));
}
END_TEST

/* ------------------------------------------------------------ result lines */

static int parse(const char *s, struct run_result *r)
{
	return run_result_parse(s, strlen(s), r);
}

START_TEST(logfmt_basic)
{
	struct run_result r;
	double d;

	ck_assert_int_eq(parse("@hpct kernel=sum variant=blas dtype=float64 n=10000000 rep=3 "
			       "seconds=0.00601 gbps=13.31 check=ok", &r), 0);
	ck_assert_uint_eq(r.nkv, 8);
	ck_assert_str_eq(run_result_get(&r, "kernel"), "sum");
	ck_assert_str_eq(run_result_get(&r, "check"), "ok");
	ck_assert_int_eq(run_result_num(&r, "seconds", &d), 0);
	ck_assert_double_eq_tol(d, 0.00601, 1e-12);
	ck_assert_int_eq(run_result_num(&r, "variant", &d), -1);
	ck_assert_ptr_null(run_result_get(&r, "missing"));
	ck_assert_int_eq(r.rank, -1);
	run_result_clear(&r);
}
END_TEST

START_TEST(logfmt_quotes)
{
	struct run_result r;

	ck_assert_int_eq(parse("@hpct kernel=hello host=\"my host\" note=\"say \\\"hi\\\" \\\\ ok\" "
			       "flag rank=2", &r), 0);
	ck_assert_str_eq(run_result_get(&r, "host"), "my host");
	ck_assert_str_eq(run_result_get(&r, "note"), "say \"hi\" \\ ok");
	ck_assert_str_eq(run_result_get(&r, "flag"), "");
	ck_assert_int_eq(r.rank, 2);
	run_result_clear(&r);
	ck_assert_int_eq(parse("@hpct kernel=x empty= after=1", &r), 0);
	ck_assert_str_eq(run_result_get(&r, "empty"), "");
	ck_assert_str_eq(run_result_get(&r, "after"), "1");
	run_result_clear(&r);
}
END_TEST

START_TEST(logfmt_garbage)
{
	struct run_result r;
	char *big;

	ck_assert_int_eq(parse("plain output line", &r), 1);
	ck_assert_int_eq(parse("@hpctkernel=sum", &r), 1);
	ck_assert_int_eq(parse("  @hpct kernel=sum", &r), 1);
	ck_assert_int_eq(parse("@hpct ", &r), -1);                       /* no kernel */
	ck_assert_int_eq(parse("@hpct variant=x seconds=1", &r), -1);    /* no kernel */
	ck_assert_int_eq(parse("@hpct kernel=sum note=\"open", &r), -1); /* unterminated */
	ck_assert_int_eq(parse("@hpct kernel=sum =5", &r), -1);          /* empty key */
	ck_assert_int_eq(parse("@hpct kernel=sum k\xc3\xa9y=1", &r), -1);/* bad key */
	ck_assert_int_eq(parse("@hpct kernel=sum a=\"x\"y", &r), -1);    /* glued */
	ck_assert_uint_eq(r.nkv, 0);
	/* more pairs than kept */
	big = malloc(RUN_RESULT_MAXKV * 8 + 64);
	ck_assert_ptr_nonnull(big);
	strcpy(big, "@hpct kernel=k");
	for (int i = 0; i < RUN_RESULT_MAXKV; i++)
		sprintf(big + strlen(big), " k%d=%d", i, i);
	ck_assert_int_eq(parse(big, &r), -1);
	free(big);
	/* non-finite numbers are not numbers */
	ck_assert_int_eq(parse("@hpct kernel=k seconds=nan gbps=inf", &r), 0);
	{
		double d;
		ck_assert_int_eq(run_result_num(&r, "seconds", &d), -1);
		ck_assert_int_eq(run_result_num(&r, "gbps", &d), -1);
	}
	run_result_clear(&r);
}
END_TEST

START_TEST(logfmt_long_line)
{
	/* A long value survives the sanitiser's bound only up to RUN_LINE_MAX;
	 * the parser itself takes any length it is given. */
	size_t n = 100000;
	char *s = malloc(n + 32);
	struct run_result r;

	ck_assert_ptr_nonnull(s);
	strcpy(s, "@hpct kernel=k v=");
	memset(s + strlen(s), 'x', n);
	s[17 + n] = '\0';
	ck_assert_int_eq(parse(s, &r), 0);
	ck_assert_uint_eq(strlen(run_result_get(&r, "v")), n);
	run_result_clear(&r);
	free(s);
}
END_TEST

static void add(struct run_agg *a, const char *line)
{
	struct run_result r;

	ck_assert_int_eq(parse(line, &r), 0);
	ck_assert_int_eq(run_agg_add(a, &r), 0);
	run_result_clear(&r);
}

START_TEST(aggregate)
{
	static const char *const series[] = { "size", NULL };
	struct run_agg *a = run_agg_new(series);
	const struct run_agg_row *row;

	ck_assert_ptr_nonnull(a);
	add(a, "@hpct kernel=sum variant=loop seconds=3 gbps=1 check=ok");
	add(a, "@hpct kernel=sum variant=blas seconds=0.5 gbps=10 check=ok");
	add(a, "@hpct kernel=sum variant=loop seconds=1 gbps=3 check=ok");
	add(a, "@hpct kernel=sum variant=loop seconds=2 gbps=2 check=FAIL");
	add(a, "@hpct kernel=sum variant=loop seconds=4 gbps=0.5 check=ok");
	add(a, "@hpct kernel=sum variant=loop stat=summary best=1 median=2");
	add(a, "@hpct kernel=ring variant=pingpong size=8 seconds=1e-6");
	add(a, "@hpct kernel=ring variant=pingpong size=1024 seconds=2e-6");
	ck_assert_uint_eq(run_agg_count(a), 4);
	row = run_agg_row(a, 0);
	ck_assert_str_eq(row->label, "loop");
	ck_assert_uint_eq(row->count, 4);
	ck_assert_double_eq(row->best_s, 1);
	ck_assert_double_eq(row->median_s, 2.5);
	ck_assert_double_eq(row->latest_s, 4);
	ck_assert_double_eq(row->best_gbps, 3);
	ck_assert(row->check_failed);
	ck_assert_str_eq(row->check, "ok");
	row = run_agg_row(a, 1);
	ck_assert_str_eq(row->label, "blas");
	ck_assert(!row->check_failed);
	ck_assert_double_eq(row->median_s, 0.5);
	ck_assert_str_eq(run_agg_row(a, 2)->label, "pingpong size=8");
	ck_assert_str_eq(run_agg_row(a, 3)->label, "pingpong size=1024");
	ck_assert_str_eq(run_agg_fastest(a)->label, "pingpong size=8");
	ck_assert_ptr_null(run_agg_row(a, 4));
	run_agg_free(a);
	/* no variant: the first word-valued group key stands in for it */
	{
		static const char *const ring[] = { "test", "bytes", NULL };
		a = run_agg_new(ring);
		add(a, "@hpct kernel=ring test=latency bytes=8 seconds=1");
		add(a, "@hpct kernel=ring bytes=8 seconds=1");
		add(a, "@hpct kernel=ring seconds=1");
		ck_assert_str_eq(run_agg_row(a, 0)->label, "latency bytes=8");
		ck_assert_str_eq(run_agg_row(a, 1)->label, "bytes=8");
		ck_assert_str_eq(run_agg_row(a, 2)->label, "ring");
		/* the label a record's row has, without adding it */
		struct run_result r;
		ck_assert_int_eq(parse("@hpct kernel=ring test=latency bytes=8 seconds=2", &r), 0);
		char *label = run_agg_label(a, &r);
		ck_assert_str_eq(label, "latency bytes=8");
		free(label);
		run_result_clear(&r);
		ck_assert_uint_eq(run_agg_count(a), 3);
	}
	run_agg_free(a);
}
END_TEST

START_TEST(aggregate_bounded)
{
	struct run_agg *a = run_agg_new(NULL);
	char line[128];

	for (int i = 0; i < 3 * RUN_AGG_MAXSAMPLES; i++) {
		snprintf(line, sizeof line, "@hpct kernel=k variant=v seconds=%d", 1 + i % 7);
		add(a, line);
	}
	ck_assert_uint_eq(run_agg_count(a), 1);
	ck_assert_uint_eq(run_agg_row(a, 0)->count, 3 * RUN_AGG_MAXSAMPLES);
	ck_assert_double_eq(run_agg_row(a, 0)->best_s, 1);
	ck_assert_double_eq(run_agg_row(a, 0)->median_s, 4);
	run_agg_free(a);
}
END_TEST

/* ------------------------------------------------------------ launchers */

static char kdir[] = "/tmp/test_run_XXXXXX";

static void make_kernel(const char *name, const char *body)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/hpct-%s", kdir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

static void setup_kdir(void)
{
	ck_assert_ptr_nonnull(mkdtemp(kdir));
}

static void teardown_kdir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", kdir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(kdir, "/tmp/test_run_XXXXXX");
}

START_TEST(launcher_argv)
{
	struct hpct_paths paths = { .kerneldir = kdir };
	struct run_command c;
	char err[256], *s, expect[512];
	char *kargs[] = { "--sizes", "8,1Ki", "--note", "it's here", NULL };

	make_kernel("ring", "exit 0");
	setenv("HPCTUTOR_MPIEXEC", "/opt/my mpi/mpiexec", 1);
	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("mpiexec"), "ring", 4,
					   4, kargs, err, sizeof err), 0);
	ck_assert_uint_eq(c.argc, 9);
	ck_assert_str_eq(c.argv[0], "/opt/my mpi/mpiexec");
	ck_assert_str_eq(c.argv[1], "-l");
	ck_assert_str_eq(c.argv[3], "4");
	ck_assert_ptr_null(c.argv[9]);
	s = run_command_string(&c);
	snprintf(expect, sizeof expect, "'/opt/my mpi/mpiexec' -l -n 4 %s/hpct-ring --sizes 8,1Ki "
		 "--note 'it'\\''s here'", kdir);
	ck_assert_str_eq(s, expect);
	free(s);
	run_command_free(&c);
	unsetenv("HPCTUTOR_MPIEXEC");

	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("srun"), "ring", 2,
					   0, NULL, err, sizeof err), 0);
	s = run_command_string(&c);
	snprintf(expect, sizeof expect, "srun --label -n 2 --mpi=pmi2 %s/hpct-ring", kdir);
	ck_assert_str_eq(s, expect);
	free(s);
	run_command_free(&c);

	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("none"), "ring", 8,
					   0, NULL, err, sizeof err), 0);
	ck_assert_uint_eq(c.argc, 1);
	ck_assert_int_eq(c.ranks, 1);
	run_command_free(&c);

	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("none"), "nothere", 1,
					   0, NULL, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "hpct-nothere"));
	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("none"), "../x", 1,
					   0, NULL, err, sizeof err), -1);
}
END_TEST

START_TEST(plan)
{
	struct hpct_paths paths = { .kerneldir = kdir };
	struct run_plan p;
	char err[256], expect[512];

	make_kernel("sum", "exit 0");
	make_kernel("ring", "exit 0");
	unsetenv("HPCTUTOR_LAUNCHER");
	unsetenv("SLURM_JOB_ID");
	setenv("HPCTUTOR_MPIEXEC", "mpiexec.mpich", 1);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "sum --n 10M --dtype 'float32'", NULL, 0,
					err, sizeof err), RUN_PLAN_OK);
	ck_assert_str_eq(p.launcher->name, "none");
	snprintf(expect, sizeof expect, "%s/hpct-sum --n 10M --dtype float32", kdir);
	ck_assert_str_eq(p.line, expect);
	ck_assert_str_eq(p.knobs, "--n 10M --dtype float32");
	run_plan_free(&p);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "ring --sizes 8,1K", NULL, 0,
					err, sizeof err), RUN_PLAN_OK);
	snprintf(expect, sizeof expect, "mpiexec.mpich -l -n 2 %s/hpct-ring --sizes 8,1K", kdir);
	ck_assert_str_eq(p.line, expect);
	run_plan_free(&p);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "ring", "none", 4, err, sizeof err),
			 RUN_PLAN_OK);
	ck_assert_int_eq(p.cmd.ranks, 1);
	run_plan_free(&p);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "ring --help", NULL, 0, err, sizeof err),
			 RUN_PLAN_OK);
	ck_assert_str_eq(p.launcher->name, "none");
	run_plan_free(&p);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "sum --n -1", NULL, 0, err, sizeof err),
			 RUN_PLAN_USAGE);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "ring", NULL, 2000, err, sizeof err),
			 RUN_PLAN_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "ranks"));
	ck_assert_int_eq(run_plan_parse(&p, &paths, "ring", "mpirun", 2, err, sizeof err),
			 RUN_PLAN_USAGE);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "hello", NULL, 0, err, sizeof err),
			 RUN_PLAN_MISSING);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "sum 'open", NULL, 0, err, sizeof err),
			 RUN_PLAN_USAGE);
	ck_assert_int_eq(run_plan_parse(&p, &paths, "", NULL, 0, err, sizeof err),
			 RUN_PLAN_USAGE);
	unsetenv("HPCTUTOR_MPIEXEC");
}
END_TEST

START_TEST(gpuadd_resolve)
{
	char out[64], why[256];
	bool nvidia = access("/dev/nvidia0", F_OK) == 0;

	make_kernel("gpuadd", "exit 0");
	make_kernel("gpuadd-cuda", "exit 0");
	run_kernel_resolve(kdir, "sum", out, sizeof out, why, sizeof why);
	ck_assert_str_eq(out, "sum");
	ck_assert_str_eq(why, "");
	run_kernel_resolve(kdir, "gpuadd-cuda", out, sizeof out, why, sizeof why);
	ck_assert_str_eq(out, "gpuadd-cuda");
	run_kernel_resolve(kdir, "gpuadd", out, sizeof out, why, sizeof why);
	ck_assert_str_eq(out, nvidia ? "gpuadd-cuda" : "gpuadd");
	ck_assert_ptr_nonnull(strstr(why, nvidia ? "NVIDIA" : "host build"));
	/* without the CUDA build, always the host one */
	run_kernel_resolve("/nonexistent", "gpuadd", out, sizeof out, why, sizeof why);
	ck_assert_str_eq(out, "gpuadd");
}
END_TEST

START_TEST(launcher_pick)
{
	char err[256];
	const char *why;

	unsetenv("HPCTUTOR_LAUNCHER");
	unsetenv("SLURM_JOB_ID");
	ck_assert_str_eq(run_launcher_pick(NULL, true, &why, err, sizeof err)->name, "mpiexec");
	ck_assert_str_eq(run_launcher_pick(NULL, false, &why, err, sizeof err)->name, "none");
	setenv("SLURM_JOB_ID", "42", 1);
	ck_assert_str_eq(run_launcher_pick(NULL, true, &why, err, sizeof err)->name, "srun");
	ck_assert_str_eq(run_launcher_pick("mpiexec", true, &why, err, sizeof err)->name, "mpiexec");
	setenv("HPCTUTOR_LAUNCHER", "none", 1);
	ck_assert_str_eq(run_launcher_pick(NULL, true, &why, err, sizeof err)->name, "none");
	setenv("HPCTUTOR_LAUNCHER", "srun", 1);
	ck_assert_str_eq(run_launcher_pick(NULL, false, &why, err, sizeof err)->name, "none");
	ck_assert_str_eq(run_launcher_pick("srun", false, &why, err, sizeof err)->name, "srun");
	setenv("HPCTUTOR_LAUNCHER", "none", 1);
	ck_assert_str_eq(run_launcher_pick("auto", true, &why, err, sizeof err)->name, "none");
	ck_assert_ptr_null(run_launcher_pick("mpirun", true, &why, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "mpirun"));
	unsetenv("HPCTUTOR_LAUNCHER");
	unsetenv("SLURM_JOB_ID");
}
END_TEST

START_TEST(login_node)
{
	char why[512], conf[300], bin[300], *path = getenv("PATH");
	char *saved = strdup(path ? path : "");
	FILE *fp;

	snprintf(conf, sizeof conf, "%s/slurm.conf", kdir);
	fp = fopen(conf, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	make_kernel("x", "exit 0");
	snprintf(bin, sizeof bin, "%s/srun", kdir);
	ck_assert_int_eq(symlink("/bin/true", bin), 0);
	setenv("PATH", kdir, 1);
	setenv("SLURM_CONF", conf, 1);
	unsetenv("SLURM_JOB_ID");
	ck_assert(run_launcher_login_node(why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "salloc"));
	setenv("SLURM_JOB_ID", "7", 1);
	ck_assert(!run_launcher_login_node(why, sizeof why));
	unsetenv("SLURM_JOB_ID");
	setenv("PATH", "/nonexistent", 1);
	ck_assert(!run_launcher_login_node(why, sizeof why));
	setenv("PATH", saved, 1);
	unsetenv("SLURM_CONF");
	free(saved);
}
END_TEST

START_TEST(quoting_and_words)
{
	char **w, *q;
	int n;

	q = run_shell_quote("plain-1,2=x");
	ck_assert_str_eq(q, "plain-1,2=x");
	free(q);
	q = run_shell_quote("");
	ck_assert_str_eq(q, "''");
	free(q);
	q = run_shell_quote("$HOME; rm *");
	ck_assert_str_eq(q, "'$HOME; rm *'");
	free(q);
	n = run_words_split("ring --sizes 8,1K  --note 'a b' \"c \\\"d\\\"\" e\\ f", &w);
	ck_assert_int_eq(n, 7);
	ck_assert_str_eq(w[0], "ring");
	ck_assert_str_eq(w[2], "8,1K");
	ck_assert_str_eq(w[4], "a b");
	ck_assert_str_eq(w[5], "c \"d\"");
	ck_assert_str_eq(w[6], "e f");
	ck_assert_ptr_null(w[7]);
	run_words_free(w);
	ck_assert_int_eq(run_words_split("sum 'open", &w), -1);
	ck_assert_int_eq(run_words_split("   ", &w), 0);
	run_words_free(w);
}
END_TEST

START_TEST(knobs)
{
	const struct run_kernel *sum = run_kernel_find("sum");
	char err[256];
	uint64_t u;
	const char *why;
	char *ok[] = { "--n", "10M", "--dtype=float32", "--variant", "blas,loop", NULL };
	char *bad_n[] = { "--n", "-5", NULL };
	char *bad_dtype[] = { "--dtype", "int8", NULL };
	char *bad_variant[] = { "--variant", "blas,fast", NULL };
	char *unknown[] = { "--size", "8", NULL };
	char *novalue[] = { "--n", NULL };

	ck_assert_ptr_nonnull(sum);
	ck_assert_ptr_eq(run_kernel_find("hpct-sum"), sum);
	ck_assert_ptr_null(run_kernel_find("nope"));
	ck_assert_int_eq(run_parse_size("1e7", &u, &why), 0);
	ck_assert_uint_eq(u, 10000000);
	ck_assert_int_eq(run_parse_size("4Ki", &u, &why), 0);
	ck_assert_uint_eq(u, 4096);
	ck_assert_int_eq(run_parse_size("2.5M", &u, &why), 0);
	ck_assert_uint_eq(u, 2500000);
	ck_assert_int_eq(run_parse_size("1.5", &u, &why), -1);
	ck_assert_int_eq(run_parse_size("10Q", &u, &why), -1);
	ck_assert_int_eq(run_kernel_check_args(sum, 5, ok, err, sizeof err), 0);
	ck_assert_int_eq(run_kernel_check_args(sum, 2, bad_n, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--n"));
	ck_assert_int_eq(run_kernel_check_args(sum, 2, bad_dtype, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "float32|float64"));
	ck_assert_int_eq(run_kernel_check_args(sum, 2, bad_variant, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "fast"));
	ck_assert_int_eq(run_kernel_check_args(sum, 2, unknown, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--dtype"));
	ck_assert_int_eq(run_kernel_check_args(sum, 1, novalue, err, sizeof err), -1);
	{
		const struct run_kernel *ring = run_kernel_find("ring");
		const struct run_knob *sizes = ring ? run_kernel_knob(ring, "sizes") : NULL;
		ck_assert_ptr_nonnull(sizes);
		ck_assert_int_eq(run_knob_check(sizes, "8,1Ki,4Mi", err, sizeof err), 0);
		ck_assert_int_eq(run_knob_check(sizes, "8,,1", err, sizeof err), -1);
		ck_assert_int_eq(run_knob_check(sizes, "8,x", err, sizeof err), -1);
	}
}
END_TEST

/* ------------------------------------------------------------ results.csv */

static char sdir[] = "/tmp/test_run_state_XXXXXX";

START_TEST(history_append_and_corrupt)
{
	struct run_agg *a = run_agg_new(NULL);
	struct run_history h;
	struct run_history_run hr = { .when = 1700000000, .host = "node1", .cores = 4,
				      .launcher = "none", .ranks = 1, .kernel = "sum",
				      .knobs = "--note 'a, \"b\"'", .status = 0 };
	char err[256], path[512], state[300];
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(sdir));
	snprintf(state, sizeof state, "%s/deep/hpctutor", sdir);
	add(a, "@hpct kernel=sum variant=loop seconds=2 gbps=1 check=ok");
	add(a, "@hpct kernel=sum variant=blas seconds=1 gbps=2 check=ok");
	ck_assert_int_eq(run_history_append(state, &hr, a, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/results.csv", state);
	/* a torn line, garbage, a bad quote: all skipped, later rows intact */
	fp = fopen(path, "a");
	ck_assert_ptr_nonnull(fp);
	fputs("garbage,\"unterminated\nnot,enough,fields\n\x01\x02\x03\n", fp);
	fputs("2024,h,x,none,1,sum,,loop,1,abc,,,,,0\n", fp);   /* non-number */
	fputs("2024-01-01T00:00:00,h,2,none,1,sum,,loop,1,0.5", fp);   /* torn */
	fclose(fp);
	hr.status = 139;
	ck_assert_int_eq(run_history_append(state, &hr, NULL, err, sizeof err), 0);
	ck_assert_int_eq(run_history_load(path, &h, err, sizeof err), 0);
	ck_assert_uint_eq(h.n, 3);
	ck_assert_uint_eq(h.skipped, 5);
	ck_assert_str_eq(h.rows[0][RUN_H_SERIES], "loop");
	ck_assert_str_eq(h.rows[0][RUN_H_KNOBS], "--note 'a, \"b\"'");
	ck_assert_str_eq(h.rows[0][RUN_H_HOST], "node1");
	ck_assert_str_eq(h.rows[1][RUN_H_BEST], "1");
	ck_assert_str_eq(h.rows[2][RUN_H_STATUS], "139");
	ck_assert_str_eq(h.rows[2][RUN_H_SERIES], "");
	run_history_free(&h);
	/* missing file: empty history */
	snprintf(path, sizeof path, "%s/none.csv", sdir);
	ck_assert_int_eq(run_history_load(path, &h, err, sizeof err), 0);
	ck_assert_uint_eq(h.n, 0);
	run_agg_free(a);
	snprintf(path, sizeof path, "rm -rf '%s'", sdir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* ------------------------------------------------------------ real children */

static struct run *start(const char *name, const char *body, const char *launcher,
			 struct run_opts *opts)
{
	struct hpct_paths paths = { .kerneldir = kdir };
	struct run_command c;
	struct run *r;
	char err[256];

	make_kernel(name, body);
	ck_assert_int_eq(run_command_build(&c, &paths, run_launcher_find("none"), name, 1,
					   0, NULL, err, sizeof err), 0);
	/* The fake speaks as the launcher would: only the label style (and for
	 * exec failures the program) are the launcher's. */
	c.launcher = run_launcher_find(launcher);
	if (strcmp(launcher, "mpiexec") == 0 && getenv("HPCTUTOR_MPIEXEC")) {
		free(c.argv[0]);
		c.argv[0] = strdup(getenv("HPCTUTOR_MPIEXEC"));
	}
	r = run_start(&c, opts, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	run_command_free(&c);
	return r;
}

static void wait_end(struct run *r, double limit)
{
	double t0 = run_now();

	while (run_state(r) != RUN_EXITED) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);

		ck_assert_msg(run_now() - t0 < limit, "run did not end in %.0f s", limit);
		poll(fds, n, ms < 0 || ms > 100 ? 100 : ms);
		run_step(r);
	}
}

START_TEST(child_lines_and_results)
{
	struct run_opts o = { 0 };
	struct run *r = start("fake", "printf 'one\\n\\033[1mtwo\\033[0m\\r\\n'; echo err >&2; "
			      "echo '@hpct kernel=fake variant=a seconds=0.5 check=ok'; "
			      "printf 'no newline'; exit 3", "none", &o);
	const struct run_ring *c;
	struct run_result res;
	char why[256];
	bool saw_err = false;

	wait_end(r, 30);
	c = run_combined(r);
	ck_assert_uint_eq(run_ring_count(c), 5);
	for (size_t i = 0; i < run_ring_count(c); i++) {
		const struct run_line *l = run_ring_get(c, i);
		if (l->flags & RUN_LINE_STDERR) {
			ck_assert_str_eq(l->text, "err");
			saw_err = true;
		}
	}
	ck_assert(saw_err);
	ck_assert_int_eq(run_exit_status(r), 3);
	ck_assert_int_eq(run_shell_status(r), 3);
	ck_assert_uint_eq(run_result_count(r), 1);
	ck_assert_int_eq(run_result_take(r, &res), 1);
	ck_assert_str_eq(run_result_get(&res, "variant"), "a");
	run_result_clear(&res);
	ck_assert_int_eq(run_result_take(r, &res), 0);
	ck_assert_uint_eq(run_agg_count(run_results(r)), 1);
	ck_assert_ptr_nonnull(strstr(run_explain(r, why, sizeof why), "exit status 3"));
	run_free(r);
}
END_TEST

START_TEST(child_rank_demux)
{
	struct run_opts o = { .ring_lines = 3 };
	struct run *r = start("ranks", "i=0; while [ $i -lt 10 ]; do echo \"[0] a$i\"; "
			      "echo \"[1] b$i\"; i=$((i+1)); done; echo '[1] @hpct kernel=k rank=5'; "
			      "echo 'launcher says hi'", "mpiexec", &o);
	struct run_result res;

	wait_end(r, 30);
	ck_assert_int_eq(run_max_rank(r), 1);
	ck_assert_uint_eq(run_ring_count(run_rank_ring(r, 0)), 3);
	ck_assert_str_eq(run_ring_get(run_rank_ring(r, 0), 2)->text, "a9");
	ck_assert_str_eq(run_ring_get(run_rank_ring(r, 1), 2)->text, "@hpct kernel=k rank=5");
	ck_assert_int_eq(run_ring_get(run_combined(r), run_ring_count(run_combined(r)) - 1)->rank, -1);
	ck_assert_int_eq(run_result_take(r, &res), 1);
	ck_assert_int_eq(res.rank, 1);   /* the launcher's label wins */
	run_result_clear(&res);
	run_free(r);
}
END_TEST

START_TEST(child_interleaved_pieces)
{
	struct run_opts o = { 0 };
	/* what mpiexec -l makes of a rank 0 line written in two pieces with a
	 * whole line of rank 1 between them, and a line written char by char */
	struct run *r = start("pieces", "printf '[0]  [1] one done\\n[0]        two\\n'; "
			      "printf '[1] a[1] b[1] c\\n'", "mpiexec", &o);

	wait_end(r, 30);
	ck_assert_uint_eq(run_ring_count(run_rank_ring(r, 0)), 1);
	ck_assert_str_eq(run_ring_get(run_rank_ring(r, 0), 0)->text, "        two");
	ck_assert_uint_eq(run_ring_count(run_rank_ring(r, 1)), 2);
	ck_assert_str_eq(run_ring_get(run_rank_ring(r, 1), 0)->text, "one done");
	ck_assert_str_eq(run_ring_get(run_rank_ring(r, 1), 1)->text, "abc");
	run_free(r);
}
END_TEST

START_TEST(child_exec_fails)
{
	struct run_opts o = { 0 };
	struct run *r;
	char why[256];

	setenv("HPCTUTOR_MPIEXEC", "mpiexec.not-installed", 1);
	r = start("x", "exit 0", "mpiexec", &o);
	unsetenv("HPCTUTOR_MPIEXEC");
	wait_end(r, 30);
	ck_assert(run_exec_failed(r));
	ck_assert_int_eq(run_shell_status(r), 127);
	run_explain(r, why, sizeof why);
	ck_assert_msg(strstr(why, "mpiexec.not-installed not found: install mpich or set "
			     "HPCTUTOR_MPIEXEC") != NULL, "%s", why);
	run_free(r);
}
END_TEST

START_TEST(child_crash)
{
	struct run_opts o = { 0 };
	struct run *r = start("crash", "kill -SEGV $$", "none", &o);
	char why[256];

	wait_end(r, 30);
	ck_assert_int_eq(run_exit_signal(r), SIGSEGV);
	ck_assert_int_eq(run_shell_status(r), 128 + SIGSEGV);
	ck_assert_ptr_nonnull(strstr(run_explain(r, why, sizeof why), "segmentation fault"));
	run_free(r);
}
END_TEST

START_TEST(child_stop_escalates)
{
	struct run_opts o = { .grace_int = 0.3, .grace_term = 0.3 };
	/* ignores SIGINT and SIGTERM, and so does its own child */
	struct run *r = start("stubborn", "trap '' INT TERM; (trap '' INT TERM; "
			      "while :; do sleep 1; done) & echo started; while :; do sleep 1; done",
			      "none", &o);
	pid_t pgid = run_pid(r);
	double t0 = run_now();
	char why[256];
	unsigned ev = 0;

	while (run_line_count(r) == 0 && run_now() - t0 < 30) {
		struct pollfd fds[RUN_MAXFDS];
		poll(fds, run_pollfds(r, fds, RUN_MAXFDS), 100);
		run_step(r);
	}
	ck_assert_uint_eq(run_line_count(r), 1);
	run_stop(r);
	ck_assert_int_eq(run_state(r), RUN_STOPPING);
	ck_assert_int_ge(run_timeout_ms(r), 0);
	ck_assert_int_le(run_timeout_ms(r), 400);
	while (run_state(r) != RUN_EXITED) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);
		ck_assert(run_now() - t0 < 30);
		poll(fds, n, ms < 0 ? 100 : ms);
		ev |= run_step(r);
	}
	ck_assert(ev & RUN_EV_EXITED);
	ck_assert_int_eq(run_exit_signal(r), SIGKILL);
	ck_assert(run_was_stopped(r));
	ck_assert_ptr_nonnull(strstr(run_explain(r, why, sizeof why), "stopped"));
	/* nothing of the group is left (killed members may linger a moment
	 * as zombies until init reaps them) */
	t0 = run_now();
	while (kill(-pgid, 0) == 0 && run_now() - t0 < 10)
		usleep(20000);
	ck_assert_int_eq(kill(-pgid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	run_free(r);
}
END_TEST

START_TEST(child_kill_wait_and_hang)
{
	struct run_opts o = { .hang_timeout = 0.3, .grace_int = 0.2, .grace_term = 0.2 };
	struct run *r = start("silent", "echo hi; exec sleep 100", "none", &o);
	unsigned ev = 0;
	double t0 = run_now();

	while (!(ev & RUN_EV_HANG) && run_now() - t0 < 30) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);
		poll(fds, n, ms);
		ev |= run_step(r);
	}
	ck_assert(ev & RUN_EV_HANG);
	ck_assert(run_hung(r));
	ck_assert_int_eq(run_kill_wait(r, 30), 0);
	ck_assert_int_eq(run_state(r), RUN_EXITED);
	ck_assert_int_eq(run_exit_signal(r), SIGINT);
	run_free(r);
}
END_TEST

START_TEST(child_free_while_running)
{
	struct run *r = start("forever", "exec sleep 100", "none", NULL);
	pid_t pid = run_pid(r);

	run_free(r);   /* stops and reaps */
	ck_assert_int_eq(kill(pid, 0), -1);
}
END_TEST

/* ------------------------------------------------------------ the driver */

static int drive(int argc, char **argv)
{
	struct run_command c = { .launcher = run_launcher_find("none") };
	struct run_opts o = { .hang_timeout = -1 };
	struct run *r;
	double stop_after = 0, t, max_step = 0;
	char err[256], why[512];
	size_t bytes = 0;
	struct rusage ru;
	bool hang = false;
	int i;

	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--labels") == 0 && i + 1 < argc)
			c.launcher = run_launcher_find(strcmp(argv[++i], "colon") == 0 ? "srun" : "mpiexec");
		else if (strcmp(argv[i], "--stop-after") == 0 && i + 1 < argc)
			stop_after = atof(argv[++i]);
		else if (strcmp(argv[i], "--hang") == 0 && i + 1 < argc)
			o.hang_timeout = atof(argv[++i]);
	}
	for (i++; i < argc; i++)
		if (run_command_push(&c, argv[i]))
			return 1;
	r = run_start(&c, &o, err, sizeof err);
	if (!r) {
		fprintf(stderr, "test_run: %s\n", err);
		return 1;
	}
	printf("pid=%d\n", (int)run_pid(r));
	fflush(stdout);
	while (run_state(r) != RUN_EXITED) {
		struct pollfd fds[RUN_MAXFDS];
		int n = run_pollfds(r, fds, RUN_MAXFDS), ms = run_timeout_ms(r);
		unsigned ev;

		if (stop_after > 0 && ms > 50)
			ms = 50;
		poll(fds, n, ms);
		t = run_now();
		ev = run_step(r);
		t = run_now() - t;
		if (t > max_step)
			max_step = t;
		if (ev & RUN_EV_HANG)
			hang = true;
		if (stop_after > 0 && run_elapsed(r) >= stop_after && run_state(r) == RUN_RUNNING)
			run_stop(r);
		if (run_ring_bytes(run_combined(r)) > bytes)
			bytes = run_ring_bytes(run_combined(r));
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("lines=%llu\nresults=%zu\nmax_rank=%d\nring_bytes=%zu\nrss_kb=%ld\nstatus=%d\n"
	       "hang=%d\nmax_step_ms=%.1f\nexplain=%s\n", run_line_count(r), run_result_count(r),
	       run_max_rank(r), bytes, ru.ru_maxrss, run_shell_status(r), hang, max_step * 1e3,
	       run_explain(r, why, sizeof why));
	run_free(r);
	run_command_free(&c);
	return 0;
}

int main(int argc, char **argv)
{
	Suite *s;
	TCase *tc;
	SRunner *sr;
	int failed;

	if (argc > 1 && strcmp(argv[1], "--drive") == 0)
		return drive(argc, argv);
	s = suite_create("run");
	tc = tcase_create("text");
	tcase_add_test(tc, sanitize_escapes);
	tcase_add_test(tc, sanitize_utf8);
	tcase_add_test(tc, sanitize_cr_tab);
	tcase_add_test(tc, sanitize_bounded);
	tcase_add_test(tc, ring_bounded);
	tcase_add_test(tc, labels);
	tcase_add_test(tc, label_pieces);
	suite_add_tcase(s, tc);
	tc = tcase_create("results");
	tcase_add_test(tc, logfmt_basic);
	tcase_add_test(tc, logfmt_quotes);
	tcase_add_test(tc, logfmt_garbage);
	tcase_add_test(tc, logfmt_long_line);
	tcase_add_test(tc, aggregate);
	tcase_add_test(tc, aggregate_bounded);
	tcase_add_test(tc, history_append_and_corrupt);
	suite_add_tcase(s, tc);
	tc = tcase_create("launch");
	tcase_add_checked_fixture(tc, setup_kdir, teardown_kdir);
	tcase_add_test(tc, launcher_argv);
	tcase_add_test(tc, launcher_pick);
	tcase_add_test(tc, gpuadd_resolve);
	tcase_add_test(tc, plan);
	tcase_add_test(tc, login_node);
	tcase_add_test(tc, quoting_and_words);
	tcase_add_test(tc, knobs);
	tcase_add_test(tc, child_lines_and_results);
	tcase_add_test(tc, child_rank_demux);
	tcase_add_test(tc, child_interleaved_pieces);
	tcase_add_test(tc, child_exec_fails);
	tcase_add_test(tc, child_crash);
	tcase_add_test(tc, child_stop_escalates);
	tcase_add_test(tc, child_kill_wait_and_hang);
	tcase_add_test(tc, child_free_while_running);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
