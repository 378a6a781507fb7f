#!/bin/sh
# hpct-gpuadd-cuda: the same source built by nvcc compiles and links. Nothing
# needs a GPU: without one the program must say so and exit 69; with one
# it must compute c = a + b.
. "$top_srcdir/tests/lib.sh"
[ -n "$NVCC" ] || skip "no nvcc: configure found none, the cuda build is skipped"
. "$top_srcdir/tests/kernels-lib.sh"
. "$top_srcdir/tests/kernels-gpuadd-lib.sh"

gpuadd_backend cuda
