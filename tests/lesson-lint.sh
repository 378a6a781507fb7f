#!/bin/sh
# The shipped lessons must pass `hpctutor lint`.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

[ -x "$HPCTUTOR" ] || skip "no hpctutor binary at $HPCTUTOR"
"$HPCTUTOR" lint --help 2>&1 | grep -qi lint \
	|| skip "$HPCTUTOR has no lint command (hpctutor lint --help fails)"
set -- "$top_srcdir"/lessons/*.md
[ -e "$1" ] || fail "no lessons in $top_srcdir/lessons"
"$HPCTUTOR" lint "$@"
