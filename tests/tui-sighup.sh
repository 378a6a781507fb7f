#!/bin/sh
# A dropped connection (SIGHUP, or the terminal closing) saves progress and
# leaves no process behind; the next start opens where the learner was.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

progress="$TUI_STATE/hpctutor/progress.txt"

tui_start 80 24
wait_text "10. Reading fixture"
keys ']'
wait_text "11. Wide things fixture"
pid=$(tutor_pid)
kill -HUP "$pid"
wait_for 15 tutor_gone || fail "the tutor is still running after SIGHUP"
wait_for 10 test -s "$TUI_WORK/status" || fail "no exit status"
[ "$(cat "$TUI_WORK/status")" = 129 ] || fail "exit status $(cat "$TUI_WORK/status") after SIGHUP, not 129"
[ -f "$progress" ] || fail "no progress file"
grep -qx "last 11-wide" "$progress" || { cat "$progress"; fail "page not saved"; }
grep -qx "page 11-wide seen" "$progress" || { cat "$progress"; fail "page not marked seen"; }
grep -qx "end" "$progress" || fail "progress file not complete"
ls "$TUI_STATE/hpctutor" | grep -q tmp && fail "temporary file left behind"
tui_next

# Again: opens at the last page read; then the terminal itself goes away.
tui_start 80 24
wait_text "11. Wide things fixture"
keys ']'
wait_text "12. Later page fixture"
pid=$(tutor_pid)
T kill-server
wait_for 15 tutor_gone || fail "the tutor outlived its terminal"
grep -qx "last 12-later" "$progress" || { cat "$progress"; fail "page not saved"; }

# SIGTERM too: progress saved, 128+15.
tui_next
tui_start 80 24
wait_text "12. Later page fixture"
keys '['
wait_text "11. Wide things fixture"
kill -TERM "$(tutor_pid)"
wait_for 15 tutor_gone || fail "the tutor is still running after SIGTERM"
wait_for 10 test -s "$TUI_WORK/status" || fail "no exit status"
[ "$(cat "$TUI_WORK/status")" = 143 ] || fail "exit status $(cat "$TUI_WORK/status") after SIGTERM"
grep -qx "last 11-wide" "$progress" || fail "page not saved on SIGTERM"

# Ctrl-C: the same, 128+2.
tui_next
tui_start 80 24
wait_text "11. Wide things fixture"
keys ']'
wait_text "12. Later page fixture"
keys C-c
wait_for 15 tutor_gone || fail "the tutor is still running after Ctrl-C"
wait_for 10 test -s "$TUI_WORK/status" || fail "no exit status"
[ "$(cat "$TUI_WORK/status")" = 130 ] || fail "exit status $(cat "$TUI_WORK/status") after Ctrl-C"
grep -qx "last 12-later" "$progress" || fail "page not saved on Ctrl-C"
exit 0
