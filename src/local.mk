# The hpctutor program: the command line and the batch commands.
bin_PROGRAMS += src/hpctutor
src_hpctutor_SOURCES = src/main.c src/commands.c src/commands.h src/paths.h \
	src/config.c src/config.h
src_hpctutor_CPPFLAGS = $(AM_CPPFLAGS) -DHPCT_BUILD_EXE='"$(abs_top_builddir)/src/hpctutor"' \
	-DHPCT_SRCDIR='"$(abs_top_srcdir)"' -DHPCT_BUILDDIR='"$(abs_top_builddir)"'
src_hpctutor_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(MD4C_CFLAGS)
# Static libraries in dependency order: users before what they use.
src_hpctutor_LDADD = src/tui/libtui.a src/run/librun.a src/layout/liblayout.a \
	src/lesson/liblesson.a src/store/libstore.a \
	$(NCURSES_LIBS) $(MD4C_LIBS) $(UNISTRING_LIBS) $(LIBS) -lm

TESTS += tests/config.sh
EXTRA_DIST += tests/config.sh
