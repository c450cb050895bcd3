// The kernel template instantiated for WebAssembly simd128. Built only by
// scripts/build-wasm.mjs (clang --target=wasm32 -msimd128), never by node-gyp.
// Its vectors are 32 bytes: each operation is two v128 instructions, which
// gives V8 a loop with half the bookkeeping per byte (f32 channelsLast in
// cache: 24 GB/s against 20 with 16-byte vectors; other dtypes alike).
// There is no F16C here, so float16 and bfloat16 take arith.h's exact
// integer conversions.
#define SD_ISA wasm_simd128
#include "kernel_impl.h"

SD_DEFINE_KERNELS(wasm_simd128, 32, "simd128")
