# gpuadd_backend BACKEND: the hpct-gpuadd-BACKEND build answers --help,
# rejects a bad value, and either computes c = a + b on a device or says
# that it found none and exits 69. Source after lib.sh and kernels-lib.sh.
gpuadd_backend() {
	prog="$K/hpct-gpuadd-$1"
	[ -x "$prog" ] || fail "$prog was not built"
	"$prog" --help > "$tmp/help" 2>&1 || fail "--help: $(cat "$tmp/help")"
	grep -q "^Usage: hpct-gpuadd-$1" "$tmp/help" || fail "no usage line"
	expect_status 2 "unknown value" "$prog" --dtype int8
	"$prog" --n 100003 --repeats 2 > "$tmp/out" 2> "$tmp/err"
	st=$?
	case $st in
	0)	results "$tmp/out" gpuadd
		grep -q "backend=$1" "$tmp/out" || fail "not the $1 backend"
		echo "ok: ran on $(head -1 "$tmp/out")" ;;
	69)	grep -q "no $1 device found" "$tmp/err" || fail "exit 69 without saying why"
		echo "ok: built and linked; no $1 device here: $(cat "$tmp/err")" ;;
	*)	fail "exit $st: $(cat "$tmp/err")" ;;
	esac
}
