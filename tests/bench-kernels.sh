#!/bin/sh
# make bench: the kernels' figures, each a ratio of two things measured in
# the same run on this machine. Printed, never asserted.
K=${HPCTUTOR_KERNELDIR:?run through make bench}
PY=${PYTHON3:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hpct-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# field KEY: the value of KEY in the result line on stdin.
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" | head -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

echo "-- sum, N = 10M float64, one core (BLAS pinned to 1 thread)"
"$K/hpct-sum" --n 10M --variant loop,simd,blas,read --repeats 10 > "$tmp/sum" || echo "   hpct-sum failed"
read_gbps=$(grep 'variant=read .*stat=summary' "$tmp/sum" | field gbps)
best_line=$(grep 'stat=summary' "$tmp/sum" | grep -v 'variant=read' |
	awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^best=/) { split($i, a, "="); print a[2], $0 } }' |
	sort -g | head -1 | cut -d' ' -f2-)
best_var=$(echo "$best_line" | field variant)
best_s=$(echo "$best_line" | field best)
best_gbps=$(echo "$best_line" | field gbps)
for v in loop simd blas read; do
	l=$(grep "variant=$v .*stat=summary" "$tmp/sum")
	printf '   %-5s best %s s  %s GB/s\n' $v "$(echo "$l" | field best)" "$(echo "$l" | field gbps)"
done
echo "   best sum variant: $best_var, $best_gbps GB/s = $(calc '%.2f' "$best_gbps / $read_gbps") x the read probe ($read_gbps GB/s)   [issue: >= 0.90]"

if "$PY" -c 'import numpy' 2> /dev/null; then
	np_s=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$PY" -c '
import timeit, numpy as np
x = np.ones(10_000_000)
x.sum()
print(min(timeit.repeat(x.sum, number=1, repeat=10)))')
	echo "   NumPy x.sum(): $np_s s; best variant / NumPy = $(calc '%.2f' "$best_s / $np_s")   [issue: <= 0.5]"
else
	echo "   NumPy x.sum(): not measured ($PY has no numpy)"
fi

echo "-- boxed model vs a real CPython loop, N = 10M float64"
"$K/hpct-sum" --n 10M --variant boxed --repeats 3 > "$tmp/boxed" || echo "   hpct-sum boxed failed"
boxed_s=$(grep 'stat=summary' "$tmp/boxed" | field best)
if "$PY" -c 'import numpy' 2> /dev/null; then
	what="for v in x over a NumPy array"
	setup='import numpy as np; x = np.ones(10_000_000)'
else
	what="for v in x over array.array('d') (no NumPy here)"
	setup='import array; x = array.array("d", bytes(80_000_000))'
fi
py_s=$("$PY" -c "
import time
$setup
def f(x):
    s = 0.0
    for v in x:
        s += v
    return s
best = None
for _ in range(3):
    t = time.perf_counter(); f(x); t = time.perf_counter() - t
    best = t if best is None or t < best else best
print(best)")
echo "   boxed model: $boxed_s s ($(calc '%.1f' "$boxed_s * 100") ns per element)"
echo "   CPython $what: $py_s s ($(calc '%.1f' "$py_s * 100") ns per element)"
echo "   boxed / CPython = $(calc '%.2f' "$boxed_s / $py_s")   [issue: within 0.5 .. 2]"

echo "-- map, compute-bound (heavy, work 100), N = 1M, 1 and 2 threads"
"$K/hpct-map" --n 1M --work 100 --threads 1,2 --repeats 3 > "$tmp/map" || echo "   hpct-map failed"
for c in 1 2; do
	l=$(grep "mode=threads chunking=static threads=$c stat=summary" "$tmp/map")
	echo "   $c thread(s): best $(echo "$l" | field best) s, speedup $(echo "$l" | field speedup), efficiency $(echo "$l" | field efficiency)"
done
echo "   efficiency at 2 threads: $(grep 'threads=2 stat=summary' "$tmp/map" | field efficiency)   [issue: >= 0.95] ($(nproc) cores)"

echo "-- ring vs ping-pong, 8 B, 2 ranks"
if [ -n "$MPIEXEC" ] && [ -x "$K/hpct-ring" ]; then
	timeout 300 "$MPIEXEC" -n 2 "$K/hpct-ring" --laps 20000 --sizes 8,4Ki,256Ki,4Mi --repeats 5 > "$tmp/ring" ||
		echo "   hpct-ring failed"
	hop=$(grep 'test=latency .*stat=summary' "$tmp/ring" | field us_per_hop)
	pp=$(grep 'test=pingpong .*stat=summary' "$tmp/ring" | field us_one_way)
	echo "   ring: $hop us per hop; ping-pong: $pp us one way; ring / ping-pong = $(calc '%.2f' "$hop / $pp")   [issue: within 10%]"
	grep 'test=bandwidth' "$tmp/ring" | while read -r l; do
		echo "   bandwidth $(echo "$l" | field bytes) B: $(echo "$l" | field gbps) GB/s"
	done
	cores=$(nproc)
	if [ "$cores" -lt 4 ]; then
		timeout 300 "$MPIEXEC" -n 4 "$K/hpct-ring" --laps 20 --sizes 8 --repeats 1 > "$tmp/ring4" 2>&1
		echo "   4 ranks on $cores cores: $(grep 'test=latency .*stat=summary' "$tmp/ring4" | field us_per_hop) us per hop (oversubscribed: busy polling)"
	fi
else
	echo "   not measured: no MPI launcher or hpct-ring"
fi
