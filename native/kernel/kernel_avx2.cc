// The kernel template instantiated for avx2 (32-byte vectors).
#define SD_ISA avx2
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_avx2() {
  static constexpr KernelTable table = avx2::make_table<32>("avx2");
  return table;
}
}  // namespace sd
