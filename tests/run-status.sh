#!/bin/sh
# `hpctutor run` exits with the kernel's status and says how it ended:
# a failure, a segfault, an abort, a launcher that is not installed.
. "$top_srcdir/tests/lib.sh"
"$HPCTUTOR" run --help >/dev/null 2>&1 || skip "hpctutor does not dispatch 'run' in this build"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
XDG_STATE_HOME=$tmp/state HPCTUTOR_KERNELDIR=$tmp
export XDG_STATE_HOME HPCTUTOR_KERNELDIR
unset HPCTUTOR_LAUNCHER SLURM_JOB_ID
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

fake() { printf '#!/bin/sh\n%s\n' "$2" >"$tmp/hpct-$1"; chmod +x "$tmp/hpct-$1"; }
fake fails 'echo "@hpct kernel=fails variant=x seconds=1 check=FAIL"; echo oops >&2; exit 3'
fake segv 'echo about to crash; kill -SEGV $$'
fake abrt 'kill -ABRT $$'
fake ok 'printf "\033[2J\033]0;pwned\007clean\r\n"; printf "\377bad\n"'

# expect NAME STATUS TEXT [ARGS...]: exit status and a line of the report
expect() {
	name=$1 want=$2 text=$3
	shift 3
	"$HPCTUTOR" run "$name" "$@" >"$tmp/out" 2>&1
	got=$?
	cat "$tmp/out"
	[ "$got" = "$want" ] || fail "$name: exit status $got, not $want"
	grep -q "$text" "$tmp/out" || fail "$name: no '$text' in the report"
}
expect fails 3 'exit status 3'
grep -Eq '^x +1 .* FAIL$' "$tmp/out" || fail "the failed check is not shown"
grep -q '^oops$' "$tmp/out" || fail "stderr not shown"
expect segv 139 'killed by SIGSEGV: segmentation fault'
expect abrt 134 'killed by SIGABRT: aborted'
HPCTUTOR_MPIEXEC=$tmp/no-such-mpiexec expect ok 127 \
	'no-such-mpiexec not found: install mpich or set HPCTUTOR_MPIEXEC' --launcher mpiexec
# output is shown as text: no escape sequence, invalid bytes replaced
expect ok 0 'finished'
grep -q "$(printf '\033')" "$tmp/out" && fail "an escape sequence reached the output"
grep -q '^clean$' "$tmp/out" || fail "the text around escapes is lost"
grep -q "$(printf '\357\277\275')bad" "$tmp/out" || fail "invalid UTF-8 not replaced"
# every finished run is kept, with its status; the missing launcher is not a run
csv=$tmp/state/hpctutor/results.csv
for s in 3 139 134 0; do
	grep -q ",$s\$" "$csv" || fail "no row with status $s in results.csv"
done
exit 0
