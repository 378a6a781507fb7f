/* result.c - the machine-readable result line, logfmt style:
 *     @hpct kernel=sum variant=loop n=10000000 seconds=0.0098 check=ok
 * one per measurement, written whole and flushed at once so that a reader
 * on a pipe sees it as soon as it is measured. */
#include "hpct.h"

#include <stdio.h>
#include <string.h>

static void hpct_result_append(struct hpct_result *r, const char *text)
{
	size_t n = strlen(text);
	if (r->len + n >= sizeof r->buf)
		n = sizeof r->buf - 1 - r->len;
	memcpy(r->buf + r->len, text, n);
	r->len += n;
	r->buf[r->len] = '\0';
}

void hpct_result_begin(struct hpct_result *r, const char *kernel)
{
	r->len = 0;
	r->buf[0] = '\0';
	hpct_result_append(r, "@hpct kernel=");
	hpct_result_append(r, kernel);
}

void hpct_result_str(struct hpct_result *r, const char *key, const char *value)
{
	int quote = *value == '\0' || strpbrk(value, " \t\"=\\") != NULL;
	hpct_result_append(r, " ");
	hpct_result_append(r, key);
	hpct_result_append(r, quote ? "=\"" : "=");
	for (const char *p = value; *p; p++) {
		char c[3] = { *p, 0, 0 };
		if (*p == '"' || *p == '\\') {
			c[0] = '\\';
			c[1] = *p;
		} else if ((unsigned char)*p < 0x20) {
			c[0] = ' ';
		}
		hpct_result_append(r, c);
	}
	if (quote)
		hpct_result_append(r, "\"");
}

void hpct_result_u64(struct hpct_result *r, const char *key, uint64_t value)
{
	char t[32];
	snprintf(t, sizeof t, "%llu", (unsigned long long)value);
	hpct_result_str(r, key, t);
}

void hpct_result_int(struct hpct_result *r, const char *key, long value)
{
	char t[32];
	snprintf(t, sizeof t, "%ld", value);
	hpct_result_str(r, key, t);
}

void hpct_result_dbl(struct hpct_result *r, const char *key, double value, int digits)
{
	char t[48];
	snprintf(t, sizeof t, "%.*g", digits > 0 ? digits : 6, value);
	hpct_result_str(r, key, t);
}

void hpct_result_end(struct hpct_result *r)
{
	hpct_result_append(r, "\n");
	fputs(r->buf, stdout);
	fflush(stdout);
}
