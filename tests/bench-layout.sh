#!/bin/sh
# Layout speed: every shipped lesson at 80 and 200 columns, and a page of
# about 30 KB. Printed, never asserted.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=.}"
: "${HPCTUTOR_LESSONS:=$top_srcdir/lessons}"
bench="$top_builddir/tests/bench_layout"
[ -x "$bench" ] || { echo "   skipped: no $bench (make bench builds it)"; exit 0; }
set -- "$HPCTUTOR_LESSONS"/*.md
[ -f "$1" ] || { echo "   skipped: no lessons in $HPCTUTOR_LESSONS"; exit 0; }
exec "$bench" "$@"
