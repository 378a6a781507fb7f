# kernels: standalone programs the tutor launches and a learner can run by
# hand. Installed as $(pkglibexecdir)/hpct-NAME; in the build tree they sit
# in kernels/, where HPCTUTOR_KERNELDIR points.

noinst_LIBRARIES += kernels/common/libhpct.a
kernels_common_libhpct_a_SOURCES = kernels/common/hpct.h kernels/common/args.c \
	kernels/common/mem.c kernels/common/timing.c kernels/common/result.c
HPCT_KERNEL_LIB = kernels/common/libhpct.a

pkglibexec_PROGRAMS += kernels/hpct-sum
kernels_hpct_sum_SOURCES = kernels/sum.c kernels/sum_boxed.c kernels/sum_boxed.h
# omp simd lets the vectorised loops reorder their reductions; no -march:
# the binaries must run on every machine of a cluster.
kernels_hpct_sum_CFLAGS = $(AM_CFLAGS) $(OPENBLAS_CFLAGS) -fopenmp-simd
kernels_hpct_sum_LDADD = $(HPCT_KERNEL_LIB) $(OPENBLAS_LIBS) -lm

pkglibexec_PROGRAMS += kernels/hpct-map
kernels_hpct_map_SOURCES = kernels/map.c
kernels_hpct_map_CFLAGS = $(AM_CFLAGS) $(PTHREAD_LIBS)
kernels_hpct_map_LDADD = $(HPCT_KERNEL_LIB) $(PTHREAD_LIBS) -lm
