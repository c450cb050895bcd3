// The kernel template instantiated for avx512 (64-byte vectors).
#define SD_ISA avx512
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_avx512() {
  static constexpr KernelTable table = avx512::make_table<64>("avx512");
  return table;
}
}  // namespace sd
