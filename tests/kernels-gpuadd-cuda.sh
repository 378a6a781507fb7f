#!/bin/sh
# hpct-gpuadd-cuda: the same source built by nvcc compiles and links. Nothing
# needs a GPU: without one the program must say so and exit 69; with one
# it must compute c = a + b.
. "$top_srcdir/tests/lib.sh"
[ -n "$NVCC" ] || skip "no nvcc: configure found none, the cuda build is skipped"
. "$top_srcdir/tests/kernels-lib.sh"

prog="$K/hpct-gpuadd-cuda"
[ -x "$prog" ] || fail "$prog was not built"
"$prog" --help > "$tmp/help" 2>&1 || fail "--help: $(cat "$tmp/help")"
grep -q '^Usage: hpct-gpuadd-cuda' "$tmp/help" || fail "no usage line"
expect_status 2 "unknown value" "$prog" --dtype int8
"$prog" --n 100003 --repeats 2 > "$tmp/out" 2> "$tmp/err"
st=$?
case $st in
0)	results "$tmp/out" gpuadd
	grep -q 'backend=cuda' "$tmp/out" || fail "not the cuda backend"
	echo "ok: ran on $(head -1 "$tmp/out")" ;;
69)	grep -q 'no cuda device found' "$tmp/err" || fail "exit 69 without saying why"
	echo "ok: built and linked; no cuda device here: $(cat "$tmp/err")" ;;
*)	fail "exit $st: $(cat "$tmp/err")" ;;
esac
