#!/bin/sh
# Colours by default; with NO_COLOR set, attributes (bold, reverse) only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# SGR colour codes: 30-37/40-47, 90-97/100-107, 38;5;N / 48;5;N, 39/49 aside.
has_colour() { T capture-pane -p -e | grep -q '\[\([0-9;]*;\)\{0,1\}\(3[0-7]\|4[0-7]\|9[0-7]\|10[0-7]\|[34]8;5\)[;m]'; }

tui_start 80 24
wait_text "10. Reading fixture"
has_colour || { T capture-pane -p -e | cat -v | head -5; fail "no colours on a colour terminal"; }
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"

tui_next
TUI_ENV=NO_COLOR=1
tui_start 80 24
wait_text "10. Reading fixture"
has_colour && { T capture-pane -p -e | cat -v | head -5; fail "colours with NO_COLOR set"; }
# The bars are still told apart, in reverse video.
T capture-pane -p -e | head -1 | grep -q '\[7m' || fail "title bar not in reverse video"
keys q
wait_for 10 tutor_gone || fail "q did not end the tutor"
exit 0
