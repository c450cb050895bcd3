// The kernel template instantiated for scalar (one lane of each dtype).
#define SD_ISA scalar
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_scalar() {
  static constexpr KernelTable table = scalar::make_table<0>("scalar");
  return table;
}
}  // namespace sd
