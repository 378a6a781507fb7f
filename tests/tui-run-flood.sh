#!/bin/sh
# A kernel that prints two million lines as fast as it can: keys are
# still answered during the flood, the tutor's memory stays bounded (the
# panes keep a fixed number of lines), and the run ends with the last line
# on screen. The flood is a stand-in kernel in a private kernel directory:
# this tests the tutor, not a kernel. Then a kernel that crashes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/tui-run-lib.sh"
TUI_ENV="HPCTUTOR_KERNELDIR='$TUI_KDIR'"

cat >"$TUI_KDIR/hpct-flood" <<'SH'
#!/bin/sh
# Lines until stopped, a result line every 100k, a stderr line every 1000
# (the path in awk's arguments lets the test find it with ps).
exec awk -v me="$0" 'BEGIN {
	for (i = 1; ; i++) {
		printf "line %d of the flood, with some text to make it longer\n", i
		if (i % 100000 == 0) printf "@hpct kernel=flood variant=v seconds=%d check=ok\n", i / 100000
		if (i % 1000 == 0) printf "to stderr %d\n", i > "/dev/stderr"
	}
}'
SH
chmod +x "$TUI_KDIR/hpct-flood"

rss() { sed -n "s/^$1:[^0-9]*\([0-9]*\) kB/\1/p" "/proc/$(tutor_pid)/status"; }
# Lines the run has printed, from the run's header.
lines() { screen | sed -n 's/.* running [0-9.]* s · \([0-9]*\) lines.*/\1/p'; }
past() { n=$(lines); [ -n "$n" ] && [ "$n" -ge "$1" ]; }

run_page "flood"
tui_start 80 24
wait_text "[r] run"
before=$(rss VmRSS)
keys r
wait_text "running"
wait_for 120 past 2000000 || { screen; fail "the flood did not reach 2M lines"; }
# Keys during the flood: the focus moves, the output view changes, and
# the run is still going when their effect shows.
keys Tab
wait_text "Focus on the output" 10
keys Tab
wait_text "Focus on the results" 10
screen | grep -q " running " || fail "the flood ended by itself"
peak=$(rss VmHWM)
n=$(lines)
keys x
wait_text "stopped after" 30
wait_for 15 no_leftovers || { leftovers; fail "the flood is still running after x"; }
screen
echo "tutor RSS: ${before} kB before the run, peak ${peak} kB after ${n} lines"
[ -n "$before" ] && [ -n "$peak" ] || fail "cannot read the tutor's memory"
[ $((peak - before)) -lt 16384 ] || fail "memory grew with the flood: ${before} kB -> ${peak} kB"
screen | grep -Eq "│ v +[0-9.]+ s" || fail "the result lines did not reach the table"
# The pager keys scroll the output once it has the focus: g goes to the
# oldest line kept, G back to the newest.
last=$(screen | sed -n 's/^ line \([0-9]*\) of the flood.*/\1/p' | tail -1)
[ -n "$last" ] || fail "no flood line to scroll from"
keys Tab
wait_text "Focus on the lesson"
keys Tab
wait_text "Focus on the output"
keys g
wait_gone "line $last of"
keys G
wait_text "line $last of"
screen | grep -Eq "line [0-9]+ of the flood" || fail "no flood lines in the pane"

# A kernel that crashes: said in the pane, with what to do; the tutor
# carries on.
cat >"$TUI_KDIR/hpct-crash" <<'SH'
#!/bin/sh
echo "about to crash"
kill -SEGV $$
SH
chmod +x "$TUI_KDIR/hpct-crash"
tui_next
run_page "crash"
tui_start 80 24
wait_text "[r] run"
keys r
wait_text "failed after" 30
wait_text "about to crash"
wait_text "SIGSEGV"
wait_text "The tutor carries on"
keys Escape
wait_text "[r] run"
tutor_gone && fail "the tutor went down with the kernel"
keys q
wait_for 15 tutor_gone || fail "the tutor did not quit"
sanitizer_clean
exit 0
