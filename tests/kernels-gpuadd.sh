#!/bin/sh
# hpct-gpuadd, host build: the kernel body run over the grid computes
# c = a + b exactly, for both dtypes, both kinds of host memory, and a
# grid whose last block is only partly used.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/kernels-lib.sh"

for dtype in float32 float64; do
	"$K/hpct-gpuadd" --n 100003 --dtype $dtype --block 128 --repeats 2 > "$tmp/ga" 2> "$tmp/err" ||
		fail "gpuadd --dtype $dtype: $(cat "$tmp/err")"
	results "$tmp/ga" gpuadd
	for mem in pageable pinned; do
		[ "$(count "backend=host memory=$mem dtype=$dtype n=100003 rep=.*h2d_gbps=.*kernel_gbps=.*d2h_gbps=" "$tmp/ga")" -eq 2 ] ||
			fail "$dtype/$mem: expected 2 measurements with the three phases"
		grep -q "memory=$mem dtype=$dtype .*stat=summary .*transfer_fraction=" "$tmp/ga" ||
			fail "$dtype/$mem: no summary"
	done
done
"$K/hpct-gpuadd" --n 1 --memory pinned --repeats 1 > "$tmp/one" || fail "n = 1"
results "$tmp/one" gpuadd
grep -q 'memory=pageable' "$tmp/one" && fail "--memory pinned also ran pageable"
echo "ok: hpct-gpuadd (host)"
