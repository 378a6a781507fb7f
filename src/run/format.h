/*
 * format.h — output helpers shared by the batch commands: figures in
 * human units, JSON strings, output formats.
 */
#ifndef HPCT_RUN_FORMAT_H
#define HPCT_RUN_FORMAT_H

#include <stddef.h>
#include <stdio.h>

enum run_format { RUN_FMT_TABLE, RUN_FMT_CSV, RUN_FMT_JSON };

/* "table", "csv", "json" -> 0 and *OUT; -1 when unknown. */
int run_format_parse(const char *name, enum run_format *out);

/* Seconds as "612 ms", "9.8 us", "1.91 s" (ASCII, for any terminal). */
void run_format_seconds(double s, char *buf, size_t len);

/* Write S as a JSON string, quotes included. */
void run_json_string(FILE *fp, const char *s);

/* Write S as one CSV field. */
void run_csv_write(FILE *fp, const char *s);

#endif
