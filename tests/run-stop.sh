#!/bin/sh
# Stopping a process group that ignores SIGINT and SIGTERM escalates to
# SIGKILL, and nothing is left behind: not through a plain run, and not
# through MPICH's mpiexec, which puts every rank in its own process group.
. "$top_srcdir/tests/lib.sh"
driver=$top_builddir/tests/test_run
[ -x "$driver" ] || skip "tests/test_run is not built (the check library is missing)"
tmp=$(mktemp -d) || fail "mktemp"
mark=stubborn-$$
trap 'left | awk "{print \$1}" | xargs -r kill -KILL 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/hpct-$mark" <<'SH'
#!/bin/sh
trap '' INT TERM
( trap '' INT TERM; while :; do sleep 1; done ) &
echo "stubborn $$ started"
while :; do sleep 1; done
SH
chmod +x "$tmp/hpct-$mark"

left() { ps -eo pid,pgid,stat,args | grep "$mark" | grep -v grep | grep -v ' Z'; }
gone() { [ -z "$(left)" ]; }

"$driver" --drive --stop-after 1 -- "$tmp/hpct-$mark" >"$tmp/out" || fail "driver failed"
cat "$tmp/out"
grep -q '^status=137$' "$tmp/out" || fail "not ended by SIGKILL"
grep -q '^explain=stopped' "$tmp/out" || fail "not explained as stopped"
wait_for 10 gone || { left; fail "processes left behind after the stop"; }

if [ -n "$MPIEXEC" ] && "$HPCTUTOR" run --help >/dev/null 2>&1; then
	start=$(date +%s)
	XDG_STATE_HOME=$tmp/state HPCTUTOR_KERNELDIR=$tmp HPCTUTOR_MPIEXEC=$MPIEXEC \
		"$HPCTUTOR" run "$mark" --launcher mpiexec --ranks 2 --stop-after 2 \
		>"$tmp/mpi" 2>&1
	rc=$?
	cat "$tmp/mpi"
	[ $rc -ne 0 ] || fail "a stopped run exited 0"
	grep -q 'stopped' "$tmp/mpi" || fail "no 'stopped' in the report"
	wait_for 10 gone || { left; fail "ranks left behind after stopping mpiexec"; }
	echo "mpiexec run stopped in $(( $(date +%s) - start )) s, nothing left"

	# A real deadlock: both ranks send 16 MiB with nobody receiving. The
	# silence is flagged, the run is stopped, no rank is left.
	if [ -x "$HPCTUTOR_KERNELDIR/hpct-sendrecv" ]; then
		ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
		XDG_STATE_HOME=$tmp/state HPCTUTOR_MPIEXEC=$MPIEXEC HPCTUTOR_HANG_TIMEOUT=2 \
			"$HPCTUTOR" run sendrecv --ranks 2 --deadlock --size 16Mi --timeout 600 \
			--stop-after 10 >"$tmp/dl" 2>&1
		rc=$?
		cat "$tmp/dl"
		[ $rc -ne 0 ] || fail "the deadlock exited 0"
		grep -q 'this looks like a deadlock' "$tmp/dl" || fail "the deadlock was not flagged"
		grep -q 'sendrecv: stopped' "$tmp/dl" || fail "the deadlock was not stopped"
		dl_left() { ps -eo pid,stat,args | grep "$HPCTUTOR_KERNELDIR/hpct-sendrecv" | grep -v grep | grep -v ' Z'; }
		dl_gone() { [ -z "$(dl_left)" ]; }
		wait_for 10 dl_gone || { dl_left; fail "deadlocked ranks left behind"; }
	fi
else
	echo "no MPIEXEC or no 'hpctutor run' in this build: the mpiexec stop was not checked"
fi
exit 0
