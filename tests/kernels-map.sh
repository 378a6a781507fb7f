#!/bin/sh
# hpct-map: threads (static and dynamic chunks) and processes compute every
# output right; the sweep reports speedup, efficiency and an Amdahl fit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/kernels-lib.sh"

"$K/hpct-map" --n 20001 --work 20 --threads 1,2,3 --chunking both --repeats 2 \
	> "$tmp/map" 2> "$tmp/err" || fail "threads: $(cat "$tmp/err")"
results "$tmp/map" map
for c in static dynamic; do
	for t in 1 2 3; do
		[ "$(count "mode=threads chunking=$c threads=$t fn=heavy .*rep=" "$tmp/map")" -eq 2 ] ||
			fail "$c/$t: expected 2 measurements"
		grep -q "mode=threads chunking=$c threads=$t stat=summary .*speedup=.*efficiency=" "$tmp/map" ||
			fail "$c/$t: no summary"
	done
	grep -q "chunking=$c stat=amdahl serial_fraction=" "$tmp/map" || fail "$c: no Amdahl fit"
done
grep -q 'threads=1 stat=summary .*speedup=1 ' "$tmp/map" || fail "1 thread is not speedup 1"

"$K/hpct-map" --n 5000 --fn square --threads 1-2 --chunk 7 --chunking dynamic --repeats 1 \
	> "$tmp/sq" || fail "square, chunk 7"
results "$tmp/sq" map

"$K/hpct-map" --n 20001 --work 5 --processes --threads 1,3 --repeats 2 \
	> "$tmp/proc" 2> "$tmp/err" || fail "processes: $(cat "$tmp/err")"
results "$tmp/proc" map
[ "$(count 'mode=processes .*rep=.*start_seconds=' "$tmp/proc")" -eq 4 ] || fail "processes: 4 measurements"

# Default sweep: 1 .. 2 x cores.
cores=$(nproc 2>/dev/null || echo 1)
"$K/hpct-map" --n 2000 --work 1 --repeats 1 --warmup 0 > "$tmp/def" || fail "default sweep"
[ "$(count 'stat=summary' "$tmp/def")" -eq $((2 * cores)) ] || fail "default sweep is not 1..2x$cores"
echo "ok: hpct-map"
