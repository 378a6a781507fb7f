/* gpuadd_host.c - the host build of gpuadd: the C compiler reads the one
 * kernel source, gpuadd.cu, and gpu_portable.h gives it the host backend. */
#include "gpuadd.cu"
