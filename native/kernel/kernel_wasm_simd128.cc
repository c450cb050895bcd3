// The kernel template instantiated for WebAssembly simd128 (16-byte vectors).
// Built only by scripts/build-wasm.mjs (clang --target=wasm32 -msimd128), never
// by node-gyp. There is no F16C here, so float16 and bfloat16 take arith.h's
// exact integer conversions, still four lanes at a time.
#define SD_ISA wasm_simd128
#include "kernel_impl.h"

namespace sd {
const KernelTable& kernels_wasm_simd128() {
  static constexpr KernelTable table = wasm_simd128::make_table<16>("simd128");
  return table;
}
}  // namespace sd
