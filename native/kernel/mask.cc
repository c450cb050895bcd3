#include "mask.h"

#include "philox.h"

namespace sd {

void draw_keep(const MaskSource& mask, uint64_t n, size_t c0, size_t c1, uint8_t* keep) {
  const uint64_t g = mask.sample_offset + n;
  Philox4x32 ctr{{0, static_cast<uint32_t>(g), static_cast<uint32_t>(g >> 32), mask.step}};
  for (size_t block = c0 / 4; block * 4 < c1; ++block) {
    ctr.v[0] = static_cast<uint32_t>(block);
    const Philox4x32 u = philox4x32_10(ctr, mask.key0, mask.key1);
    for (size_t j = 0; j < 4; ++j) {
      const size_t c = block * 4 + j;
      if (c >= c0 && c < c1) keep[c - c0] = u.v[j] >= mask.threshold;
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
