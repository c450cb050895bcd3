// The kernel template instantiated for neon (16-byte vectors).
#define SD_ISA neon
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_neon() {
  static constexpr KernelTable table = neon::make_table<16>("neon");
  return table;
}
}  // namespace sd
