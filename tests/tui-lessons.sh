#!/bin/sh
# Every shipped lesson page opens and scrolls to its end in the tutor, in
# a UTF-8 locale and in plain ASCII.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

[ -d "$HPCTUTOR_LESSONS" ] || skip "no shipped lessons at $HPCTUTOR_LESSONS"
TUI_LESSONS=$(cd "$HPCTUTOR_LESSONS" && pwd)
npages=$(ls "$TUI_LESSONS"/[0-9]*.md 2>/dev/null | wc -l)
[ "$npages" -gt 0 ] || skip "no lesson files in $TUI_LESSONS"

walk() {
	tui_start 80 24
	wait_text "[t] contents  [q] quit"
	screen | tail -1 | grep -q "^ 1/" || { screen; fail "did not open on the first page"; }
	n=1
	while :; do
		keys G
		wait_text "[t] contents  [q] quit"
		kill -0 "$(tutor_pid)" || fail "the tutor died on page $n"
		if [ "$1" = ascii ]; then
			screen | LC_ALL=C grep -q '[^ -~]' &&
				{ screen; fail "non-ASCII on screen in the C locale, page $n"; }
		fi
		keys ']'
		n=$((n + 1))
		wait_for 10 sh -c "$TMUX_BIN -L $TUI_SOCK capture-pane -p | tail -1 | grep -q '^ $n/\|last page'" ||
			{ screen; fail "page $n did not open"; }
		screen_has "This is the last page" && break
		[ $n -le 200 ] || fail "more pages than files"
	done
	keys q
	wait_for 10 tutor_gone || fail "q did not end the tutor"
	tui_next
}

walk utf8
TUI_LANG=C TUI_STATE=$TUI_WORK/state-ascii
walk ascii
exit 0
