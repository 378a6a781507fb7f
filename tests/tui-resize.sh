#!/bin/sh
# Resizing lays the page out again at once and keeps the reading place.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

rows_are() { [ "$(screen | wc -l)" -eq "$1" ]; }

tui_start 80 24
wait_text "10. Reading fixture"
keys /
type_text "marker paragraph"
keys Enter
wait_text "The marker paragraph"
wait_gone "The first paragraph"

T resize-window -x 200 -y 50 || fail "tmux resize-window"
wait_for 10 rows_are 50 || fail "pane did not grow"
# The status line sits on the new last row, the place is kept.
wait_for 10 sh -c "$TMUX_BIN -L $TUI_SOCK capture-pane -p | tail -1 | grep -q 'contents  \[q\] quit'" \
	|| { screen; fail "no status line on row 50"; }
wait_text "The marker paragraph"
screen | head -1 | grep -q "10. Reading fixture" || fail "no title bar at 200x50"
# At 200 columns a paragraph line is no longer wrapped at 78.
wait_text "The marker paragraph: a harbour pilot reads this far down the page and keeps going"

T resize-window -x 80 -y 24 || fail "tmux resize-window"
wait_for 10 rows_are 24 || fail "pane did not shrink"
wait_for 10 sh -c "$TMUX_BIN -L $TUI_SOCK capture-pane -p | tail -1 | grep -q 'contents  \[q\] quit'" \
	|| { screen; fail "no status line on row 24"; }
wait_text "The marker paragraph"
wait_gone "keeps going"   # wrapped again at 80 columns
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
