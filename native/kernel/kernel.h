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

// Keep flags as bits, for channelsLast rows of few channels: element i of the
// stretch is element (offset + i) of a run of whole samples of sample_len
// elements each, in channel (offset + i) % channels, kept iff that bit of
// bits[(offset + i) / sample_len] is set. Needs channels <= bits in a lane,
// sample_len >= kMaxVectorBytes / lane bytes, and one more bits entry than the
// samples touched (read ahead, its value unused).
struct BitsPattern {
  const uint64_t* bits;
  size_t channels;
  size_t sample_len;
  size_t offset;
};

// Keep flags per row, for channelsFirst rows of at least a vector: element i
// of the stretch, which starts on a row, is kept iff keep[i / row_len] is
// nonzero.
struct RowsPattern {
  const uint8_t* keep;
  size_t row_len;
};

// The widest vector any target uses, in bytes (AVX-512).
constexpr size_t kMaxVectorBytes = 64;
inline size_t max_lanes(DType d) { return kMaxVectorBytes / storage_bytes(d); }

// y[i] = RN(x[i] / divisor) & lane(i). `stream` asks for the streamed order
// (stretches.h) and, unless x is y, non-temporal stores, which are weakly
// ordered: whoever makes the calls fences once after the last (run.cc, per
// part), rather than every call paying an sfence.
using MaskedFn = void (*)(const void* x, void* y, size_t len, LanePattern pattern, double divisor, bool stream);
// The same with the lanes built from bits (BitsPattern).
using MaskedBitsFn = void (*)(const void* x, void* y, size_t len, BitsPattern pattern, double divisor, bool stream);
// The same with a flag per row (RowsPattern). It reads and divides dropped
// rows too: for streamed channelsFirst outputs, which then go out in the
// streamed order in one pass instead of run by run.
using MaskedRowsFn = void (*)(const void* x, void* y, size_t len, RowsPattern pattern, double divisor, bool stream);
// y[i] = RN(x[i] / divisor): a run of kept values (channelsFirst outputs
// that are not streamed; streamed ones go through masked_rows).
using DivideFn = void (*)(const void* x, void* y, size_t len, double divisor);
// y = 0 over `bytes` bytes: a run of dropped values (likewise).
using ZeroFn = void (*)(void* y, size_t bytes);
// keep[s * stride + c - c0] = keep(n0 + s, c) for s < samples, c0 <= c < c1
// (SPEC section 2), writing exactly those bytes.
using DrawFn = void (*)(const MaskSource& mask, uint64_t n0, size_t samples, size_t c0, size_t c1, uint8_t* keep,
                        size_t stride);
// bits[s] = keep(n0 + s, c) as bit c, for s < samples and channels <= 64.
using DrawBitsFn = void (*)(const MaskSource& mask, uint64_t n0, size_t samples, size_t channels, uint64_t* bits);
// A plain copy of `bytes` bytes with the same vectors and stores: the
// benchmark's memory-bandwidth ceiling, never part of a dropout call.
using CopyFn = void (*)(const void* x, void* y, size_t bytes, bool stream);

struct KernelTable {
  const char* name;
  MaskedFn masked[kDTypeCount];
  MaskedBitsFn masked_bits[kDTypeCount];
  MaskedRowsFn masked_rows[kDTypeCount];
  DivideFn divide[kDTypeCount];
  ZeroFn zero;
  DrawFn draw;
  DrawBitsFn draw_bits;
  CopyFn copy;
};

// Defined only where the target exists; see isa.cc for which are compiled in.
const KernelTable& kernels_scalar();
const KernelTable& kernels_sse2();
const KernelTable& kernels_avx2();
const KernelTable& kernels_avx512();
const KernelTable& kernels_neon();
const KernelTable& kernels_wasm_simd128();

}  // namespace sd
