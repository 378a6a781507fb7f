/*
 * format.c — figures and strings for the batch commands' output.
 */
#include <math.h>
#include <string.h>

#include "run/format.h"

int run_format_parse(const char *name, enum run_format *out)
{
	static const struct { const char *name; enum run_format f; } formats[] = {
		{ "table", RUN_FMT_TABLE }, { "csv", RUN_FMT_CSV }, { "json", RUN_FMT_JSON },
	};

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(formats[i].name, name) == 0) {
			*out = formats[i].f;
			return 0;
		}
	}
	return -1;
}

void run_format_seconds(double s, char *buf, size_t len)
{
	if (!isfinite(s))
		snprintf(buf, len, "-");
	else if (s < 1e-6)
		snprintf(buf, len, "%.1f ns", s * 1e9);
	else if (s < 1e-3)
		snprintf(buf, len, "%.3g us", s * 1e6);
	else if (s < 1)
		snprintf(buf, len, "%.3g ms", s * 1e3);
	else
		snprintf(buf, len, "%.3g s", s);
}

void run_json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

void run_csv_write(FILE *fp, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, fp);
	}
	fputc('"', fp);
}
