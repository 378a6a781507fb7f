#!/bin/sh
# The tutor starts at 80x24 on the first page, shows its keys, and quits.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

tui_start 80 24
wait_text "10. Reading fixture"
wait_text "The first paragraph of the reading fixture"
wait_text "1/3 · Reading fixture · [?] help  [t] contents  [q] quit"
screen | head -1 | grep -q "Top" || fail "title bar has no position"
[ "$(screen | wc -l)" -eq 24 ] || fail "screen is not 24 rows"

# Scrolling moves the page: the stretch's last line comes into view.
wait_gone "Line sixteen of the stretch"
keys G
wait_text "Line sixteen of the stretch"
wait_gone "The first paragraph"
keys g
wait_text "The first paragraph"

# Next and previous page.
keys ']'
wait_text "11. Wide things fixture"
wait_text "2/3 ·"
keys '['
wait_text "10. Reading fixture"

# The help overlay comes from the key table.
keys '?'
wait_text "scroll down one line"
wait_text "table of contents"
keys Escape
wait_text "The first paragraph"

# Wide code scrolls sideways.
keys ']'
wait_text "11. Wide things fixture"
screen_has "RIGHTEDGE" && fail "code was not clipped at the edge"
for _ in 1 2 3 4 5 6 7 8 9 10; do keys l; done
wait_text "RIGHTEDGE"
keys h h h h h h h h h h h h
wait_text "int main(void)"

keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
wait_for 10 test -s "$TUI_WORK/status" || fail "no exit status"
[ "$(cat "$TUI_WORK/status")" = 0 ] || fail "exit status $(cat "$TUI_WORK/status") after q"
grep -q "^last 11-wide$" "$TUI_STATE/hpctutor/progress.txt" || fail "last page not saved"
exit 0
