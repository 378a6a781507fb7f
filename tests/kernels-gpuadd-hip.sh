#!/bin/sh
# hpct-gpuadd-hip: the same source built by hipcc compiles and links. Nothing
# needs a GPU: without one the program must say so and exit 69; with one
# it must compute c = a + b.
. "$top_srcdir/tests/lib.sh"
[ -n "$HIPCC" ] || skip "no hipcc: configure found none, the hip build is skipped"
. "$top_srcdir/tests/kernels-lib.sh"

prog="$K/hpct-gpuadd-hip"
[ -x "$prog" ] || fail "$prog was not built"
"$prog" --help > "$tmp/help" 2>&1 || fail "--help: $(cat "$tmp/help")"
grep -q '^Usage: hpct-gpuadd-hip' "$tmp/help" || fail "no usage line"
expect_status 2 "unknown value" "$prog" --dtype int8
"$prog" --n 100003 --repeats 2 > "$tmp/out" 2> "$tmp/err"
st=$?
case $st in
0)	results "$tmp/out" gpuadd
	grep -q 'backend=hip' "$tmp/out" || fail "not the hip backend"
	echo "ok: ran on $(head -1 "$tmp/out")" ;;
69)	grep -q 'no hip device found' "$tmp/err" || fail "exit 69 without saying why"
	echo "ok: built and linked; no hip device here: $(cat "$tmp/err")" ;;
*)	fail "exit $st: $(cat "$tmp/err")" ;;
esac
