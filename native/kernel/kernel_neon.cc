// The kernel template instantiated for neon (16-byte vectors).
#define SD_ISA neon
#include "kernel_impl.h"

SD_DEFINE_KERNELS(neon, 16, "neon")
