// Philox4x32-10 (Salmon et al., SC'11), the counter-based generator behind the
// mask. Header-only and in an unnamed namespace: every SIMD translation unit
// gets its own copy compiled under its own target flags, so the linker can never
// hand a baseline caller a copy that was compiled for AVX-512.
#pragma once
#include <stdint.h>

namespace sd {
namespace {

struct Philox4x32 {
  uint32_t v[4];
};

inline Philox4x32 philox4x32_10(Philox4x32 ctr, uint32_t k0, uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const uint64_t p0 = uint64_t{0xD2511F53u} * ctr.v[0];
    const uint64_t p1 = uint64_t{0xCD9E8D57u} * ctr.v[2];
    ctr = {{static_cast<uint32_t>(p1 >> 32) ^ ctr.v[1] ^ k0, static_cast<uint32_t>(p1),
            static_cast<uint32_t>(p0 >> 32) ^ ctr.v[3] ^ k1, static_cast<uint32_t>(p0)}};
  }
  return ctr;
}

}  // namespace
}  // namespace sd
