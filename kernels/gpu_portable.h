/* gpu_portable.h - the few GPU calls gpuadd.cu needs, under one set of
 * names, for three backends chosen by the compiler that reads the file:
 *   hipcc (ROCm)  -> HIP
 *   nvcc (CUDA)   -> CUDA
 *   a C compiler  -> the host backend: "device" memory is ordinary memory,
 *                    copies are memcpy, and a launch runs the kernel body
 *                    once per (block, thread) of the grid, in a loop on the
 *                    CPU - the same source, with no GPU at all.
 * A kernel is written with GPU_KERNEL and finds its element with
 * GPU_GLOBAL_INDEX; it is started with GPU_LAUNCH(kernel, blocks, threads, args). */
#ifndef GPU_PORTABLE_H
#define GPU_PORTABLE_H

#include <stddef.h>

#if defined(__HIPCC__) || defined(__HIP__)
#include <hip/hip_runtime.h>
#define GPU_BACKEND "hip"
#define GPU_PROGNAME "gpuadd-hip"
#define gpuError_t hipError_t
#define gpuSuccess hipSuccess
#define gpuGetErrorString hipGetErrorString
#define gpuGetLastError hipGetLastError
#define gpuGetDeviceCount hipGetDeviceCount
#define gpuSetDevice hipSetDevice
#define gpuMemGetInfo hipMemGetInfo
#define gpuMalloc hipMalloc
#define gpuFree hipFree
#define gpuMallocHost(p, n) hipHostMalloc((p), (n), hipHostMallocDefault)
#define gpuFreeHost hipHostFree
#define gpuMemcpy hipMemcpy
#define gpuMemcpyHostToDevice hipMemcpyHostToDevice
#define gpuMemcpyDeviceToHost hipMemcpyDeviceToHost
#define gpuDeviceSynchronize hipDeviceSynchronize
#define gpuDeviceProp hipDeviceProp_t
#define gpuGetDeviceProperties hipGetDeviceProperties
#elif defined(__CUDACC__)
#include <cuda_runtime.h>
#define GPU_BACKEND "cuda"
#define GPU_PROGNAME "gpuadd-cuda"
#define gpuError_t cudaError_t
#define gpuSuccess cudaSuccess
#define gpuGetErrorString cudaGetErrorString
#define gpuGetLastError cudaGetLastError
#define gpuGetDeviceCount cudaGetDeviceCount
#define gpuSetDevice cudaSetDevice
#define gpuMemGetInfo cudaMemGetInfo
#define gpuMalloc cudaMalloc
#define gpuFree cudaFree
#define gpuMallocHost cudaMallocHost
#define gpuFreeHost cudaFreeHost
#define gpuMemcpy cudaMemcpy
#define gpuMemcpyHostToDevice cudaMemcpyHostToDevice
#define gpuMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define gpuDeviceSynchronize cudaDeviceSynchronize
#define gpuDeviceProp cudaDeviceProp
#define gpuGetDeviceProperties cudaGetDeviceProperties
#endif

#if defined(GPU_BACKEND)
#define GPU_KERNEL __global__
#define GPU_GLOBAL_INDEX ((size_t)blockIdx.x * blockDim.x + threadIdx.x)
#define GPU_LAUNCH(kernel, blocks, threads, ...) kernel<<<(blocks), (threads)>>>(__VA_ARGS__)
#define GPU_DEVICE_NAME(prop) ((prop).name)
#else
/* ------------------------------------------------------------ host backend */
#include <stdlib.h>
#include <string.h>

#define GPU_BACKEND "host"
#define GPU_PROGNAME "gpuadd"
typedef int gpuError_t;
enum { gpuSuccess = 0, gpuErrorMemoryAllocation = 2 };
enum gpuMemcpyKind { gpuMemcpyHostToDevice, gpuMemcpyDeviceToHost };
typedef struct { char name[64]; } gpuDeviceProp;

/* Where the kernel body is in the grid during a host launch. */
static size_t gpu_host_block, gpu_host_thread, gpu_host_dim;

#define GPU_KERNEL static
#define GPU_GLOBAL_INDEX (gpu_host_block * gpu_host_dim + gpu_host_thread)
#define GPU_LAUNCH(kernel, blocks, threads, ...)                                   \
	do {                                                                       \
		gpu_host_dim = (threads);                                          \
		for (gpu_host_block = 0; gpu_host_block < (size_t)(blocks); gpu_host_block++) \
			for (gpu_host_thread = 0; gpu_host_thread < gpu_host_dim; gpu_host_thread++) \
				kernel(__VA_ARGS__);                               \
	} while (0)
#define GPU_DEVICE_NAME(prop) ((prop).name)

static inline const char *gpuGetErrorString(gpuError_t e)
{
	return e == gpuSuccess ? "no error" : "out of memory";
}
static inline gpuError_t gpuGetLastError(void) { return gpuSuccess; }
static inline gpuError_t gpuGetDeviceCount(int *n) { *n = 1; return gpuSuccess; }
static inline gpuError_t gpuSetDevice(int d) { (void)d; return gpuSuccess; }
static inline gpuError_t gpuGetDeviceProperties(gpuDeviceProp *p, int d)
{
	(void)d;
	strcpy(p->name, "the CPU, no GPU");
	return gpuSuccess;
}
static inline gpuError_t gpuMemGetInfo(size_t *free_b, size_t *total_b)
{
	*free_b = *total_b = (size_t)-1; /* the caller checks MemAvailable */
	return gpuSuccess;
}
static inline gpuError_t gpuMalloc(void **p, size_t n)
{
	*p = malloc(n ? n : 1);
	return *p ? gpuSuccess : gpuErrorMemoryAllocation;
}
static inline gpuError_t gpuFree(void *p) { free(p); return gpuSuccess; }
/* Pinned memory is a device driver's idea; on the host it is malloc. */
#define gpuMallocHost gpuMalloc
#define gpuFreeHost gpuFree
static inline gpuError_t gpuMemcpy(void *dst, const void *src, size_t n, enum gpuMemcpyKind k)
{
	(void)k;
	memcpy(dst, src, n);
	return gpuSuccess;
}
static inline gpuError_t gpuDeviceSynchronize(void) { return gpuSuccess; }
#endif

#endif
