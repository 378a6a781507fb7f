# src/lesson: lesson files to the Lesson model (md4c + libunistring).
LESSON_SRC = src/lesson/lesson.h src/lesson/internal.h \
	src/lesson/lesson.c src/lesson/text.c src/lesson/prepass.c \
	src/lesson/parse.c src/lesson/directive.c src/lesson/csv.c \
	src/lesson/set.c

noinst_LIBRARIES += src/lesson/liblesson.a
src_lesson_liblesson_a_SOURCES = $(LESSON_SRC)
src_lesson_liblesson_a_CFLAGS = $(AM_CFLAGS) $(MD4C_CFLAGS)
HPCT_LIBS += src/lesson/liblesson.a

if HAVE_CHECK
check_PROGRAMS += tests/test_lesson
TESTS += tests/test_lesson
tests_test_lesson_SOURCES = tests/test_lesson.c
tests_test_lesson_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(MD4C_CFLAGS)
tests_test_lesson_LDADD = src/lesson/liblesson.a src/store/libstore.a $(CHECK_LIBS) \
	$(MD4C_LIBS) $(UNISTRING_LIBS)
endif

# make fuzz: the parser under libFuzzer (clang only), run for a bounded
# time on a corpus seeded from the shipped lessons and the test pages.
# Not part of make check: it is slow by design.
EXTRA_DIST += tests/fuzz_lesson.c tests/data/lesson/sphinx-lesson.md \
	tests/data/lesson/malformed.md \
	tests/data/lesson/fuzz.dict
LESSON_FUZZ_SRC = $(top_srcdir)/src/lesson/lesson.c \
	$(top_srcdir)/src/lesson/text.c $(top_srcdir)/src/lesson/prepass.c \
	$(top_srcdir)/src/lesson/parse.c $(top_srcdir)/src/lesson/directive.c \
	$(top_srcdir)/src/lesson/csv.c $(top_srcdir)/src/lesson/set.c \
	$(top_srcdir)/src/store/store.c
FUZZ_LESSON_TIME = 30
FUZZ_LESSON_FLAGS = -max_total_time=$(FUZZ_LESSON_TIME) -rss_limit_mb=2048 \
	-timeout=30 -max_len=8192 -artifact_prefix=tests/fuzz_lesson- \
	-dict=$(top_srcdir)/tests/data/lesson/fuzz.dict
if HAVE_CLANG
FUZZ_TARGETS += tests/fuzz_lesson
CLEANFILES += tests/fuzz_lesson
tests/fuzz_lesson: $(top_srcdir)/tests/fuzz_lesson.c $(LESSON_FUZZ_SRC) \
		$(top_srcdir)/src/lesson/lesson.h $(top_srcdir)/src/lesson/internal.h
	$(AM_V_CCLD)$(MKDIR_P) tests && $(CLANG) -std=gnu11 -g -O1 \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -include $(top_builddir)/config.h -I$(top_srcdir)/src $(MD4C_CFLAGS) \
	  -o $@ $(top_srcdir)/tests/fuzz_lesson.c \
	  $(LESSON_FUZZ_SRC) \
	  $(MD4C_LIBS) $(UNISTRING_LIBS)

fuzz-lesson: tests/fuzz_lesson
	@$(MKDIR_P) tests/fuzz_lesson.corpus
	@for f in $(top_srcdir)/lessons/*.md $(top_srcdir)/tests/data/lesson/*.md; do \
	  test -f "$$f" && cp "$$f" tests/fuzz_lesson.corpus/seed-`basename "$$f"`; \
	done; true
	./tests/fuzz_lesson $(FUZZ_LESSON_FLAGS) tests/fuzz_lesson.corpus

clean-local: clean-fuzz-lesson
clean-fuzz-lesson:
	rm -rf tests/fuzz_lesson.corpus tests/fuzz_lesson-crash-* \
	  tests/fuzz_lesson-timeout-* tests/fuzz_lesson-oom-* \
	  tests/fuzz_lesson-leak-* tests/fuzz_lesson-slow-unit-*
else
fuzz-lesson:
	@echo "fuzz-lesson: skipped, clang was not found by configure"
endif
fuzz: fuzz-lesson
.PHONY: fuzz-lesson clean-fuzz-lesson
