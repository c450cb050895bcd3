// The kernel template instantiated for sse2 (16-byte vectors).
#define SD_ISA sse2
#include "kernel_impl.h"

SD_DEFINE_KERNELS(sse2, 16, "sse2")
