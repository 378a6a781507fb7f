#!/bin/sh
# q gives the shell back clean: the prompt visible, no escape garbage,
# the terminal echoing again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

T new-session -d -x 80 -y 24 "$(tui_env PS1="'READY\$ '") sh" || fail "tmux new-session"
wait_text 'READY$'
type_text "$HPCTUTOR --no-shipped --lessons '$TUI_FIXTURE'; echo EXIT=\$?"
keys Enter
wait_text "10. Reading fixture"
wait_gone 'READY$'   # the tutor has the whole screen
keys j j G '?' Escape t Escape
keys q
wait_text "EXIT=0"
# The screen is the shell's again: the command line, the exit line and
# a fresh prompt, nothing of the tutor and no stray escape sequences.
wait_for 10 sh -c "$TMUX_BIN -L $TUI_SOCK capture-pane -p | grep -v '^\$' | tail -1 | grep -qx 'READY\\$ *'" \
	|| { screen; fail "no clean prompt after q"; }
screen_has "Reading fixture" && { screen; fail "tutor text left on the shell screen"; }
screen | grep -q "$(printf '\033')" && fail "escape characters on screen"
screen | grep -q '\[?[0-9]*[hl]\|\[[0-9;]*m' && { screen; fail "escape sequence garbage on screen"; }
# The terminal is back in cooked mode: typing echoes, Enter runs.
type_text "echo typed-back"
keys Enter
wait_text "READY\$ echo typed-back"
wait_text "typed-back"
[ "$(screen | grep -c '^typed-back$')" -eq 1 ] || { screen; fail "echo did not run"; }
exit 0
