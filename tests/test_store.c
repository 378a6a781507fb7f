/*
 * test_store.c — the progress store keeps a learner's place through
 * crashes, cut files and garbage, and writes files atomically.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

static char tmpdir[256];

static void setup(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/test_store.XXXXXX",
		 t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[1024];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void teardown(void)
{
	rm_rf(tmpdir);
}

static char *path_in(const char *name)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ % 4];
	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

START_TEST(atomic_write_replaces_and_leaves_no_temp)
{
	const char *f = path_in("state.txt");
	write_file(f, "old contents that are longer than the new ones\n");
	ck_assert_int_eq(store_write_atomic(f, "new\n", 4), 0);
	ck_assert_str_eq(read_file(f), "new\n");
	ck_assert_int_eq(count_entries(tmpdir), 1);
	/* Writing over it again keeps one file. */
	ck_assert_int_eq(store_write_atomic(f, "", 0), 0);
	ck_assert_str_eq(read_file(f), "");
	ck_assert_int_eq(count_entries(tmpdir), 1);
}
END_TEST

START_TEST(atomic_write_makes_missing_dirs)
{
	const char *f = path_in("a/b/c/progress.txt");
	ck_assert_int_eq(store_write_atomic(f, "x\n", 2), 0);
	ck_assert_str_eq(read_file(f), "x\n");
	struct stat st;
	ck_assert_int_eq(stat(path_in("a/b/c"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 077, 0);   /* private */
}
END_TEST

START_TEST(atomic_write_failure_keeps_old_file)
{
	/* The target's parent is a plain file: no directory, no write, and
	 * the error comes back instead of an exit. */
	const char *blocker = path_in("blocker");
	write_file(blocker, "keep\n");
	errno = 0;
	ck_assert_int_eq(store_write_atomic(path_in("blocker/p.txt"), "x", 1), -1);
	ck_assert_int_ne(errno, 0);
	ck_assert_str_eq(read_file(blocker), "keep\n");
	ck_assert_int_eq(count_entries(tmpdir), 1);
}
END_TEST

START_TEST(state_dir_follows_xdg)
{
	setenv("XDG_STATE_HOME", "/some/state", 1);
	char *d = store_state_dir();
	ck_assert_str_eq(d, "/some/state/hpctutor");
	free(d);
	/* Relative XDG paths are ignored, as the spec says. */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/learner", 1);
	d = store_state_dir();
	ck_assert_str_eq(d, "/home/learner/.local/state/hpctutor");
	free(d);
	unsetenv("XDG_STATE_HOME");
	d = store_state_dir();
	ck_assert_str_eq(d, "/home/learner/.local/state/hpctutor");
	free(d);
}
END_TEST

START_TEST(progress_round_trip)
{
	struct progress *p = progress_new();
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(progress_set_last(p, "02-single-core"), 0);
	ck_assert_int_eq(progress_set_seen(p, "01-intro"), 0);
	ck_assert_int_eq(progress_set_seen(p, "02-single-core"), 0);
	ck_assert_int_eq(progress_set_exercise_done(p, "02-single-core", 0, true), 0);
	ck_assert_int_eq(progress_set_exercise_done(p, "02-single-core", 2, true), 0);
	ck_assert_int_eq(progress_set_exercise_done(p, "02-single-core", 70, true), 0);
	ck_assert_int_eq(progress_set_solution_seen(p, "02-single-core", 1), 0);
	ck_assert_int_eq(progress_set_exercise_done(p, "02-single-core", 1024, true), -1);
	const char *f = path_in("state/progress.txt");
	ck_assert_int_eq(progress_save(p, f), 0);
	progress_free(p);

	ck_assert_str_eq(read_file(f),
		"hpctutor-progress 1\n"
		"last 02-single-core\n"
		"page 01-intro seen\n"
		"page 02-single-core seen exercises=0,2,70 solutions=1\n"
		"end\n");

	char warn[256];
	p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(warn, "");
	ck_assert_str_eq(progress_last(p), "02-single-core");
	ck_assert(progress_seen(p, "01-intro"));
	ck_assert(!progress_seen(p, "03-parallel"));
	ck_assert(progress_exercise_done(p, "02-single-core", 2));
	ck_assert(progress_exercise_done(p, "02-single-core", 70));
	ck_assert(!progress_exercise_done(p, "02-single-core", 1));
	ck_assert_int_eq(progress_exercises_done(p, "02-single-core"), 3);
	ck_assert(progress_solution_seen(p, "02-single-core", 1));
	ck_assert(!progress_solution_seen(p, "01-intro", 1));
	/* Undoing an exercise sticks too. */
	ck_assert_int_eq(progress_set_exercise_done(p, "02-single-core", 2, false), 0);
	ck_assert_int_eq(progress_exercises_done(p, "02-single-core"), 2);
	progress_free(p);
}
END_TEST

START_TEST(progress_missing_file_is_empty_and_quiet)
{
	char warn[256] = "x";
	struct progress *p = progress_load(path_in("nope/progress.txt"), warn,
					   sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(warn, "");
	ck_assert_ptr_null(progress_last(p));
	progress_free(p);
}
END_TEST

START_TEST(progress_truncated_file_keeps_complete_lines)
{
	const char *f = path_in("progress.txt");
	write_file(f, "hpctutor-progress 1\n"
		      "last 03-parallel\n"
		      "page 01-intro seen exercises=1\n"
		      "page 02-single-core seen exerc");
	char warn[256];
	struct progress *p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(warn, "cut short"));
	ck_assert_str_eq(progress_last(p), "03-parallel");
	ck_assert(progress_exercise_done(p, "01-intro", 1));
	/* The cut line is not half-applied. */
	ck_assert(!progress_seen(p, "02-single-core"));
	progress_free(p);

	/* Cut right after a whole line: still missing its end. */
	write_file(f, "hpctutor-progress 1\nlast 01-intro\n");
	p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(strstr(warn, "cut short"));
	ck_assert_str_eq(progress_last(p), "01-intro");
	progress_free(p);

	write_file(f, "");
	p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(strstr(warn, "empty"));
	ck_assert_ptr_null(progress_last(p));
	progress_free(p);
}
END_TEST

START_TEST(progress_garbage_file_is_tolerated)
{
	const char *f = path_in("progress.txt");
	char garbage[3000];
	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (char)((i * 131 + 7) % 256);
	int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, garbage, sizeof garbage), (ssize_t)sizeof garbage);
	close(fd);

	char warn[256];
	struct progress *p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(warn, "not a progress file"));
	ck_assert_ptr_null(progress_last(p));
	progress_free(p);

	/* One damaged line among good ones: the good ones survive. */
	write_file(f, "hpctutor-progress 1\n"
		      "last 02-single-core\n"
		      "page 01-intro seen exercises=1,x\n"
		      "page 02-single-core seen solutions=0\n"
		      "\x01\x02 nonsense\n"
		      "end\n");
	p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(strstr(warn, "line 3"));
	ck_assert_str_eq(progress_last(p), "02-single-core");
	ck_assert(!progress_seen(p, "01-intro"));
	ck_assert(progress_solution_seen(p, "02-single-core", 0));
	progress_free(p);
}
END_TEST

START_TEST(progress_unreadable_file_warns)
{
	if (geteuid() == 0)
		return;   /* root reads anything; the directory case below covers it */
	const char *f = path_in("progress.txt");
	write_file(f, "hpctutor-progress 1\nend\n");
	chmod(f, 0);
	char warn[256];
	struct progress *p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(warn, "not read"));
	progress_free(p);
}
END_TEST

START_TEST(progress_directory_in_the_way_warns)
{
	const char *f = path_in("progress.txt");
	ck_assert_int_eq(mkdir(f, 0700), 0);
	char warn[256];
	struct progress *p = progress_load(f, warn, sizeof warn);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_ne(warn, "");
	/* Saving over a directory fails with an error, not a crash. */
	ck_assert_int_eq(progress_save(p, f), -1);
	progress_free(p);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, atomic_write_replaces_and_leaves_no_temp);
	tcase_add_test(tc, atomic_write_makes_missing_dirs);
	tcase_add_test(tc, atomic_write_failure_keeps_old_file);
	tcase_add_test(tc, state_dir_follows_xdg);
	tcase_add_test(tc, progress_round_trip);
	tcase_add_test(tc, progress_missing_file_is_empty_and_quiet);
	tcase_add_test(tc, progress_truncated_file_keeps_complete_lines);
	tcase_add_test(tc, progress_garbage_file_is_tolerated);
	tcase_add_test(tc, progress_unreadable_file_warns);
	tcase_add_test(tc, progress_directory_in_the_way_warns);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
