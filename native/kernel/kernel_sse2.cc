// The kernel template instantiated for sse2 (16-byte vectors).
#define SD_ISA sse2
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_sse2() {
  static constexpr KernelTable table = sse2::make_table<16>("sse2");
  return table;
}
}  // namespace sd
