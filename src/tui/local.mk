# src/tui: the ncurses tutor (pager, contents, search, help). The only
# area that includes curses.
noinst_LIBRARIES += src/tui/libtui.a
src_tui_libtui_a_SOURCES = src/tui/tui.h src/tui/app.h src/tui/app.c \
	src/tui/crt.c src/tui/signal.c src/tui/pager.c src/tui/keys.c \
	src/tui/toc.c src/tui/search.c
src_tui_libtui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
HPCT_TUI_LIBS += src/tui/libtui.a

