#!/bin/sh
# Every kernel: --help, --version, and clear refusals (exit 2) of bad knobs,
# including sizes beyond the memory the machine has available.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/kernels-lib.sh"

names="sum map gpuadd"
[ -n "$MPICC" ] && names="$names hello sendrecv collectives scatter ring"
for k in $names; do
	[ -x "$K/hpct-$k" ] || fail "hpct-$k was not built"
	"$K/hpct-$k" --help > "$tmp/help" || fail "hpct-$k --help failed"
	grep -q "^Usage: hpct-$k" "$tmp/help" || fail "hpct-$k --help has no usage line"
	"$K/hpct-$k" --version | grep -q "hpct-$k" || fail "hpct-$k --version"
	expect_status 2 "hpct-$k: unknown option '--bogus'" "$K/hpct-$k" --bogus
	expect_status 2 "hpct-$k: unexpected argument" "$K/hpct-$k" stray
done

# Sizes: negative, not a number, a fraction, a bad suffix, out of range.
expect_status 2 "cannot be negative" "$K/hpct-sum" --n -5
expect_status 2 "not a number" "$K/hpct-sum" --n lots
expect_status 2 "not a whole number" "$K/hpct-sum" --n 1.5
expect_status 2 "unknown suffix" "$K/hpct-sum" --n 10X
expect_status 2 "out of range" "$K/hpct-sum" --n 0
expect_status 2 "out of range" "$K/hpct-sum" --n 1e15
expect_status 2 "needs a value" "$K/hpct-sum" --n
expect_status 2 "unknown value 'float16'" "$K/hpct-sum" --dtype float16
expect_status 2 "unknown variant 'fast'" "$K/hpct-sum" --variant loop,fast
expect_status 2 "out of range" "$K/hpct-sum" --repeats 0
expect_status 2 "not a whole number" "$K/hpct-sum" --repeats two
expect_status 2 "out of range" "$K/hpct-map" --threads 0,2
expect_status 2 "range must go upwards" "$K/hpct-map" --threads 4-1
expect_status 2 "chunking static only" "$K/hpct-map" --processes --chunking dynamic
expect_status 2 "unknown value 'huge'" "$K/hpct-gpuadd" --memory huge
expect_status 2 "out of range" "$K/hpct-gpuadd" --block 2048

# Beyond MemAvailable: refused before allocating, with the figures.
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
if [ -n "$avail" ]; then
	# Elements enough that even float32 needs twice what is available now,
	# so that memory freed meanwhile cannot turn the refusal into a run.
	big=$(( avail * 1024 / 2 ))
	expect_status 2 "MemAvailable" "$K/hpct-sum" --n "$big"
	expect_status 2 "MemAvailable" "$K/hpct-sum" --n "$big" --dtype float32
	expect_status 2 "MemAvailable" "$K/hpct-map" --n "$big"
	expect_status 2 "MemAvailable" "$K/hpct-gpuadd" --n "$big"
else
	echo "no /proc/meminfo: the MemAvailable refusal is not tested here"
fi

if [ -n "$MPICC" ]; then
	expect_status 2 "out of range" "$K/hpct-sendrecv" --size 8
	expect_status 2 "cannot be combined" "$K/hpct-sendrecv" --deadlock --reply
	expect_status 2 "out of range" "$K/hpct-ring" --sizes 4
	expect_status 2 "out of range" "$K/hpct-collectives" --root -1
	expect_status 2 "out of range" "$K/hpct-scatter" --n 1e10
fi
echo "ok: every kernel validates its knobs"
