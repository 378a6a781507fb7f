#!/bin/sh
# make bench: run every tests/bench-*.sh and print what each measured.
# Figures are printed, never asserted: the machines are shared and noisy,
# so each benchmark compares ratios measured within one run.
srcdir=${top_srcdir:-$(dirname "$0")/..}
status=0
for b in "$srcdir"/tests/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	$SHELL "$b" || { echo "   (benchmark $(basename "$b") failed: exit $?)"; status=1; }
done
exit $status
