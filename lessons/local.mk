# The shipped lessons, one episode per file, and the tests that run the
# code in them and lint them.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = \
	lessons/00-setup.md lessons/01-intro.md lessons/02-single-core.md \
	lessons/03-parallel.md lessons/04-hybrid.md \
	lessons/05-python-hpc.md lessons/06-mpi4py.md \
	lessons/07-instructor-guide.md lessons/08-quick-reference.md \
	lessons/09-licence.md
TESTS += tests/lesson-snippets.sh tests/lesson-lint.sh
EXTRA_DIST += tests/lesson-snippets.sh tests/lesson-lint.sh tests/snippets.py
