# src/lesson: lesson files to the Lesson model (md4c + libunistring).
LESSON_SOURCES = src/lesson/lesson.h src/lesson/internal.h \
	src/lesson/lesson.c src/lesson/text.c src/lesson/prepass.c \
	src/lesson/parse.c src/lesson/directive.c src/lesson/csv.c \
	src/lesson/set.c

noinst_LIBRARIES += src/lesson/liblesson.a
src_lesson_liblesson_a_SOURCES = $(LESSON_SOURCES)
src_lesson_liblesson_a_CFLAGS = $(AM_CFLAGS) $(MD4C_CFLAGS)
HPCT_LIBS += src/lesson/liblesson.a

if HAVE_CHECK
check_PROGRAMS += tests/test_lesson
TESTS += tests/test_lesson
tests_test_lesson_SOURCES = tests/test_lesson.c
tests_test_lesson_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(MD4C_CFLAGS)
tests_test_lesson_LDADD = src/lesson/liblesson.a $(CHECK_LIBS) \
	$(MD4C_LIBS) $(UNISTRING_LIBS)
endif
