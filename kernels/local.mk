# kernels: standalone programs the tutor launches and a learner can run by
# hand. Installed as $(pkglibexecdir)/hpct-NAME; in the build tree they sit
# in kernels/, where HPCTUTOR_KERNELDIR points.

noinst_LIBRARIES += kernels/common/libhpct.a
kernels_common_libhpct_a_SOURCES = kernels/common/hpct.h kernels/common/args.c \
	kernels/common/mem.c kernels/common/timing.c kernels/common/result.c
HPCT_KERNEL_LIB = kernels/common/libhpct.a
# The same code without the sanitizers, for the GPU builds: nvcc and hipcc
# link it, and know nothing of the C build's instrumentation.
noinst_LIBRARIES += kernels/common/libhpct-plain.a
kernels_common_libhpct_plain_a_SOURCES = $(kernels_common_libhpct_a_SOURCES)
kernels_common_libhpct_plain_a_CFLAGS = -std=gnu11 $(WARN_CFLAGS)
HPCT_PLAIN_LIB = kernels/common/libhpct-plain.a

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

# Kernels built by other compilers (MPICH's wrapper, nvcc, hipcc) through
# explicit rules; each part is skipped where configure found no compiler.
HPCT_MPI_KERNELS =
HPCT_GPU_KERNELS =
nodist_pkglibexec_SCRIPTS = $(HPCT_MPI_KERNELS) $(HPCT_GPU_KERNELS)
CLEANFILES += $(HPCT_MPI_KERNELS) $(HPCT_GPU_KERNELS)

# MPI kernels: compiled and linked by MPICH's compiler wrapper, which
# configure found ($(MPICC)); the generic mpicc may belong to another MPI.
if HAVE_MPI
HPCT_MPI_KERNELS += kernels/hpct-hello kernels/hpct-sendrecv kernels/hpct-collectives \
	kernels/hpct-scatter kernels/hpct-ring
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

# gpuadd: one source. The host build always (the C compiler reads
# gpuadd.cu through gpuadd_host.c); CUDA and HIP builds where their
# compilers are.
pkglibexec_PROGRAMS += kernels/hpct-gpuadd
kernels_hpct_gpuadd_SOURCES = kernels/gpuadd_host.c
EXTRA_DIST += kernels/gpuadd.cu kernels/gpu_portable.h
kernels_hpct_gpuadd_LDADD = $(HPCT_KERNEL_LIB) -lm
HPCT_GPU_DEPS = $(srcdir)/kernels/gpuadd.cu $(srcdir)/kernels/gpu_portable.h \
	$(srcdir)/kernels/common/hpct.h $(HPCT_PLAIN_LIB)
# Override on the command line for another GPU: make HIP_OFFLOAD_ARCH=gfx942,
# make NVCCFLAGS=-arch=sm_90. nvcc's default embeds PTX that any newer
# NVIDIA GPU compiles at load time.
HIP_OFFLOAD_ARCH = gfx90a

if HAVE_NVCC
HPCT_GPU_KERNELS += kernels/hpct-gpuadd-cuda
kernels/hpct-gpuadd-cuda: $(HPCT_GPU_DEPS)
	@$(MKDIR_P) kernels
	$(AM_V_GEN)$(NVCC) -O2 -I$(srcdir)/kernels \
	  -Xcompiler -Wall,-Wextra,-Wno-unused-parameter $(NVCCFLAGS) \
	  -o $@ $(srcdir)/kernels/gpuadd.cu $(HPCT_PLAIN_LIB)
endif

if HAVE_HIPCC
HPCT_GPU_KERNELS += kernels/hpct-gpuadd-hip
kernels/hpct-gpuadd-hip: $(HPCT_GPU_DEPS)
	@$(MKDIR_P) kernels
	$(AM_V_GEN)$(HIPCC) -O2 --offload-arch=$(HIP_OFFLOAD_ARCH) -I$(srcdir)/kernels \
	  -Wall -Wextra -Wno-unused-parameter $(HIPCCFLAGS) \
	  -o $@ -x hip $(srcdir)/kernels/gpuadd.cu -x none $(HPCT_PLAIN_LIB)
endif

# Tests of the kernels (make check) and their figures (make bench).
HPCT_KERNEL_TESTS = tests/kernels-args.sh tests/kernels-sum.sh tests/kernels-map.sh \
	tests/kernels-mpi.sh tests/kernels-deadlock.sh tests/kernels-gpuadd.sh \
	tests/kernels-gpuadd-cuda.sh tests/kernels-gpuadd-hip.sh
TESTS += $(HPCT_KERNEL_TESTS)
EXTRA_DIST += $(HPCT_KERNEL_TESTS) tests/kernels-lib.sh tests/kernels-gpuadd-lib.sh \
	tests/bench-kernels.sh

if HAVE_CHECK
check_PROGRAMS += tests/test_kernels
TESTS += tests/test_kernels
tests_test_kernels_SOURCES = tests/test_kernels.c
tests_test_kernels_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_kernels_LDADD = $(HPCT_KERNEL_LIB) $(CHECK_LIBS) -lm
endif
