// The SIMD-free face of the kernels: one table of entry points per instruction
// set, each compiled in its own file (kernel_<isa>.cc) with its own target flags.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "job.h"

namespace sd {

// The per-(sample, channel) keep flags of one stretch of output, as lanes of
// all-ones or all-zero bits of the dtype's width. Element i of the stretch uses
// lanes[(phase + i) % period]; the buffer holds period + kMaxLanes entries (its
// head repeated) so that one vector load never needs to wrap. period >= kMaxLanes.
struct LanePattern {
  const void* lanes;
  size_t period;
  size_t phase;
};

// The widest vector any target uses, in bytes (AVX-512).
constexpr size_t kMaxVectorBytes = 64;
inline size_t max_lanes(DType d) { return kMaxVectorBytes / storage_bytes(d); }

// y[i] = RN(x[i] / divisor) & lane(i). `stream` asks for non-temporal stores.
using MaskedFn = void (*)(const void* x, void* y, size_t len, LanePattern pattern, double divisor, bool stream);
// y[i] = RN(x[i] / divisor): a run of kept values (channelsFirst).
using DivideFn = void (*)(const void* x, void* y, size_t len, double divisor, bool stream);

struct KernelTable {
  const char* name;
  MaskedFn masked[kDTypeCount];
  DivideFn divide[kDTypeCount];
};

// Defined only where the target exists; see isa.cc for which are compiled in.
const KernelTable& kernels_scalar();
const KernelTable& kernels_sse2();
const KernelTable& kernels_avx2();
const KernelTable& kernels_avx512();
const KernelTable& kernels_neon();
const KernelTable& kernels_wasm_simd128();

}  // namespace sd
