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

# MPI kernels: compiled and linked by MPICH's compiler wrapper, which
# configure found ($(MPICC)); the generic mpicc may belong to another MPI.
if HAVE_MPI
HPCT_MPI_KERNELS = kernels/hpct-hello kernels/hpct-sendrecv kernels/hpct-collectives \
	kernels/hpct-scatter kernels/hpct-ring
nodist_pkglibexec_SCRIPTS = $(HPCT_MPI_KERNELS)
CLEANFILES += $(HPCT_MPI_KERNELS)
HPCT_MPI_BUILD = $(MPICC) $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS) \
	$(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS) -o $@

kernels/hpct-hello: $(srcdir)/kernels/hello.c $(HPCT_KERNEL_LIB)
	$(AM_V_CC)$(HPCT_MPI_BUILD) $(srcdir)/kernels/hello.c $(HPCT_KERNEL_LIB) -lm
kernels/hpct-sendrecv: $(srcdir)/kernels/sendrecv.c $(HPCT_KERNEL_LIB)
	$(AM_V_CC)$(HPCT_MPI_BUILD) $(srcdir)/kernels/sendrecv.c $(HPCT_KERNEL_LIB) -lm
kernels/hpct-collectives: $(srcdir)/kernels/collectives.c $(HPCT_KERNEL_LIB)
	$(AM_V_CC)$(HPCT_MPI_BUILD) $(srcdir)/kernels/collectives.c $(HPCT_KERNEL_LIB) -lm
kernels/hpct-scatter: $(srcdir)/kernels/scatter.c $(HPCT_KERNEL_LIB)
	$(AM_V_CC)$(HPCT_MPI_BUILD) $(srcdir)/kernels/scatter.c $(HPCT_KERNEL_LIB) -lm
kernels/hpct-ring: $(srcdir)/kernels/ring.c $(HPCT_KERNEL_LIB)
	$(AM_V_CC)$(HPCT_MPI_BUILD) $(srcdir)/kernels/ring.c $(HPCT_KERNEL_LIB) -lm
endif
EXTRA_DIST += kernels/hello.c kernels/sendrecv.c kernels/collectives.c \
	kernels/scatter.c kernels/ring.c
