#!/bin/sh
# The MPI kernels under a real launcher, 1 to 4 ranks: every rank reports,
# every received message checks out. Sizes and laps are small: with more
# ranks than cores MPICH's busy polling makes every message slow.
. "$top_srcdir/tests/lib.sh"
[ -n "$MPICC" ] && [ -n "$MPIEXEC" ] || skip "no MPI compiler or launcher (configure found none)"
. "$top_srcdir/tests/kernels-lib.sh"
# In a sanitizer build, LeakSanitizer would report what the MPI library
# itself leaves allocated at exit; our own leaks show in the other tests.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

# run N KERNEL ARGS...: under the launcher, with a generous time limit.
run() {
	n=$1 k=$2; shift 2
	timeout -k 5 120 "$MPIEXEC" -n "$n" "$K/hpct-$k" "$@" > "$tmp/$k.$n" 2> "$tmp/err" ||
		fail "mpiexec -n $n hpct-$k $*: exit $?: $(cat "$tmp/err")"
	results "$tmp/$k.$n" "$k"
}

for n in 1 2 3 4; do
	run $n hello --square
	[ "$(count '^@hpct kernel=hello rank=' "$tmp/hello.$n")" -eq $n ] || fail "hello: not $n ranks"
	r=0
	while [ $r -lt $n ]; do
		grep -q "^Hello from process $r of $n" "$tmp/hello.$n" || fail "hello: rank $r of $n is silent"
		grep -q "rank=$r size=$n .*square=$((r * r))" "$tmp/hello.$n" || fail "hello: rank $r squared"
		r=$((r + 1))
	done
	run $n hello --root-only
	[ "$(count '^Hello from' "$tmp/hello.$n")" -eq 1 ] || fail "hello --root-only: more than rank 0 spoke"

	last=$((n - 1))
	run $n collectives --root $last --size 4Ki --repeats 2 --warmup 1
	[ "$(count "op=bcast rank=.* root=$last check=ok" "$tmp/collectives.$n")" -eq $n ] ||
		fail "collectives: not every rank got the broadcast"
	grep -q "op=gather rank=$last root=$last ranks=$n check=ok" "$tmp/collectives.$n" || fail "gather at the root"
	grep -q 'op=manual-bcast .*stat=summary' "$tmp/collectives.$n" || fail "manual bcast not timed"
	grep -q 'op=MPI_Bcast .*stat=summary' "$tmp/collectives.$n" || fail "MPI_Bcast not timed"

	# 1001 does not divide by 2, 3 or 4: Scatterv.
	run $n scatter --n 1001 --serialised --repeats 1
	[ "$(count 'path=buffer rank=.*check=ok' "$tmp/scatter.$n")" -eq $n ] || fail "scatter: not every rank summed"
	[ "$(count 'path=serialised rank=.*check=ok' "$tmp/scatter.$n")" -eq $n ] || fail "scatter: serialised"
	grep -q 'total=1001 check=ok' "$tmp/scatter.$n" || fail "scatter: the total is not 1001"
	if [ $n -gt 1 ]; then
		grep -q 'op=MPI_Scatterv' "$tmp/scatter.$n" || fail "scatter: 1001 over $n ranks needs Scatterv"
	fi

	run $n ring --laps 3 --sizes 8,4Ki --repeats 1
	[ "$(count 'stat=check rank=.*check=ok' "$tmp/ring.$n")" -eq $n ] || fail "ring: not every rank checked"
	grep -q 'test=latency .*stat=summary.*us_per_hop=' "$tmp/ring.$n" || fail "ring: no latency"
	grep -q "stat=placement .*ranks=$n " "$tmp/ring.$n" || fail "ring: no placement line"
	if [ $n -gt 1 ]; then
		grep -q 'test=pingpong .*us_one_way=' "$tmp/ring.$n" || fail "ring: no ping-pong"
	fi
done
run 4 scatter --n 1000 --repeats 1
grep -q 'op=MPI_Scatter ' "$tmp/scatter.4" || fail "1000 over 4 ranks divides: MPI_Scatter"

# Oversubscription is detected and explained.
cores=$(nproc 2>/dev/null || echo 1)
over=$((cores + 1))
if [ $over -le 8 ]; then
	run $over ring --laps 2 --sizes 8 --repeats 1
	grep -q 'oversubscribed=1' "$tmp/ring.$over" || fail "ring: $over ranks on $cores cores not detected"
	grep -q 'busy loop' "$tmp/ring.$over" || fail "ring: no explanation of busy polling"
fi

run 2 sendrecv --reply
grep -q 'rank 1: received "Hello from rank 0"' "$tmp/sendrecv.2" || fail "sendrecv: rank 1 did not receive"
grep -q 'rank 0: received "Hi back from rank 1"' "$tmp/sendrecv.2" || fail "sendrecv: no reply"
run 3 sendrecv --size 100Ki
grep -q 'no message for me' "$tmp/sendrecv.3" || fail "sendrecv: rank 2 should idle"
run 2 sendrecv --stagger --reply
grep -Eq 'rank 0: received .* after waiting (0\.[5-9]|[1-9])' "$tmp/sendrecv.2" || fail "stagger: rank 0 did not wait"
expect_status 2 "needs at least 2 ranks" timeout 60 "$MPIEXEC" -n 1 "$K/hpct-sendrecv"
expect_status 2 "only 2 ranks" timeout 60 "$MPIEXEC" -n 2 "$K/hpct-collectives" --root 2
echo "ok: MPI kernels"
