#!/bin/sh
# r on a page runs its kernel: the exact command is shown, the results
# table fills row by row as result lines arrive, the chart follows, and
# the run is kept in results.csv. R opens the knob form, which checks the
# knobs as the kernel does.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"

# boxed takes a while (an interpreter-style loop); blas comes last.
run_page "sum --n 8M --variant boxed,loop,blas --repeats 5"
tui_start 80 24
wait_text "[r] run"
keys r
wait_text " sum --n 8M --variant"
# Partial: boxed is in the table, blas not yet.
wait_text "│ boxed " 60
part=$(screen)
echo "$part" | grep -q "│ blas " && { echo "$part"; fail "blas was already there: the table did not fill row by row"; }
echo "$part" | grep -q "Finished" && fail "finished before the first look"
# Complete.
wait_text "Finished in" 90
full=$(screen)
echo "$full"
for v in boxed loop blas; do
	echo "$full" | grep -Eq "^.*│ $v +[0-9.]+ [mu]?s" || fail "no $v row with a time"
done
echo "$full" | grep -q "best GB/s" || fail "no bandwidth chart"
csv="$TUI_STATE/hpctutor/results.csv"
[ -f "$csv" ] || fail "no results.csv"
grep -q ',sum,' "$csv" || { cat "$csv"; fail "the run is not in results.csv"; }
[ "$(grep -c ',sum,' "$csv")" = 3 ] || { cat "$csv"; fail "not one row per variant"; }

# x closes the finished panes; the page has the whole screen again.
keys x
wait_gone "Finished in"
wait_text "[r] run"

# The knob form: a bad value is refused with the kernel's own words.
keys R
wait_text "Knobs of sum"
keys C-u
type_text "12Q"
keys Enter
wait_text "--n"
screen | grep -q "Knobs of sum" || fail "the form closed on a bad value"
keys C-u
type_text "500K"
# The exact command, before it runs (on the two rows after "$ ").
preview_has() { screen | grep -A1 '^ *\$ ' | grep -q -- "$1"; }
wait_for 15 preview_has " 500K" || { screen; fail "the command preview does not show --n 500K"; }
# A comma-list knob steps through its words with Right, and can be typed.
keys Down Down Right Right
wait_for 15 preview_has "--variant boxed --" ||
	{ screen; fail "Right did not step --variant to a single choice"; }
keys C-u
type_text "boxed,loop,blas"
wait_for 15 preview_has "boxed,loop,blas" || { screen; fail "typing a variant list failed"; }
keys Enter
# The pane header names the run (the command line itself may wrap when
# the build directory has a long path, as under make distcheck).
wait_text " sum --n 500K --variant"
wait_text "Finished in" 60
# C compares with the first run.
keys C
wait_text "Comparing with the run of"
wait_text "earlier"
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"
[ "$(grep -c ',sum,' "$csv")" = 6 ] || { cat "$csv"; fail "the second run is not kept"; }
sanitizer_clean
exit 0
