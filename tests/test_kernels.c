/*
 * test_kernels.c - the kernels' common module: sizes in every spelling a
 * lesson uses, lists and ranges of worker counts, the statistics of
 * repeats, and the result-line writer whose lines the tutor parses.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "../kernels/common/hpct.h"

static uint64_t size_ok(const char *text)
{
	uint64_t v = 0;
	const char *why = NULL;
	ck_assert_msg(hpct_parse_size(text, &v, &why) == 0, "'%s' refused: %s", text, why);
	return v;
}

static const char *size_bad(const char *text)
{
	uint64_t v = 0;
	const char *why = NULL;
	ck_assert_msg(hpct_parse_size(text, &v, &why) != 0, "'%s' accepted as %llu", text,
		      (unsigned long long)v);
	ck_assert_ptr_nonnull(why);
	return why;
}

START_TEST(sizes_three_spellings)
{
	ck_assert_uint_eq(size_ok("10000000"), 10000000);
	ck_assert_uint_eq(size_ok("1e7"), 10000000);
	ck_assert_uint_eq(size_ok("10M"), 10000000);
	ck_assert_uint_eq(size_ok("2.5e6"), 2500000);
	ck_assert_uint_eq(size_ok("0.5K"), 500);
	ck_assert_uint_eq(size_ok("4Ki"), 4096);
	ck_assert_uint_eq(size_ok("4MiB"), 4194304);
	ck_assert_uint_eq(size_ok("64KB"), 64000);
	ck_assert_uint_eq(size_ok("2G"), 2000000000ULL);
	ck_assert_uint_eq(size_ok("1Ti"), 1ULL << 40);
	ck_assert_uint_eq(size_ok("0"), 0);
}
END_TEST

START_TEST(sizes_refused)
{
	ck_assert_str_eq(size_bad("-5"), "a size cannot be negative");
	ck_assert_ptr_nonnull(strstr(size_bad("lots"), "not a number"));
	ck_assert_ptr_nonnull(strstr(size_bad("0x10"), "not a number"));
	ck_assert_ptr_nonnull(strstr(size_bad("inf"), "not a number"));
	ck_assert_ptr_nonnull(strstr(size_bad("nan"), "not a number"));
	ck_assert_str_eq(size_bad("1.5"), "not a whole number");
	ck_assert_str_eq(size_bad("1.0001K"), "not a whole number");
	ck_assert_ptr_nonnull(strstr(size_bad("10X"), "unknown suffix"));
	ck_assert_ptr_nonnull(strstr(size_bad("10 M"), "unknown suffix"));
	ck_assert_str_eq(size_bad("1e30"), "too large");
	ck_assert_str_eq(size_bad(""), "empty size");
}
END_TEST

START_TEST(lists_and_ranges)
{
	struct hpct_list l;
	const char *why = NULL;
	ck_assert_int_eq(hpct_parse_sizes("1-4", &l, &why), 0);
	ck_assert_uint_eq(l.len, 4);
	ck_assert_uint_eq(l.v[0], 1);
	ck_assert_uint_eq(l.v[3], 4);
	ck_assert_int_eq(hpct_parse_sizes("8,4Ki,1-2", &l, &why), 0);
	ck_assert_uint_eq(l.len, 4);
	ck_assert_uint_eq(l.v[1], 4096);
	ck_assert_uint_eq(l.v[3], 2);
	ck_assert_int_ne(hpct_parse_sizes("4-1", &l, &why), 0);
	ck_assert_ptr_nonnull(strstr(why, "upwards"));
	ck_assert_int_ne(hpct_parse_sizes("1-100", &l, &why), 0);
	ck_assert_ptr_nonnull(strstr(why, "too many"));
	ck_assert_int_ne(hpct_parse_sizes("2,x", &l, &why), 0);
	ck_assert_int_ne(hpct_parse_sizes("", &l, &why), 0);
}
END_TEST

START_TEST(format_sizes)
{
	char b[32];
	hpct_format_size(10000000, b, sizeof b);
	ck_assert_str_eq(b, "10M");
	hpct_format_size(4194304, b, sizeof b);
	ck_assert_str_eq(b, "4Mi");
	hpct_format_size(1234, b, sizeof b);
	ck_assert_str_eq(b, "1234");
	hpct_format_size(0, b, sizeof b);
	ck_assert_str_eq(b, "0");
}
END_TEST

START_TEST(stats_best_and_median)
{
	const double odd[] = { 3, 1, 2, 9, 5 }, even[] = { 4, 1, 3, 2 };
	struct hpct_stats s = hpct_stats(odd, 5);
	ck_assert(s.best == 1 && s.median == 3 && s.mean == 4);
	s = hpct_stats(even, 4);
	ck_assert(s.best == 1 && s.median == 2.5);
	ck_assert(odd[0] == 3); /* the samples are left as they were */
	s = hpct_stats(odd, 0);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

START_TEST(stats_every_sample)
{
	double many[300];
	struct hpct_stats s;
	for (int i = 0; i < 300; i++)
		many[i] = 300 - i; /* the best comes last */
	s = hpct_stats(many, 300);
	ck_assert_uint_eq(s.n, 300);
	ck_assert(s.best == 1 && s.median == 150.5 && s.mean == 150.5);
}
END_TEST

START_TEST(result_line_logfmt)
{
	struct hpct_result r;
	hpct_result_begin(&r, "sum");
	hpct_result_str(&r, "variant", "blas");
	hpct_result_u64(&r, "n", 10000000);
	hpct_result_int(&r, "rank", -1);
	hpct_result_dbl(&r, "seconds", 0.00601234567, 4);
	hpct_result_str(&r, "host", "node 7 \"b\"");
	hpct_result_str(&r, "empty", "");
	ck_assert_str_eq(r.buf, "@hpct kernel=sum variant=blas n=10000000 rank=-1 seconds=0.006012 "
				"host=\"node 7 \\\"b\\\"\" empty=\"\"");
}
END_TEST

START_TEST(result_line_bounded)
{
	struct hpct_result r;
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	hpct_result_begin(&r, "sum");
	hpct_result_str(&r, "text", big);
	ck_assert_uint_lt(strlen(r.buf), sizeof r.buf);
	ck_assert_uint_eq(r.len, strlen(r.buf));
}
END_TEST

START_TEST(cores_and_memory)
{
	FILE *f = fopen("/proc/meminfo", "r");
	ck_assert_int_ge(hpct_cores(), 1);
	if (f) {
		fclose(f);
		ck_assert_uint_gt(hpct_mem_available(), 1 << 20);
	}
	ck_assert(hpct_now() > 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kernels-common");
	TCase *tc = tcase_create("common");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, sizes_three_spellings);
	tcase_add_test(tc, sizes_refused);
	tcase_add_test(tc, lists_and_ranges);
	tcase_add_test(tc, format_sizes);
	tcase_add_test(tc, stats_best_and_median);
	tcase_add_test(tc, stats_every_sample);
	tcase_add_test(tc, result_line_logfmt);
	tcase_add_test(tc, result_line_bounded);
	tcase_add_test(tc, cores_and_memory);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
