# src/store: progress and results under the XDG state directory, written
# atomically. Pure C, no curses.
noinst_LIBRARIES += src/store/libstore.a
src_store_libstore_a_SOURCES = src/store/store.h src/store/store.c \
	src/store/progress.c
HPCT_LIBS += src/store/libstore.a

if HAVE_CHECK
check_PROGRAMS += tests/test_store
TESTS += tests/test_store
tests_test_store_SOURCES = tests/test_store.c
tests_test_store_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_store_LDADD = src/store/libstore.a $(CHECK_LIBS)
endif
