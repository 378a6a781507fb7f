#!/bin/sh
# The srun launcher against a real private slurmd: the ring with two ranks
# in batch mode, then from the tutor with HPCTUTOR_LAUNCHER=srun, where the
# rank panes are fed by srun's --label.
. "$top_srcdir/tests/lib.sh"
[ -x "$HPCTUTOR_KERNELDIR/hpct-ring" ] || skip "hpct-ring is not built (no MPI compiler)"
. "$top_srcdir/tests/slurm-env.sh"
slurm_start || skip "$slurm_why"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"
trap 'slurm_stop; tui_cleanup' EXIT
unset HPCTUTOR_LAUNCHER SLURM_JOB_ID
private_kernel ring

# Batch.
XDG_STATE_HOME=$TUI_WORK/batch "$HPCTUTOR" run ring --ranks 2 --launcher srun --sizes 8 \
	--laps 100 --repeats 1 >"$TUI_WORK/out" 2>&1
rc=$?
cat "$TUI_WORK/out"
[ $rc -eq 0 ] || fail "ring through srun exited $rc"
grep -q '^\$ srun --label -n 2 ' "$TUI_WORK/out" || fail "not an srun command line"
grep -q '^\[1\] ' "$TUI_WORK/out" || fail "no rank 1 lines"

# The tutor, srun chosen through the environment.
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR' HPCTUTOR_LAUNCHER=srun SLURM_CONF='$SLURM_CONF'"
run_page "ring --ranks 2 --sizes 8,1Ki --laps 100 --repeats 1"
tui_start 100 30
wait_text "[r] run"
keys r
wait_text "srun --label -n 2" 30
wait_text "Finished in" 120
out=$(screen)
echo "$out"
echo "$out" | awk 'BEGIN { pane = -1 }
	/\[0\] [0-9]+ lines?/ { pane = 0; next }
	/\[1\] [0-9]+ lines?/ { pane = 1; next }
	pane == 0 && /kernel=ring stat=check rank=0/ { r0 = 1 }
	pane == 1 && /kernel=ring stat=check rank=1/ { r1 = 1 }
	END { exit !(r0 && r1) }' || fail "srun's labels did not feed the rank panes"
echo "$out" | grep -q "bandwidth 1KiB" || fail "no results through srun"
grep -q ',srun,2,ring,' "$TUI_STATE/hpctutor/results.csv" || fail "the srun run is not kept"
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"

# SLURM set up (SLURM_CONF, srun on PATH) but no allocation: a login node.
# mpiexec stays the default, and the status line offers srun and says why.
tui_next
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR' SLURM_CONF='$SLURM_CONF'"
run_page "ring --ranks 2 --sizes 8 --laps 100 --repeats 1"
tui_start 100 30
wait_text "[r] run"
keys r
wait_text "srun is on offer" 30
wait_text "not an allocation"
wait_text "Finished in" 120
keys c
wait_text "# launcher mpiexec: the default"
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"
sanitizer_clean
exit 0
