# src/layout: a lesson page and a width to styled lines (pure, no curses).
noinst_LIBRARIES += src/layout/liblayout.a
src_layout_liblayout_a_SOURCES = \
	src/layout/layout.h src/layout/internal.h \
	src/layout/build.c src/layout/wrap.c src/layout/highlight.c \
	src/layout/code.c src/layout/table.c src/layout/layout.c
HPCT_LIBS += src/layout/liblayout.a

if HAVE_CHECK
check_PROGRAMS += tests/test_layout
TESTS += tests/test_layout
tests_test_layout_SOURCES = tests/test_layout.c tests/layout_fixture.c \
	tests/layout_fixture.h
tests_test_layout_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_test_layout_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(MD4C_CFLAGS)
tests_test_layout_LDADD = src/layout/liblayout.a src/lesson/liblesson.a src/store/libstore.a \
	$(CHECK_LIBS) $(MD4C_LIBS) $(UNISTRING_LIBS)
endif

# make bench: how long a layout takes (tests/bench-layout.sh prints it).
check_PROGRAMS += tests/bench_layout
tests_bench_layout_SOURCES = tests/bench_layout.c
tests_bench_layout_CFLAGS = $(AM_CFLAGS) -O2
tests_bench_layout_LDADD = src/layout/liblayout.a src/lesson/liblesson.a src/store/libstore.a \
	$(MD4C_LIBS) $(UNISTRING_LIBS)
BENCH_TARGETS += tests/bench_layout
EXTRA_DIST += tests/bench-layout.sh
