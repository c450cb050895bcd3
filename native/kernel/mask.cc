#include "mask.h"

#include "philox.h"

namespace sd {

void draw_keep(const MaskSource& mask, uint64_t n, size_t c0, size_t c1, uint8_t* keep) {
  const uint64_t g = mask.sample_offset + n;
  // Philox sees global channel indices: channel_offset + c.
  const uint64_t first = mask.channel_offset + c0, end = mask.channel_offset + c1;
  Philox4x32 ctr{{0, static_cast<uint32_t>(g), static_cast<uint32_t>(g >> 32), mask.step}};
  for (uint64_t block = first / 4; block * 4 < end; ++block) {
    ctr.v[0] = static_cast<uint32_t>(block);
    const Philox4x32 u = philox4x32_10(ctr, mask.key0, mask.key1);
    for (uint64_t j = 0; j < 4; ++j) {
      const uint64_t c = block * 4 + j;
      if (c >= first && c < end) keep[c - first] = u.v[j] >= mask.threshold;
    }
  }
}

const uint8_t* keep_flags(const MaskSource& mask, uint64_t n, size_t channels, size_t c0, size_t c1,
                          uint8_t* scratch) {
  if (mask.explicit_keep != nullptr) return mask.explicit_keep + n * channels + c0;
  draw_keep(mask, n, c0, c1, scratch);
  return scratch;
}

}  // namespace sd
