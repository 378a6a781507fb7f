#!/bin/sh
# Both ranks send first. A small message goes out eagerly and the run ends;
# with MPI_Ssend, or a message above the eager limit, it hangs for real:
# the kernel explains the deadlock, the run is stopped by a timeout that
# signals the whole process group, and no rank is left behind.
. "$top_srcdir/tests/lib.sh"
[ -n "$MPICC" ] && [ -n "$MPIEXEC" ] || skip "no MPI compiler or launcher (configure found none)"
command -v timeout > /dev/null || skip "no timeout command"
. "$top_srcdir/tests/kernels-lib.sh"
# In a sanitizer build, LeakSanitizer would report what the MPI library
# itself leaves allocated at exit; our own leaks show in the other tests.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

timeout -k 5 60 "$MPIEXEC" -n 2 "$K/hpct-sendrecv" --deadlock --size 64 > "$tmp/eager" 2>&1 ||
	fail "a 64-byte send-first exchange should complete: $(cat "$tmp/eager")"
results "$tmp/eager" sendrecv
[ "$(count 'outcome=eager' "$tmp/eager")" -eq 2 ] || fail "eager: both sends should return"
grep -q 'went out eagerly' "$tmp/eager" || fail "eager: no explanation"

# hung CASE ARGS...: the run must still be blocked when the timeout fires.
hung() {
	name=$1; shift
	timeout -s TERM -k 5 6 "$MPIEXEC" -n 2 "$K/hpct-sendrecv" --deadlock --timeout 1 "$@" \
		> "$tmp/$name" 2>&1
	st=$?
	[ $st -eq 124 ] || [ $st -eq 137 ] || fail "$name: expected a hang stopped by timeout, got exit $st: $(cat "$tmp/$name")"
	grep -q 'DEADLOCK' "$tmp/$name" || fail "$name: the kernel did not explain the deadlock"
	[ "$(count 'outcome=blocked' "$tmp/$name")" -eq 2 ] || fail "$name: both ranks should report blocked"
	# Nothing of the run survives.
	left() { ps -eo pid=,args= | grep -v grep | grep -F "$K/hpct-sendrecv --deadlock"; }
	i=0
	while left > /dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	! left > "$tmp/left" || fail "$name: ranks left behind: $(cat "$tmp/left")"
}
hung ssend --ssend
hung large --size 16Mi
grep -q 'above its eager limit' "$tmp/large" || fail "large: no eager-limit explanation"
echo "ok: deadlock shown, stopped, nothing left"
