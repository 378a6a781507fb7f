#!/bin/sh
# hpct-gpuadd-hip: the same source built by hipcc compiles and links. Nothing
# needs a GPU: without one the program must say so and exit 69; with one
# it must compute c = a + b.
. "$top_srcdir/tests/lib.sh"
[ -n "$HIPCC" ] || skip "no hipcc: configure found none, the hip build is skipped"
. "$top_srcdir/tests/kernels-lib.sh"
. "$top_srcdir/tests/kernels-gpuadd-lib.sh"

gpuadd_backend hip
