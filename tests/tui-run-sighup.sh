#!/bin/sh
# A dropped connection in the middle of a run: SIGHUP stops the ring
# (launcher and ranks), the results so far and the progress are saved,
# and no process is left. Then Ctrl-C during a run stops the run, not the
# tutor, and q during a run stops it before leaving.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"
[ -x "$HPCTUTOR_KERNELDIR/hpct-ring" ] || skip "hpct-ring is not built (no MPI compiler)"
[ -n "$MPIEXEC" ] || skip "no mpiexec (configure found none)"
private_kernel ring
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR' HPCTUTOR_LAUNCHER=mpiexec"
csv="$TUI_STATE/hpctutor/results.csv"
progress="$TUI_STATE/hpctutor/progress.txt"

# Long enough to be running whenever the signal comes.
run_page "ring --ranks 2 --sizes 8 --laps 20000000"
tui_start 80 24
wait_text "[r] run"
keys r
wait_for 30 has_leftovers || fail "the ring did not start"
wait_text "running"
kill -HUP "$(tutor_pid)"
wait_for 20 tutor_gone || fail "the tutor is still running after SIGHUP"
wait_for 10 test -s "$TUI_WORK/status" || fail "no exit status"
[ "$(cat "$TUI_WORK/status")" = 129 ] || fail "exit status $(cat "$TUI_WORK/status") after SIGHUP"
wait_for 10 no_leftovers || { leftovers; fail "processes left after SIGHUP"; }
grep -qx "last 20-run" "$progress" || { cat "$progress"; fail "progress not saved"; }
grep -q ',mpiexec,2,ring,' "$csv" || { cat "$csv"; fail "the stopped run is not in results.csv"; }

# Ctrl-C stops the run and the tutor stays.
tui_next
tui_start 80 24
wait_text "[r] run"
keys r
wait_for 30 has_leftovers || fail "the ring did not start again"
wait_text "running"
keys C-c
wait_text "stopped after" 30
tutor_gone && fail "Ctrl-C during a run ended the tutor"
wait_for 15 no_leftovers || { leftovers; fail "processes left after Ctrl-C"; }

# q during a run: stopped, kept, and the terminal given back.
keys r
wait_for 30 has_leftovers || fail "the ring did not start a third time"
keys q
wait_for 20 tutor_gone || fail "q during a run did not quit"
[ "$(cat "$TUI_WORK/status")" = 0 ] || fail "exit status $(cat "$TUI_WORK/status") after q"
wait_for 10 no_leftovers || { leftovers; fail "processes left after q"; }
[ "$(grep -c ',ring,' "$csv")" -ge 3 ] || { cat "$csv"; fail "not every run kept"; }
sanitizer_clean
exit 0
