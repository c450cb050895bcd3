// What one call asks of the kernel, with no N-API types: the addon fills it
// from a checked request, the ThreadSanitizer test program fills it directly.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace sd {

// The numbering is part of the JS <-> native record (lib/backend/record.ts).
enum class DType : uint8_t { kFloat32 = 0, kFloat64 = 1, kFloat16 = 2, kBFloat16 = 3 };
enum class Layout : uint8_t { kChannelsLast = 0, kChannelsFirst = 1 };
constexpr int kDTypeCount = 4;

inline size_t storage_bytes(DType d) {
  switch (d) {
    case DType::kFloat32: return 4;
    case DType::kFloat64: return 8;
    default: return 2;
  }
}

// keep(n, c) per SPEC section 2, or read from a caller's N x C byte mask.
struct MaskSource {
  uint32_t key0 = 0, key1 = 0, step = 0;
  uint64_t sample_offset = 0;
  uint64_t threshold = 0;              // dropped iff u < threshold, 0 .. 2^32
  const uint8_t* explicit_keep = nullptr;  // N x C, 1 = kept; overrides the draw
};

// The tensor is seen as (samples, spatial, channels): SpatialDropout2D/3D only
// flatten their spatial axes into `spatial`.
struct Job {
  DType dtype = DType::kFloat32;
  Layout layout = Layout::kChannelsLast;
  size_t samples = 0, spatial = 0, channels = 0;
  double divisor = 1.0;  // already rounded to the dtype by the caller
  MaskSource mask;
  const void* input = nullptr;
  void* output = nullptr;

  size_t elements() const { return samples * spatial * channels; }
};

}  // namespace sd
