#!/bin/sh
# s unfolds the solution on screen and records it; d marks the exercise.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

tui_start 80 24
wait_text "10. Reading fixture"
keys s
wait_text "No solution on this screen"
keys G
wait_text "Count the boats"
wait_text "Solution (folded"
screen_has "seventeen rowing boats" && fail "solution shown before s"
keys s
wait_text "seventeen rowing boats"
wait_text "Solution shown"
wait_for 10 grep -q "^page 10-reading seen solutions=0$" "$TUI_STATE/hpctutor/progress.txt" \
	|| { cat "$TUI_STATE/hpctutor/progress.txt"; fail "solution not recorded"; }
keys s
wait_gone "seventeen rowing boats"
keys d
wait_text "done (1 of 1 on this page done)"
wait_for 10 grep -q "exercises=0" "$TUI_STATE/hpctutor/progress.txt" \
	|| fail "exercise not recorded"
keys t
wait_text "1/1 exercise done ✓"
keys q q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
