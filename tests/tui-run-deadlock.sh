#!/bin/sh
# Both ranks send first with MPI_Ssend: a real deadlock. The watchdog
# flags it (a short timeout through HPCTUTOR_HANG_TIMEOUT) and points to
# the page that explains it; x stops the run, launcher and ranks, and no
# process is left.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"
[ -x "$HPCTUTOR_KERNELDIR/hpct-sendrecv" ] || skip "hpct-sendrecv is not built (no MPI compiler)"
[ -n "$MPIEXEC" ] || skip "no mpiexec (configure found none)"
private_kernel sendrecv
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR' HPCTUTOR_LAUNCHER=mpiexec HPCTUTOR_HANG_TIMEOUT=2"

# The kernel explains a blocked send itself after --timeout seconds: later
# than the tutor's watchdog here.
run_page "sendrecv --ranks 2 --deadlock --ssend --timeout 120"
tui_start 200 50
wait_text "[r] run"
keys r
wait_for 30 has_leftovers || fail "the kernel did not start"
wait_text "This looks like a deadlock" 60
wait_text "Press x to stop it"
wait_text "send/recv deadlock"
keys x
wait_text "stopped after" 30
screen
wait_for 15 no_leftovers || { leftovers; fail "processes left after x"; }
# The tutor carries on: the panes close, and the page is there.
keys x
wait_text "[r] run"
tutor_gone && fail "the tutor died"
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"
sanitizer_clean
exit 0
