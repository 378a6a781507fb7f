#!/bin/sh
# t lists the pages with their marks; Enter opens one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

tui_start 80 24
wait_text "10. Reading fixture"
keys t
wait_text "Contents · 3 pages"
wait_text "11. Wide things fixture"
wait_text "12. Later page fixture"
wait_text "0/1 exercise done"
# The page being read is marked, and it has been seen.
screen | grep -q "▸ ✓ 10. Reading fixture" || { screen; fail "no marks on the open page"; }
keys j j Enter
wait_text "12. Later page fixture"
wait_text "quokkamatch"
wait_text "3/3 ·"
keys t
wait_text "Contents · 3 pages"
screen | grep -q "✓ 10. Reading fixture" || fail "page 10 not marked seen"
screen | grep -q "▸ ✓ 12. Later page fixture" || fail "page 12 not marked"
screen | grep -q "✓ 11. Wide" && fail "page 11 marked seen but never opened"
keys Escape
wait_gone "Contents · 3 pages"
wait_text "quokkamatch"
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
