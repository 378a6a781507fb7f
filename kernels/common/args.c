/* args.c - the knob parser every kernel uses: a table of options becomes
 * getopt_long's table, --help is generated from the same rows, and every
 * value is checked against its range before the kernel runs. */
#include "hpct.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char hpct_name[64] = "hpct";
static char hpct_outbuf[8192], hpct_errbuf[4096];

const char *hpct_progname(void)
{
	return hpct_name;
}

/* "hpct-NAME: message" on stderr, after whatever stdout still holds. */
static __attribute__((format(printf, 1, 0))) void hpct_vsay(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", hpct_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void hpct_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hpct_vsay(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help'.\n", hpct_name);
	exit(HPCT_EXIT_USAGE);
}

void hpct_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hpct_vsay(fmt, ap);
	va_end(ap);
	exit(HPCT_EXIT_FAIL);
}

/* Say which signal stopped the kernel, then die by it so that the parent
 * sees the real cause. Only async-signal-safe calls here. */
static void hpct_on_signal(int sig)
{
	char msg[128];
	size_t len = 0;
	const char *what = sig == SIGINT ? ": interrupted\n" : ": terminated\n";
	for (const char *p = hpct_name; *p && len < 64; p++)
		msg[len++] = *p;
	for (const char *p = what; *p; p++)
		msg[len++] = *p;
	if (write(STDERR_FILENO, msg, len) < 0) {
		/* nothing more can be done in a handler */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void hpct_init(const char *name)
{
	struct sigaction sa;
	if (name)
		snprintf(hpct_name, sizeof hpct_name, "hpct-%s", name);
	/* Line buffered even into a pipe: the tutor streams what we print, a
	 * line at a time. The buffers are given explicitly: an MPI library may
	 * have made stdout unbuffered, and glibc would then keep its one-byte
	 * buffer, writing every line in fragments that the launcher
	 * interleaves with other ranks' output. */
	setvbuf(stdout, hpct_outbuf, _IOLBF, sizeof hpct_outbuf);
	setvbuf(stderr, hpct_errbuf, _IOLBF, sizeof hpct_errbuf);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = hpct_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ------------------------------------------------------------ sizes */

struct hpct_suffix {
	const char *text;
	uint64_t mult;
};

/* Suffixes after the number, matched exactly. */
static const struct hpct_suffix hpct_suffixes[] = {
	{ "Ki", 1ULL << 10 }, { "Mi", 1ULL << 20 }, { "Gi", 1ULL << 30 }, { "Ti", 1ULL << 40 },
	{ "K", 1000ULL }, { "k", 1000ULL }, { "M", 1000000ULL }, { "G", 1000000000ULL },
	{ "T", 1000000000000ULL }, { "", 1 },
};

int hpct_parse_size(const char *text, uint64_t *out, const char **why)
{
	char *end;
	double v;
	uint64_t mult = 0;

	if (!text || !*text) {
		*why = "empty size";
		return -1;
	}
	if (text[0] == '-') {
		*why = "a size cannot be negative";
		return -1;
	}
	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno == ERANGE || !isfinite(v)) {
		*why = "not a number (try 10M, 1e7 or 10000000)";
		return -1;
	}
	/* strtod also accepts hex floats, inf and nan: keep to plain decimals. */
	for (const char *p = text; p < end; p++) {
		if (!strchr("0123456789.eE+-", *p)) {
			*why = "not a number (try 10M, 1e7 or 10000000)";
			return -1;
		}
	}
	/* An optional trailing B: 4MiB, 64KB. */
	{
		char suf[8];
		size_t sl = strlen(end);
		if (sl >= sizeof suf) {
			*why = "unknown suffix (use K, M, G, T or Ki, Mi, Gi, Ti)";
			return -1;
		}
		memcpy(suf, end, sl + 1);
		if (sl && suf[sl - 1] == 'B')
			suf[sl - 1] = '\0';
		for (size_t i = 0; i < sizeof hpct_suffixes / sizeof hpct_suffixes[0]; i++) {
			if (strcmp(suf, hpct_suffixes[i].text) == 0) {
				mult = hpct_suffixes[i].mult;
				break;
			}
		}
	}
	if (!mult) {
		*why = "unknown suffix (use K, M, G, T or Ki, Mi, Gi, Ti)";
		return -1;
	}
	v *= (double)mult;
	if (v >= 18446744073709549568.0) {
		*why = "too large";
		return -1;
	}
	if (v != floor(v)) {
		*why = "not a whole number";
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

int hpct_parse_sizes(const char *text, struct hpct_list *out, const char **why)
{
	char buf[512];
	char *save = NULL;

	out->len = 0;
	if (!text || !*text || strlen(text) >= sizeof buf) {
		*why = text && *text ? "list too long" : "empty list";
		return -1;
	}
	strcpy(buf, text);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint64_t lo, hi;
		char *dash = strchr(tok + 1, '-');
		if (dash) {
			*dash = '\0';
			if (hpct_parse_size(tok, &lo, why) || hpct_parse_size(dash + 1, &hi, why))
				return -1;
			if (hi < lo) {
				*why = "a range must go upwards (A-B with A <= B)";
				return -1;
			}
		} else {
			if (hpct_parse_size(tok, &lo, why))
				return -1;
			hi = lo;
		}
		for (uint64_t v = lo; v <= hi; v++) {
			if (out->len == HPCT_LIST_MAX) {
				*why = "too many values (at most 64)";
				return -1;
			}
			out->v[out->len++] = v;
		}
	}
	if (!out->len) {
		*why = "empty list";
		return -1;
	}
	return 0;
}

void hpct_format_size(uint64_t v, char *buf, size_t len)
{
	static const struct hpct_suffix fmt[] = {
		{ "Ti", 1ULL << 40 }, { "T", 1000000000000ULL }, { "Gi", 1ULL << 30 },
		{ "G", 1000000000ULL }, { "Mi", 1ULL << 20 }, { "M", 1000000ULL },
		{ "Ki", 1ULL << 10 }, { "K", 1000ULL },
	};
	for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
		if (v && v % fmt[i].mult == 0) {
			snprintf(buf, len, "%llu%s", (unsigned long long)(v / fmt[i].mult), fmt[i].text);
			return;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* ------------------------------------------------------------ the parser */

static const char *const hpct_type_meta[] = {
	[HPCT_OPT_FLAG] = "", [HPCT_OPT_SIZE] = "N", [HPCT_OPT_INT] = "K",
	[HPCT_OPT_DOUBLE] = "X", [HPCT_OPT_CHOICE] = "WORD", [HPCT_OPT_SIZES] = "LIST",
	[HPCT_OPT_STRING] = "TEXT",
};

static void hpct_help(const struct hpct_prog *prog)
{
	printf("Usage: %s [OPTION]...\n%s\n", hpct_name, prog->summary);
	if (prog->description)
		printf("\n%s\n", prog->description);
	printf("\nOptions:\n");
	for (size_t i = 0; i < prog->nopts; i++) {
		const struct hpct_opt *o = &prog->opts[i];
		char left[64];
		const char *meta = o->metavar ? o->metavar : hpct_type_meta[o->type];
		snprintf(left, sizeof left, "--%s%s%s", o->name, *meta ? " " : "", meta);
		printf("  %-24s %s\n", left, o->help);
		if (o->type == HPCT_OPT_CHOICE) {
			printf("  %-24s one of:", "");
			for (const char *const *c = o->choices; *c; c++)
				printf(" %s", *c);
			printf("\n");
		}
	}
	printf("  %-24s %s\n", "--help", "show this help and exit");
	printf("  %-24s %s\n", "--version", "show the version and exit");
	printf("\nSizes may be written 10000000, 1e7 or 10M (K M G T = powers of 1000,\n"
	       "Ki Mi Gi Ti = powers of 1024). Every measurement also prints a line\n"
	       "'@hpct kernel=... key=value ...' for the tutor. Exit status: 0 ok,\n"
	       "1 a result failed its check, 2 a wrong option.\n");
	printf("\nReport bugs to: %s\n", PACKAGE_BUGREPORT);
}

static void hpct_check_range(const struct hpct_opt *o, double v, const char *text)
{
	if (v < o->min || v > o->max) {
		char lo[32], hi[32];
		if (o->type == HPCT_OPT_DOUBLE) {
			snprintf(lo, sizeof lo, "%g", o->min);
			snprintf(hi, sizeof hi, "%g", o->max);
		} else {
			hpct_format_size((uint64_t)o->min, lo, sizeof lo);
			hpct_format_size((uint64_t)o->max, hi, sizeof hi);
		}
		hpct_usage_error("--%s: '%s' is out of range (%s to %s)", o->name, text, lo, hi);
	}
}

static void hpct_set(const struct hpct_opt *o, const char *arg)
{
	const char *why = NULL;
	uint64_t u;
	char *end;

	switch (o->type) {
	case HPCT_OPT_FLAG:
		*(int *)o->ptr = 1;
		return;
	case HPCT_OPT_SIZE:
		if (hpct_parse_size(arg, &u, &why))
			hpct_usage_error("--%s: '%s': %s", o->name, arg, why);
		hpct_check_range(o, (double)u, arg);
		*(uint64_t *)o->ptr = u;
		return;
	case HPCT_OPT_INT: {
		long v;
		errno = 0;
		v = strtol(arg, &end, 10);
		if (end == arg || *end || errno)
			hpct_usage_error("--%s: '%s' is not a whole number", o->name, arg);
		hpct_check_range(o, (double)v, arg);
		*(long *)o->ptr = v;
		return;
	}
	case HPCT_OPT_DOUBLE: {
		double v;
		errno = 0;
		v = strtod(arg, &end);
		if (end == arg || *end || errno || !isfinite(v))
			hpct_usage_error("--%s: '%s' is not a number", o->name, arg);
		hpct_check_range(o, v, arg);
		*(double *)o->ptr = v;
		return;
	}
	case HPCT_OPT_CHOICE:
		for (int i = 0; o->choices[i]; i++) {
			if (strcmp(arg, o->choices[i]) == 0) {
				*(int *)o->ptr = i;
				return;
			}
		}
		{
			char list[256] = "";
			for (int i = 0; o->choices[i]; i++) {
				strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
				strncat(list, o->choices[i], sizeof list - strlen(list) - 1);
			}
			hpct_usage_error("--%s: unknown value '%s' (choose %s)", o->name, arg, list);
		}
	case HPCT_OPT_SIZES: {
		struct hpct_list *l = o->ptr;
		if (hpct_parse_sizes(arg, l, &why))
			hpct_usage_error("--%s: '%s': %s", o->name, arg, why);
		for (size_t i = 0; i < l->len; i++) {
			char t[32];
			snprintf(t, sizeof t, "%llu", (unsigned long long)l->v[i]);
			hpct_check_range(o, (double)l->v[i], t);
		}
		return;
	}
	case HPCT_OPT_STRING:
		*(const char **)o->ptr = arg;
		return;
	}
}

void hpct_parse(const struct hpct_prog *prog, int argc, char **argv)
{
	struct option *lo;
	int c;

	hpct_init(prog->name);
	lo = calloc(prog->nopts + 3, sizeof *lo);
	if (!lo)
		hpct_die("out of memory parsing options");
	for (size_t i = 0; i < prog->nopts; i++) {
		lo[i].name = prog->opts[i].name;
		lo[i].has_arg = prog->opts[i].type == HPCT_OPT_FLAG ? no_argument : required_argument;
		lo[i].val = 256 + (int)i;
	}
	lo[prog->nopts].name = "help";
	lo[prog->nopts].val = 'h';
	lo[prog->nopts + 1].name = "version";
	lo[prog->nopts + 1].val = 'V';
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", lo, NULL)) != -1) {
		if (c == 'h') {
			hpct_help(prog);
			free(lo);
			exit(0);
		}
		if (c == 'V') {
			printf("%s (%s) %s\n", hpct_name, PACKAGE_NAME, PACKAGE_VERSION);
			free(lo);
			exit(0);
		}
		if (c == ':')
			hpct_usage_error("option '%s' needs a value", argv[optind - 1]);
		if (c == '?')
			hpct_usage_error("unknown option '%s'", argv[optind - 1]);
		hpct_set(&prog->opts[c - 256], optarg);
	}
	free(lo);
	if (optind < argc)
		hpct_usage_error("unexpected argument '%s'", argv[optind]);
}
