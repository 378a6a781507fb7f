#!/bin/sh
# `hpctutor doctor` on this machine: every section, every line a verdict.
. "$top_srcdir/tests/lib.sh"
"$HPCTUTOR" doctor --help >/dev/null 2>&1 || skip "hpctutor does not dispatch 'doctor' in this build"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
"$HPCTUTOR" doctor >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "doctor failed"; }
cat "$tmp/out"
echo "doctor took $(( $(date +%s) - start )) s"
for s in Machine MPI "BLAS and threads" GPU SLURM Python Lessons; do
	grep -q "^$s\$" "$tmp/out" || fail "no section '$s'"
done
grep -Eq '^  ok +cores: [0-9]+ online' "$tmp/out" || grep -Eq '^  warn +cores: 1 online' "$tmp/out" ||
	fail "no cores line"
grep -Eq '^  (ok|warn) +memory: ' "$tmp/out" || fail "no memory line"
for v in OMP_NUM_THREADS OPENBLAS_NUM_THREADS MKL_NUM_THREADS NUMEXPR_NUM_THREADS; do
	grep -Eq "^  (ok|warn) +$v: " "$tmp/out" || fail "no $v line"
done
# every indented line is a verdict, advice under it, or the ranks note
bad=$(grep '^  ' "$tmp/out" | grep -Ev '^  (ok|warn|missing) +[^ ]|^           (-> |the system)')
[ -z "$bad" ] || fail "lines without a verdict: $bad"
if [ -n "$MPIEXEC" ]; then
	grep -Eq "^  ok +launcher for the kernels: $MPIEXEC \(MPICH" "$tmp/out" ||
		fail "the configured MPICH launcher is not reported ok"
fi
# a thread variable above the cores is flagged with what to do
OMP_NUM_THREADS=100000 "$HPCTUTOR" doctor >"$tmp/omp" 2>&1
grep -Eq '^  warn +OMP_NUM_THREADS: 100000, more than' "$tmp/omp" || fail "OMP_NUM_THREADS not flagged"
# a launcher that is not there is reported missing, with the fix
HPCTUTOR_MPIEXEC=/nonexistent/mpiexec "$HPCTUTOR" doctor >"$tmp/nompi" 2>&1
grep -Eq '^  missing +launcher for the kernels: /nonexistent/mpiexec not found' "$tmp/nompi" ||
	fail "missing launcher not reported"
exit 0
