#!/bin/sh
# The configuration file: settings reach the run module, the environment
# wins over the file, and broken lines are reported with file:line.
. "$top_srcdir/tests/lib.sh"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
export XDG_CONFIG_HOME XDG_STATE_HOME
unset HPCTUTOR_LAUNCHER HPCTUTOR_MPIEXEC HPCTUTOR_HANG_TIMEOUT
mkdir -p "$tmp/config/hpctutor"
cfg=$tmp/config/hpctutor/config

# Broken lines: reported at their line, the rest still used, no failure.
cat > "$cfg" <<CONF
# a comment
colour = blue
launcher = sometimes
just words
hang-timeout = -3
CONF
"$HPCTUTOR" list > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; fail "a broken config made list fail"; }
cat "$tmp/err"
grep -q "config:2: unknown key 'colour'" "$tmp/err" || fail "unknown key not reported at line 2"
grep -q "config:3: launcher takes mpiexec, srun or none, not 'sometimes'" "$tmp/err" || fail "bad launcher not reported"
grep -q "config:4: expected 'key = value'" "$tmp/err" || fail "line without = not reported"
grep -q "config:5: hang-timeout takes seconds" "$tmp/err" || fail "bad timeout not reported"
grep -q "00-setup" "$tmp/out" || fail "list printed no lessons"

[ -n "$MPIEXEC" ] || skip "no MPI launcher was found by configure"
[ -x "$HPCTUTOR_KERNELDIR/hpct-hello" ] || skip "hpct-hello was not built"
# Under --enable-sanitizers, MPICH's own allocations would read as leaks.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

# The file's mpiexec is the one used ...
printf 'mpiexec = %s\n' "$tmp/no-such-mpiexec" > "$cfg"
if "$HPCTUTOR" run hello --ranks 1 --no-save > "$tmp/out" 2>&1; then
	cat "$tmp/out"; fail "a run with a missing mpiexec succeeded"
fi
cat "$tmp/out"
grep -q "no-such-mpiexec" "$tmp/out" || fail "the configured mpiexec was not used"

# ... unless the environment says otherwise.
HPCTUTOR_MPIEXEC=$MPIEXEC "$HPCTUTOR" run hello --ranks 1 --no-save > "$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; fail "HPCTUTOR_MPIEXEC did not win over the file"; }
grep -q "Hello from process 0 of 1" "$tmp/out" || { cat "$tmp/out"; fail "hello did not run"; }

# launcher = none is honoured for an MPI kernel (one process, no mpiexec).
printf 'launcher = none\n' > "$cfg"
"$HPCTUTOR" run hello --no-save > "$tmp/out" 2>&1
grep -q '^\$ [^ ]*/hpct-hello$' "$tmp/out" || { cat "$tmp/out"; fail "launcher = none from the file not used"; }
grep -q "Hello from process 0 of 1" "$tmp/out" || { cat "$tmp/out"; fail "hello without a launcher did not run"; }
echo "configuration file read, checked and overridden as documented"
