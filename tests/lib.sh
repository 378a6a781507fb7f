# Shared helpers for the shell tests. Source it: . "$top_srcdir/tests/lib.sh"
# skip REASON: the test cannot run here; automake counts exit 77 as SKIP.
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
# wait_for SECONDS COMMAND...: retry COMMAND every 0.1 s until it succeeds.
wait_for() {
	_t=$(( $1 * 10 )); shift
	while [ $_t -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1; _t=$((_t - 1))
	done
	return 1
}
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${HPCTUTOR:=$top_builddir/src/hpctutor}"
