// The kernel template instantiated for avx2 (32-byte vectors).
#define SD_ISA avx2
#include "kernel_impl.h"

SD_DEFINE_KERNELS(avx2, 32, "avx2")
