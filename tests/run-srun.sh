#!/bin/sh
# The srun launcher for real: a private single-node SLURM cluster, the ring
# run through `hpctutor run --launcher srun`, rank labels from --label
# demultiplexed, and the srun picked by itself inside an allocation.
. "$top_srcdir/tests/lib.sh"
"$HPCTUTOR" run --help >/dev/null 2>&1 || skip "hpctutor does not dispatch 'run' in this build"
[ -x "$HPCTUTOR_KERNELDIR/hpct-ring" ] || skip "hpct-ring is not built (no MPI compiler)"
. "$top_srcdir/tests/slurm-env.sh"
slurm_start || skip "$slurm_why"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"; slurm_stop' EXIT
XDG_STATE_HOME=$tmp/state
export XDG_STATE_HOME
unset HPCTUTOR_LAUNCHER SLURM_JOB_ID
# MPICH does not free its memory at exit: no leak reports for the ranks.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

"$HPCTUTOR" run ring --launcher srun --ranks 2 --sizes 8 --repeats 1 >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc -eq 0 ] || fail "ring through srun exited $rc"
head -1 "$tmp/out" | grep -q '^\$ srun --label -n 2 --mpi=pmi2 .*/hpct-ring --sizes 8' ||
	fail "not the srun command line"
grep -q '^\[0\] ' "$tmp/out" || fail "no rank 0 lines"
grep -q '^\[1\] ' "$tmp/out" || fail "no rank 1 lines"
grep -Eq '^latency bytes=8 .* ok$' "$tmp/out" || fail "no latency result"
grep -q ',srun,2,ring,' "$tmp/state/hpctutor/results.csv" || fail "not kept in results.csv"

# Inside an allocation (SLURM_JOB_ID set) srun is chosen without being asked.
SLURM_JOB_ID=999999 "$HPCTUTOR" run ring --ranks 2 --sizes 8 --repeats 1 --no-save \
	>"$tmp/auto" 2>&1 </dev/null
head -2 "$tmp/auto" | grep -q '^# launcher srun: inside a SLURM allocation' ||
	{ cat "$tmp/auto"; fail "srun not picked inside an allocation"; }
exit 0
