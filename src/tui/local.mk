# src/tui: the ncurses tutor (pager, contents, search, help). The only
# area that includes curses.
noinst_LIBRARIES += src/tui/libtui.a
src_tui_libtui_a_SOURCES = src/tui/tui.h src/tui/app.h src/tui/app.c \
	src/tui/crt.c src/tui/signal.c src/tui/pager.c src/tui/keys.c \
	src/tui/toc.c src/tui/search.c src/tui/live.h src/tui/live.c \
	src/tui/pane.c src/tui/results.c src/tui/chart.c src/tui/form.c
src_tui_libtui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
HPCT_TUI_LIBS += src/tui/libtui.a


# Terminal tests: the real binary in tmux (each skips without tmux).
TUI_TESTS = tests/tui-start.sh tests/tui-toc.sh tests/tui-search.sh \
	tests/tui-solution.sh tests/tui-resize.sh tests/tui-small.sh \
	tests/tui-quit.sh tests/tui-sighup.sh tests/tui-lessons.sh \
	tests/tui-nocolor.sh
# Live runs from a page: real kernels, real mpiexec, a private slurmd.
TUI_TESTS += tests/tui-run-sum.sh tests/tui-run-ring.sh tests/tui-run-deadlock.sh \
	tests/tui-run-sighup.sh tests/tui-run-flood.sh tests/slurm-ring.sh
TESTS += $(TUI_TESTS)
EXTRA_DIST += $(TUI_TESTS) tests/tui-lib.sh tests/bench-tui.sh \
	tests/tui-run-lib.sh tests/bench-tui-run.sh \
	tests/data/tui/10-reading.md tests/data/tui/11-wide.md \
	tests/data/tui/12-later.md
