#!/bin/sh
# The runner must not slow the ranks down: the ring's 8-byte latency per
# hop measured through `hpctutor run` (pipes drained by the poll loop,
# lines demultiplexed, results parsed) against the same ring started from
# a shell with its output going to a file. Rounds alternate; the best of
# each side is compared. Printed, never asserted.
. "$top_srcdir/tests/lib.sh"
[ -n "$MPIEXEC" ] || { echo "   skipped: no MPI launcher configured"; exit 0; }
ring=$HPCTUTOR_KERNELDIR/hpct-ring
[ -x "$ring" ] || { echo "   skipped: hpct-ring is not built"; exit 0; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
XDG_STATE_HOME=$tmp/state
export XDG_STATE_HOME
rounds=${BENCH_ROUNDS:-5}
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
knobs="--sizes 8 --laps 20000 --repeats 5"

# us_per_hop of the latency summary line in file $1
hop() {
	sed -n 's/.*kernel=ring test=latency .*stat=summary.* us_per_hop=\([0-9.e+-]*\).*/\1/p' "$1" | head -n 1
}
best() { sort -g | head -n 1; }

: >"$tmp/shell"
: >"$tmp/tutor"
i=0
while [ $i -lt $rounds ]; do
	"$MPIEXEC" -n 2 "$ring" $knobs >"$tmp/out" 2>&1 && hop "$tmp/out" >>"$tmp/shell"
	HPCTUTOR_MPIEXEC=$MPIEXEC "$HPCTUTOR" run ring --ranks 2 --launcher mpiexec --no-save \
		$knobs >"$tmp/out" 2>&1 && hop "$tmp/out" >>"$tmp/tutor"
	i=$((i + 1))
done
s=$(best <"$tmp/shell")
t=$(best <"$tmp/tutor")
if [ -z "$s" ] || [ -z "$t" ]; then
	echo "   no latency figures (shell: '$s', hpctutor: '$t')"
	exit 1
fi
awk -v s="$s" -v t="$t" -v n="$rounds" 'BEGIN {
	printf "   ring 8 B latency per hop, 2 ranks, best of %d rounds:\n", n
	printf "   from a shell      %8.3f us\n", s
	printf "   via hpctutor run  %8.3f us\n", t
	printf "   ratio             %8.3f  (goal <= 1.10)\n", t / s
}'
