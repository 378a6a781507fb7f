#!/bin/sh
# / finds text on this page, then on the following pages; n and N move.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

tui_start 80 24
wait_text "10. Reading fixture"
keys /
wait_text "/"
type_text "quokkamatch"
keys Enter
wait_text "12. Later page fixture"
wait_text "Found on page 12"
wait_text "quokkamatch"

# Back on the first page, a word further down the same page.
keys t g Enter
wait_text "10. Reading fixture"
wait_gone "harbour pilot"
keys /
type_text "HARBOUR PILOT"
keys Enter
wait_text "harbour pilot reads this far"
screen | sed -n 2,4p | grep -q "harbour pilot" || { screen; fail "match not near the top"; }
# n goes on to the next "harbour" on the page (the exercise).
keys /
type_text "harbour"
keys Enter n
wait_text "How many boats are in the harbour"
# Nothing further but the folded solution, which is not searched: n
# wraps round the pages back to the first match on this page.
keys n
wait_text "Search wrapped round to this page"
keys N
wait_text "How many boats are in the harbour"

keys /
type_text "nosuchwordanywhere"
keys Enter
wait_text "Not found: nosuchwordanywhere"
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
