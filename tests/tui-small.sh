#!/bin/sh
# Below 80x24 the tutor asks for a larger window instead of drawing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

tui_start 60 20
wait_text "Please enlarge the window to at least 80×24 (now 60×20)"
keys j ']' t
T resize-window -x 70 -y 30 || fail "tmux resize-window"
wait_text "Please enlarge the window to at least 80×24 (now 70×30)"
kill -0 "$(tutor_pid)" || fail "the tutor died in a small window"
T resize-window -x 80 -y 24 || fail "tmux resize-window"
wait_text "10. Reading fixture"
wait_gone "Please enlarge"
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
