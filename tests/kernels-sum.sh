#!/bin/sh
# hpct-sum: every variant in both dtypes computes the right sum (check=ok on
# each result line), sizes are read in all three spellings, and the result
# lines are well-formed, one per repeat plus one summary per variant.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/kernels-lib.sh"

for dtype in float64 float32; do
	"$K/hpct-sum" --n 100003 --dtype $dtype --variant all --repeats 2 --warmup 1 \
		> "$tmp/sum" 2> "$tmp/err" || fail "hpct-sum --dtype $dtype: $(cat "$tmp/err")"
	results "$tmp/sum" sum
	for v in boxed loop simd blas read temp inplace fused; do
		[ "$(count "variant=$v dtype=$dtype n=100003 rep=" "$tmp/sum")" -eq 2 ] ||
			fail "$v: expected 2 measurements"
		[ "$(count "variant=$v dtype=$dtype n=100003 stat=summary" "$tmp/sum")" -eq 1 ] ||
			fail "$v: expected one summary"
	done
	# Each sum of the float64 data is exact: 7 of every 8 values are k/8.
	grep "variant=loop .*rep=1" "$tmp/sum" | grep -q "value=43751" ||
		fail "loop: wrong value: $(grep 'variant=loop.*rep=1' "$tmp/sum")"
	grep -q "ratio=1 " "$tmp/sum" || grep -q "ratio=1\$" "$tmp/sum" || fail "no variant has ratio 1"
done

# float32 at a size where a float accumulator would stop growing.
"$K/hpct-sum" --n 20M --dtype float32 --variant blas,simd,fused --repeats 1 --warmup 0 \
	> "$tmp/f32" 2> "$tmp/err" || fail "float32, 20M: $(cat "$tmp/err")"
results "$tmp/f32" sum

# The default run is the four sum variants.
"$K/hpct-sum" --n 1000 --repeats 1 > "$tmp/def" || fail "default variants"
[ "$(count 'stat=summary' "$tmp/def")" -eq 4 ] || fail "default: expected boxed, loop, simd, blas"
"$K/hpct-sum" --n 1000 --variant add --repeats 1 > "$tmp/add" || fail "--variant add"
[ "$(count 'stat=summary' "$tmp/add")" -eq 3 ] || fail "add: expected temp, inplace, fused"

for n in 1e5 100K 100000 0.1M; do
	"$K/hpct-sum" --n $n --variant loop --repeats 1 > "$tmp/n" || fail "--n $n"
	grep -q ' n=100000 ' "$tmp/n" || fail "--n $n is not 100000: $(grep '^@' "$tmp/n" | head -1)"
done

# BLAS threads: one by default, more when asked; output unchanged.
"$K/hpct-sum" --n 1M --variant blas --threads 2 --repeats 1 > "$tmp/t2" || fail "--threads 2"
results "$tmp/t2" sum
grep -q 'BLAS threads 2' "$tmp/t2" || fail "--threads 2 not reported"
grep -q 'BLAS threads 1' "$tmp/def" || fail "BLAS not pinned to one thread by default"
# Stopped from outside (the tutor's x key): it says so and dies at once,
# by the signal, even in the middle of a slow variant.
"$K/hpct-sum" --n 2M --variant boxed --repeats 1000 > "$tmp/long" 2> "$tmp/longerr" &
pid=$!
wait_for 30 grep -q 'rep=1 ' "$tmp/long" || { kill -KILL $pid; fail "no first result line"; }
kill -TERM $pid
i=0
while kill -0 $pid 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2> /dev/null && { kill -KILL $pid; fail "still running 5 s after SIGTERM"; }
wait $pid
st=$?
[ $st -eq 143 ] || fail "after SIGTERM: exit $st, expected 143 (killed by the signal)"
grep -q 'hpct-sum: terminated' "$tmp/longerr" || fail "no word on stderr about the signal"
echo "ok: hpct-sum"
