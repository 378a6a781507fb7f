#!/bin/sh
# The ring with two ranks through the real mpiexec: one pane per rank, fed
# by the launcher's labels, each with its own rank's lines; c shows every
# line in arrival order, tagged with its rank.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"
[ -x "$HPCTUTOR_KERNELDIR/hpct-ring" ] || skip "hpct-ring is not built (no MPI compiler)"
[ -n "$MPIEXEC" ] || skip "no mpiexec (configure found none)"
private_kernel ring
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR' HPCTUTOR_LAUNCHER=mpiexec"

run_page "ring --ranks 2 --sizes 8,1Ki --laps 200"
tui_start 100 30
wait_text "[r] run"
keys r
wait_text "mpiexec" 30
wait_text "Finished in" 90
out=$(screen)
echo "$out"
# The two panes, in order, with the right lines under each header: each
# rank's check of the hops it received, rank 0's table of sizes.
echo "$out" | awk 'BEGIN { pane = -1 }
	/\[0\] [0-9]+ lines?/ { pane = 0; next }
	/\[1\] [0-9]+ lines?/ { pane = 1; next }
	pane == 0 && /kernel=ring stat=check rank=0/ { r0 = 1 }
	pane == 0 && /1Ki +200 /  { t0 = 1 }
	pane == 1 && /kernel=ring stat=check rank=1/ { r1 = 1 }
	pane == 0 && /rank=1/ { bad = 1 }
	pane == 1 && /rank=0|1Ki +200 / { bad = 1 }
	END { exit !(r0 && t0 && r1 && !bad) }' || fail "rank panes do not hold their own ranks' lines"
# The table has the latency and one row per size.
echo "$out" | grep -q "latency 8B" || fail "no latency row"
echo "$out" | grep -q "bandwidth 1KiB" || fail "no 1 KiB row"
# All output, tagged by rank.
keys c
wait_text "All ranks' lines"
wait_text "[0] bandwidth:"
no_leftovers || { leftovers; fail "processes left after the run"; }
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"
sanitizer_clean
exit 0
