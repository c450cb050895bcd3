// The kernel template instantiated for avx512 (64-byte vectors).
#define SD_ISA avx512
#include "kernel_impl.h"

SD_DEFINE_KERNELS(avx512, 64, "avx512")
