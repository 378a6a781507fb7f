# The hpctutor program: the command line and the batch commands.
bin_PROGRAMS += src/hpctutor
src_hpctutor_SOURCES = src/main.c
src_hpctutor_CPPFLAGS = $(AM_CPPFLAGS) -DHPCT_BUILD_EXE='"$(abs_top_builddir)/src/hpctutor"' \
	-DHPCT_SRCDIR='"$(abs_top_srcdir)"' -DHPCT_BUILDDIR='"$(abs_top_builddir)"'
src_hpctutor_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(MD4C_CFLAGS)
src_hpctutor_LDADD = $(HPCT_TUI_LIBS) $(HPCT_LIBS) $(NCURSES_LIBS) $(MD4C_LIBS) $(UNISTRING_LIBS) $(LIBS)
