// SPEC section 3 on whole vectors of raw lane bits: x -> RN_dtype(x / k).
// 16-bit types are widened to float32, divided once and rounded once (exact, see
// SPEC), using F16C / AVX-512 conversions where the target has them and exact
// integer bit manipulation elsewhere. NaN stays NaN with its payload, quieted,
// as the hardware conversions do.
//
// How the quotient is formed (Op), all three bit-identical to x / k:
// - kDivide: a true IEEE division.
// - kMultiply: x * (1/k) for a power-of-two k, whose reciprocal is exact: the
//   same real number as x / k, so it rounds the same (subnormals, overflow).
// - kWideMultiply (float32, k > 0): RN32(x * RN64(1/k)) computed in double.
//   Why exact: the double product is within 2^-51.9 (relative) of x/k, while
//   x/k is at least 2^-49 (relative) away from every float32 rounding boundary
//   (midpoints, the overflow threshold, subnormal midpoints). Writing x = X 2^a,
//   k = K 2^b (X, K < 2^24 integers), a midpoint m = M 2^c (M odd, 2^24 <= M <
//   2^25 for normal results) gives |x/k - m| = |X 2^a - M K 2^(b+c)| / (K 2^b),
//   a nonzero multiple of 2^min(a, b+c) over K 2^b (nonzero: the odd part of X
//   is below 2^24 <= M; for subnormal results, because k <= 1 would make x a
//   float32 finer than 2^-149), hence relative distance > 2^-24 or > 2^-49.
//   So both round to the same float32. NaN, Inf and zeros pass through the
//   widening, the product and the narrowing exactly as through a division.
//   Checked against division for every float32 x by test/simd-parity.test.ts.
#pragma once
#include "job.h"
#include "vec.h"

namespace sd {
namespace SD_ISA {

enum class Op { kDivide, kMultiply, kWideMultiply };

template <Op op, typename F, typename S>
inline F scale(F a, S s) {
  if constexpr (op == Op::kDivide) {
    return a / s;
  } else {
    return a * s;
  }
}

template <DType D>
struct Arith;

template <>
struct Arith<DType::kFloat32> {
  using Lane = uint32_t;
  using Compute = float;
  template <size_t B, Op op, typename S>
  static Vec<Lane, B> quotient(Vec<Lane, B> bits, S s) {
    const Vec<float, B> x = (Vec<float, B>)bits;
    if constexpr (op == Op::kWideMultiply) {
      const Vec<double, 2 * B> wide = __builtin_convertvector(x, Vec<double, 2 * B>) * s;
      return (Vec<Lane, B>)__builtin_convertvector(wide, Vec<float, B>);
    } else {
      return (Vec<Lane, B>)scale<op>(x, s);
    }
  }
};

template <>
struct Arith<DType::kFloat64> {
  using Lane = uint64_t;
  using Compute = double;
  template <size_t B, Op op, typename S>
  static Vec<Lane, B> quotient(Vec<Lane, B> bits, S s) {
    static_assert(op != Op::kWideMultiply, "float64 has no wider type");
    return (Vec<Lane, B>)scale<op>((Vec<double, B>)bits, s);
  }
};

// Widened lanes: N 16-bit values held in 32-bit lanes.
template <size_t N>
using Wide = Vec<uint32_t, 4 * N>;
template <size_t N>
using WideF = Vec<float, 4 * N>;

// binary16 bits -> binary32 bits, exact for every input (subnormals by a
// float subtraction of 2^-14, Inf/NaN by moving the exponent to 255).
template <size_t N>
inline Wide<N> half_to_float_bits(Wide<N> h) {
  const Wide<N> em = (h & 0x7fffu) << 13;
  const Wide<N> exp = em & (0x7c00u << 13);
  Wide<N> o = em + ((127u - 15u) << 23);
  o = (exp == (0x7c00u << 13)) ? o + ((128u - 16u) << 23) : o;
  const WideF<N> sub = (WideF<N>)(o + (1u << 23)) - 6.103515625e-05f;  // 2^-14
  o = (exp == 0u) ? (Wide<N>)sub : o;
  return o | ((h & 0x8000u) << 16);
}

// binary32 bits -> binary16 bits, round to nearest even.
template <size_t N>
inline Wide<N> float_to_half_bits(Wide<N> f) {
  const Wide<N> sign = f & 0x80000000u;
  const Wide<N> a = f ^ sign;
  const Wide<N> special = (a > 0x7f800000u) ? (0x7e00u | ((a >> 13) & 0x3ffu)) : Wide<N>{} + 0x7c00u;
  // Below 2^-14 the result is subnormal: adding 0.5 rounds at 2^-24, the
  // binary16 subnormal spacing, with the FPU's own ties-to-even.
  const Wide<N> tiny = (Wide<N>)((WideF<N>)a + 0.5f) - 0x3f000000u;
  const Wide<N> normal = (a + ((15u - 127u) << 23) + 0xfffu + ((a >> 13) & 1u)) >> 13;
  const Wide<N> o = (a >= (143u << 23)) ? special : (a < (113u << 23)) ? tiny : normal;
  return o | (sign >> 16);
}

template <size_t N>
inline Wide<N> bfloat_to_float_bits(Wide<N> h) {
  return h << 16;
}

template <size_t N>
inline Wide<N> float_to_bfloat_bits(Wide<N> f) {
  const Wide<N> rounded = (f + 0x7fffu + ((f >> 16) & 1u)) >> 16;
  return ((f & 0x7fffffffu) > 0x7f800000u) ? ((f >> 16) | 0x40u) : rounded;
}

template <size_t B, Op op>
inline Vec<uint16_t, B> half_quotient(Vec<uint16_t, B> bits, float k) {
  constexpr size_t N = B / 2;
#if defined(__AVX512F__)
  if constexpr (B == 64) {
    __m256i lo, hi;
    __builtin_memcpy(&lo, &bits, 32);
    __builtin_memcpy(&hi, reinterpret_cast<const char*>(&bits) + 32, 32);
    const __m512 kv = _mm512_set1_ps(k);
    lo = _mm512_cvtps_ph(scale<op>(_mm512_cvtph_ps(lo), kv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    hi = _mm512_cvtps_ph(scale<op>(_mm512_cvtph_ps(hi), kv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    Vec<uint16_t, B> out;
    __builtin_memcpy(&out, &lo, 32);
    __builtin_memcpy(reinterpret_cast<char*>(&out) + 32, &hi, 32);
    return out;
  }
#endif
#if defined(__F16C__)
  if constexpr (B % 16 == 0) {
    Vec<uint16_t, B> out;
    const __m256 kv = _mm256_set1_ps(k);
    for (size_t part = 0; part < B / 16; ++part) {
      __m128i h;
      __builtin_memcpy(&h, reinterpret_cast<const char*>(&bits) + 16 * part, 16);
      h = _mm256_cvtps_ph(scale<op>(_mm256_cvtph_ps(h), kv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
      __builtin_memcpy(reinterpret_cast<char*>(&out) + 16 * part, &h, 16);
    }
    return out;
  }
#endif
  const Wide<N> wide = __builtin_convertvector(bits, Wide<N>);
  const WideF<N> q = scale<op>((WideF<N>)half_to_float_bits<N>(wide), k);
  return __builtin_convertvector(float_to_half_bits<N>((Wide<N>)q), Vec<uint16_t, B>);
}

template <>
struct Arith<DType::kFloat16> {
  using Lane = uint16_t;
  using Compute = float;
  template <size_t B, Op op, typename S>
  static Vec<Lane, B> quotient(Vec<Lane, B> bits, S s) {
    static_assert(op != Op::kWideMultiply, "16-bit types divide in float32");
    return half_quotient<B, op>(bits, s);
  }
};

template <>
struct Arith<DType::kBFloat16> {
  using Lane = uint16_t;
  using Compute = float;
  template <size_t B, Op op, typename S>
  static Vec<Lane, B> quotient(Vec<Lane, B> bits, S k) {
    static_assert(op != Op::kWideMultiply, "16-bit types divide in float32");
    constexpr size_t N = B / 2;
    const Wide<N> wide = __builtin_convertvector(bits, Wide<N>);
    const WideF<N> q = scale<op>((WideF<N>)bfloat_to_float_bits<N>(wide), k);
    return __builtin_convertvector(float_to_bfloat_bits<N>((Wide<N>)q), Vec<Lane, B>);
  }
};

}  // namespace SD_ISA
}  // namespace sd
