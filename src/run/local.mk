# src/run: spawning kernels through launchers, reading their output,
# stopping them; results.csv; the batch commands run, doctor, results.
noinst_LIBRARIES += src/run/librun.a
src_run_librun_a_SOURCES = \
	src/run/text.c src/run/text.h \
	src/run/result.c src/run/result.h \
	src/run/launcher.c src/run/launcher.h \
	src/run/kernels.c src/run/kernels.h \
	src/run/proc.c src/run/proc.h src/run/explain.c src/run/run.h \
	src/run/history.c src/run/history.h
HPCT_LIBS += src/run/librun.a
