// The proof behind the 16-bit kernels' multiply (native/kernel/arith.h): for
// every divisor k in (0, 1] of float16 and of bfloat16, and all 65536 inputs,
// each SIMD level this CPU runs gives the SPEC result: the float32 quotient
// x / k rounded once to the format, ties to even. The kernels multiply by
// RN32(1/k) wherever reciprocal_is_exact(k) allows, so this is exhaustive, not
// a sample; and that predicate is checked to allow every divisor here with a
// finite reciprocal (else the kernels could pass by dividing). Exit status 0
// means every pair held.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../kernel/isa.h"
#include "../kernel/job.h"
// The kernels' own predicate, compiled here under a namespace of this file's.
#define SD_ISA reciprocal16_test
#include "../kernel/arith.h"

namespace {

float from_bits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

// The reference conversions, one value at a time and written independently
// of the kernel's vector code: the compiler's own _Float16 for binary16 (the
// F16C instructions where CMakeLists.txt enables them).
float half_to_float(uint16_t h) {
  _Float16 v;
  std::memcpy(&v, &h, 2);
  return static_cast<float>(v);
}

uint16_t float_to_half(float f) {
  const _Float16 v = static_cast<_Float16>(f);
  uint16_t h;
  std::memcpy(&h, &v, 2);
  return h;
}

float bfloat_to_float(uint16_t h) { return from_bits(uint32_t{h} << 16); }

// Round to nearest even on the dropped 16 bits; NaN keeps its top bits, quieted.
uint16_t float_to_bfloat(float f) {
  const uint32_t b = bits_of(f);
  if ((b & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((b >> 16) | 0x40u);
  const uint32_t lsb = (b >> 16) & 1u;
  return static_cast<uint16_t>((b + 0x7fffu + lsb) >> 16);
}

struct Format {
  const char* name;
  sd::DType dtype;
  uint16_t one;  // the bits of 1.0: every positive value up to it is a divisor
  float (*widen)(uint16_t);
  uint16_t (*narrow)(float);
  bool (*multiplies)(float);  // the kernels' reciprocal_is_exact
};

namespace arith = sd::reciprocal16_test;

}  // namespace

int main() {
  const Format formats[] = {
      {"float16", sd::DType::kFloat16, 0x3c00, half_to_float, float_to_half,
       arith::Arith<sd::DType::kFloat16>::reciprocal_is_exact},
      {"bfloat16", sd::DType::kBFloat16, 0x3f80, bfloat_to_float, float_to_bfloat,
       arith::Arith<sd::DType::kBFloat16>::reciprocal_is_exact}};
  std::vector<const sd::KernelTable*> levels;
  for (const std::string& name : sd::supported_isas()) levels.push_back(sd::choose_isa(name).kernels);

  std::vector<uint16_t> x(65536), expected(65536), got(65536);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint16_t>(i);
  long failures = 0;
  std::vector<float> values(65536);
  for (const Format& f : formats) {
    // Not divisors of the format, or out of (0, 1]: always the division.
    for (const float k : {0.8f, 0.0f, 1.5f, std::nanf("")}) {
      if (f.multiplies(k)) {
        std::fprintf(stderr, "FAILED: %s multiplies for divisor %g\n", f.name, k);
        ++failures;
      }
    }
    for (size_t i = 0; i < x.size(); ++i) values[i] = f.widen(x[i]);
    for (uint32_t kb = 1; kb <= f.one; ++kb) {
      const float k = f.widen(static_cast<uint16_t>(kb));
      if (f.multiplies(k) != std::isfinite(1.0f / k)) {
        std::fprintf(stderr, "FAILED: %s divisor %04x: reciprocal_is_exact is %d\n", f.name, kb, f.multiplies(k));
        ++failures;
      }
      for (size_t i = 0; i < x.size(); ++i) expected[i] = f.narrow(values[i] / k);
      for (const sd::KernelTable* kernels : levels) {
        kernels->divide[static_cast<int>(f.dtype)](x.data(), got.data(), x.size(), k);
        if (std::memcmp(got.data(), expected.data(), 2 * got.size()) == 0) continue;
        for (size_t i = 0; i < x.size(); ++i) {
          if (got[i] == expected[i]) continue;
          if (++failures <= 10) {
            std::fprintf(stderr, "FAILED: %s %s: x %04zx / k %04x gave %04x, expected %04x\n", kernels->name, f.name,
                         i, kb, got[i], expected[i]);
          }
        }
      }
    }
    std::printf("%s: every divisor in (0, 1] (%u) x 65536 inputs on %zu SIMD levels\n", f.name, f.one, levels.size());
  }
  if (failures > 0) std::fprintf(stderr, "%ld pairs differ\n", failures);
  return failures == 0 ? 0 : 1;
}
