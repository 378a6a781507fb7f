# src/run: spawning kernels through launchers, reading their output,
# stopping them; results.csv; the batch commands run, doctor, results.
noinst_LIBRARIES += src/run/librun.a
src_run_librun_a_SOURCES = \
	src/run/text.c src/run/text.h \
	src/run/result.c src/run/result.h \
	src/run/launcher.c src/run/launcher.h \
	src/run/kernels.c src/run/kernels.h \
	src/run/proc.c src/run/proc.h src/run/tree.c src/run/explain.c src/run/run.h \
	src/run/history.c src/run/history.h \
	src/run/plan.c src/run/plan.h \
	src/run/format.c src/run/format.h src/run/commands.h \
	src/run/cmd_run.c src/run/cmd_doctor.c src/run/cmd_results.c
HPCT_LIBS += src/run/librun.a

if HAVE_CHECK
check_PROGRAMS += tests/test_run
TESTS += tests/test_run
tests_test_run_SOURCES = tests/test_run.c
tests_test_run_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_run_LDADD = src/run/librun.a $(CHECK_LIBS) -lm
endif

TESTS += tests/run-flood.sh tests/run-stop.sh tests/run-kernels.sh tests/run-doctor.sh \
	tests/run-srun.sh tests/run-status.sh
EXTRA_DIST += tests/run-flood.sh tests/run-stop.sh tests/run-kernels.sh tests/run-doctor.sh \
	tests/run-srun.sh tests/run-status.sh
EXTRA_DIST += tests/bench-run.sh
