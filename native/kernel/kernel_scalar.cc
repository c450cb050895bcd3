// The kernel template instantiated for scalar (one lane of each dtype).
#define SD_ISA scalar
#include "kernel_impl.h"

SD_DEFINE_KERNELS(scalar, 0, "scalar")
