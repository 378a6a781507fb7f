#!/bin/sh
# A kernel that floods 2M lines: the runner drains it to the end, keeps
# memory flat (bounded rings), and `hpctutor run` streams it and finishes.
. "$top_srcdir/tests/lib.sh"
driver=$top_builddir/tests/test_run
[ -x "$driver" ] || skip "tests/test_run is not built (the check library is missing)"
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
# Freed lines must really be freed under AddressSanitizer too.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1:detect_leaks=0"
export ASAN_OPTIONS

cat >"$tmp/hpct-flood" <<'SH'
#!/bin/sh
# stdout and stderr both, a result line every 100k lines, labelled ranks
# ("plain" as $2: no rank labels, as a kernel run without a launcher)
awk -v n="$1" -v plain="$2" 'BEGIN {
	for (i = 1; i <= n; i++) {
		if (plain == "") printf "[%d] ", i % 4
		printf "line %d of the flood, with some text to make it longer\n", i
		if (i % 100000 == 0) printf "%s@hpct kernel=flood variant=v seconds=%d check=ok\n", plain == "" ? "[0] " : "", i / 100000
		if (i % 1000 == 0) printf "%sto stderr %d\n", plain == "" ? "[1] " : "", i > "/dev/stderr"
	}
}'
SH
chmod +x "$tmp/hpct-flood"

"$driver" --drive --labels bracket -- "$tmp/hpct-flood" 200000 >"$tmp/small" ||
	fail "driver failed on 200k lines"
"$driver" --drive --labels bracket -- "$tmp/hpct-flood" 2000000 >"$tmp/big" ||
	fail "driver failed on 2M lines"
cat "$tmp/small" "$tmp/big"
get() { sed -n "s/^$2=//p" "$1"; }
[ "$(get "$tmp/big" lines)" = 2002020 ] || fail "expected 2002020 lines, got $(get "$tmp/big" lines)"
[ "$(get "$tmp/big" results)" = 20 ] || fail "expected 20 result lines"
[ "$(get "$tmp/big" max_rank)" = 3 ] || fail "expected ranks 0..3"
[ "$(get "$tmp/big" status)" = 0 ] || fail "flood did not exit 0"
small=$(get "$tmp/small" rss_kb)
big=$(get "$tmp/big" rss_kb)
# Ten times the lines may not cost more than 8 MiB more memory.
[ $((big - small)) -lt 8192 ] || fail "memory grew with the flood: ${small} kB -> ${big} kB"
echo "peak RSS: ${small} kB for 200k lines, ${big} kB for 2M lines;" \
	"longest step $(get "$tmp/big" max_step_ms) ms"

# The batch command: streams everything, tabulates the result lines.
if "$HPCTUTOR" run --help >/dev/null 2>&1; then
	XDG_STATE_HOME=$tmp/state HPCTUTOR_KERNELDIR=$tmp \
		"$HPCTUTOR" run flood 2000000 plain >"$tmp/out" 2>"$tmp/err" || fail "hpctutor run flood failed"
	n=$(grep -c 'of the flood' "$tmp/out")
	[ "$n" = 2000000 ] || fail "hpctutor run printed $n flood lines, not 2000000"
	grep -q '^to stderr 2000000$' "$tmp/err" || fail "stderr lines not streamed"
	grep -Eq '^v +20 ' "$tmp/out" || fail "no results table row: $(tail -3 "$tmp/out")"
else
	echo "hpctutor does not dispatch 'run' in this build: batch half not checked"
fi
exit 0
