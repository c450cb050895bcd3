// SPEC section 3 on whole vectors of raw lane bits: x -> RN_dtype(x / k).
// 16-bit types are widened to float32, their quotient formed in float32 (per
// Op) and rounded once, using F16C / AVX-512 conversions where the target has
// them and exact integer bit manipulation elsewhere. NaN stays NaN with its
// payload, quieted, as the hardware conversions do.
//
// How the quotient is formed (Op), both bit-identical to x / k:
// - kDivide: a true IEEE division.
// - kMultiply: x * (1/k) rounded to the compute type (float32, or double for
//   float64), where Arith<D>::reciprocal_is_exact(k) says it rounds like the
//   division for every x. For float32 and float64 that is a power-of-two k
//   (rate 0.5, 0.75, ...), whose reciprocal is exact: the same real number as
//   x / k. For the 16-bit types it is every divisor of the format in (0, 1]
//   with a finite reciprocal: x / k is never close enough to a 16-bit rounding
//   boundary for the product's error (under 1.5 float32 ulps) to cross one,
//   which native/test/reciprocal16_test.cc checks for all 65536 x and every
//   such divisor. Only the bfloat16 divisors at or below 2^-128, which no rate
//   yields (1 - rate >= 2^-53), fail, their reciprocal being infinite; so
//   every rate below 1 multiplies.
// (Multiplying float32 by RN64(1/k) in double is exact too, see
// lib/backend/js-kernel.ts, but measured no faster than vdivps here: the
// conversions cost what the division does.)
#pragma once
#include "job.h"
#include "vec.h"

namespace sd {
namespace SD_ISA {

enum class Op { kDivide, kMultiply };

template <Op op, typename F, typename S>
SD_VECTOR_INLINE F scale(F a, S s) {
  if constexpr (op == Op::kDivide) {
    return a / s;
  } else {
    return a * s;
  }
}

template <DType D>
struct Arith;

// k is a normal power of two, so 1/k is exact and finite.
inline bool is_power_of_two(float k) {
  uint32_t b;
  __builtin_memcpy(&b, &k, 4);
  const uint32_t e = (b >> 23) & 0xff;
  return (b & 0x807fffffu) == 0 && e != 0 && e != 0xff;
}

inline bool is_power_of_two(double k) {
  uint64_t b;
  __builtin_memcpy(&b, &k, 8);
  const uint64_t e = (b >> 52) & 0x7ff;
  return (b & 0x800fffffffffffffu) == 0 && e != 0 && e != 0x7ff;
}

template <>
struct Arith<DType::kFloat32> {
  using Lane = uint32_t;
  using Compute = float;
  static bool reciprocal_is_exact(float k) { return is_power_of_two(k); }
  template <size_t B, Op op>
  static SD_VECTOR_INLINE Vec<Lane, B> quotient(Vec<Lane, B> bits, float k) {
    return (Vec<Lane, B>)scale<op>((Vec<float, B>)bits, k);
  }
};

template <>
struct Arith<DType::kFloat64> {
  using Lane = uint64_t;
  using Compute = double;
  static bool reciprocal_is_exact(double k) { return is_power_of_two(k); }
  template <size_t B, Op op>
  static SD_VECTOR_INLINE Vec<Lane, B> quotient(Vec<Lane, B> bits, double k) {
    return (Vec<Lane, B>)scale<op>((Vec<double, B>)bits, k);
  }
};

// 16-bit formats work on 32-bit lanes holding one value each (in the low half
// for the narrowing helpers' results). Comparisons are made signed where both
// sides are below 2^31: x86 before AVX-512 has no unsigned vector compare, and
// GCC would otherwise fall back to scalar code.
template <typename W>
using Signed = Vec<int32_t, sizeof(W)>;
template <typename W>
using Floats = Vec<float, sizeof(W)>;

// binary16 bits (low half of each lane) -> binary32 bits, exact for every
// input (subnormals by a float subtraction of 2^-14, Inf/NaN by moving the
// exponent to 255).
template <typename W>
SD_VECTOR_INLINE W half_to_float_bits(W h) {
  const W em = (h & 0x7fffu) << 13;
  const W exp = em & (0x7c00u << 13);
  W o = em + ((127u - 15u) << 23);
  o = (exp == (0x7c00u << 13)) ? o + ((128u - 16u) << 23) : o;
  const Floats<W> sub = (Floats<W>)(o + (1u << 23)) - 6.103515625e-05f;  // 2^-14
  o = (exp == 0u) ? (W)sub : o;
  return o | ((h & 0x8000u) << 16);
}

// binary32 bits -> binary16 bits in the low half, round to nearest even.
template <typename W>
SD_VECTOR_INLINE W float_to_half_bits(W f) {
  const W sign = f & 0x80000000u;
  const W a = f ^ sign;
  const Signed<W> as = (Signed<W>)a;
  const W special = (as > 0x7f800000) ? (0x7e00u | ((a >> 13) & 0x3ffu)) : W{} + 0x7c00u;
  // Below 2^-14 the result is subnormal: adding 0.5 rounds at 2^-24, the
  // binary16 subnormal spacing, with the FPU's own ties-to-even.
  const W tiny = (W)((Floats<W>)a + 0.5f) - 0x3f000000u;
  const W normal = (a + ((15u - 127u) << 23) + 0xfffu + ((a >> 13) & 1u)) >> 13;
  const W o = (as >= static_cast<int32_t>(143u << 23)) ? special : (as < static_cast<int32_t>(113u << 23)) ? tiny : normal;
  return o | (sign >> 16);
}

// binary32 bits -> bfloat16 bits in the low half, round to nearest even.
template <typename W>
SD_VECTOR_INLINE W float_to_bfloat_bits(W f) {
  const W rounded = (f + 0x7fffu + ((f >> 16) & 1u)) >> 16;
  return ((Signed<W>)(f & 0x7fffffffu) > 0x7f800000) ? ((f >> 16) | 0x40u) : rounded;
}

// The same for a quotient of a widened bfloat16 by a finite divisor. On x86
// such a NaN has its low 16 bits clear (the hardware returns the NaN operand
// quieted, or the default NaN 0xffc00000), so rounding cannot carry out of its
// payload and already gives the quieted NaN: the select (four of the nine
// operations) is left out. NEON and wasm make looser promises about NaN bits.
template <typename W>
SD_VECTOR_INLINE W quotient_to_bfloat_bits(W f) {
#if defined(__SSE2__)
  return (f + 0x7fffu + ((f >> 16) & 1u)) >> 16;
#else
  return float_to_bfloat_bits(f);
#endif
}

// A 16-bit vector seen as 32-bit lanes of two values: each half widened to
// float32, its quotient formed, rounded back, and the halves put together
// again. No shuffles, so every target does it in a handful of instructions.
template <size_t B, Op op, typename Even, typename Odd, typename Narrow>
SD_VECTOR_INLINE Vec<uint16_t, B> by_halves(Vec<uint16_t, B> bits, float k, Even even, Odd odd, Narrow narrow) {
  using W = Vec<uint32_t, B>;
  const W w = (W)bits;
  const W lo = narrow((W)scale<op>((Floats<W>)even(w), k));
  const W hi = narrow((W)scale<op>((Floats<W>)odd(w), k));
  return (Vec<uint16_t, B>)(lo | (hi << 16));
}

// The same for a single value (the scalar build's one-lane vectors).
template <size_t B, Op op, typename Widen, typename Narrow>
SD_VECTOR_INLINE Vec<uint16_t, B> one_value(Vec<uint16_t, B> bits, float k, Widen widen, Narrow narrow) {
  using W = Vec<uint32_t, 4>;
  const W w = W{bits[0]};
  return Vec<uint16_t, B>{static_cast<uint16_t>(narrow((W)scale<op>((Floats<W>)widen(w), k))[0])};
}

template <size_t B, Op op>
SD_VECTOR_INLINE Vec<uint16_t, B> half_quotient(Vec<uint16_t, B> bits, float k) {
#if defined(__AVX512F__)
  if constexpr (B == 64) {
    constexpr int kRound = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    const __m512i v = (__m512i)bits;
    const __m512 kv = _mm512_set1_ps(k);
    const __m256i lo = _mm512_cvtps_ph(scale<op>(_mm512_cvtph_ps(_mm512_castsi512_si256(v)), kv), kRound);
    const __m256i hi = _mm512_cvtps_ph(scale<op>(_mm512_cvtph_ps(_mm512_extracti64x4_epi64(v, 1)), kv), kRound);
    return (Vec<uint16_t, B>)_mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
  }
#endif
#if defined(__F16C__) && defined(__AVX2__)
  if constexpr (B == 32) {
    constexpr int kRound = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    const __m256i v = (__m256i)bits;
    const __m256 kv = _mm256_set1_ps(k);
    const __m128i lo = _mm256_cvtps_ph(scale<op>(_mm256_cvtph_ps(_mm256_castsi256_si128(v)), kv), kRound);
    const __m128i hi = _mm256_cvtps_ph(scale<op>(_mm256_cvtph_ps(_mm256_extracti128_si256(v, 1)), kv), kRound);
    return (Vec<uint16_t, B>)_mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
  }
#endif
  auto narrow = [](auto f) { return float_to_half_bits(f); };
  auto even = [](auto w) { return half_to_float_bits(w & 0xffffu); };
  if constexpr (B < 4) {
    return one_value<B, op>(bits, k, even, narrow);
  } else {
    return by_halves<B, op>(bits, k, even, [](auto w) { return half_to_float_bits(w >> 16); }, narrow);
  }
}

template <size_t B, Op op>
SD_VECTOR_INLINE Vec<uint16_t, B> bfloat_quotient(Vec<uint16_t, B> bits, float k) {
  auto narrow = [](auto f) { return quotient_to_bfloat_bits(f); };
  auto even = [](auto w) { return w << 16; };
  if constexpr (B < 4) {
    return one_value<B, op>(bits, k, even, narrow);
  } else {
    return by_halves<B, op>(bits, k, even, [](auto w) { return w & 0xffff0000u; }, narrow);
  }
}

// What the exhaustive check covers: k one of the format's values (its bits
// survive a round trip), in (0, 1], with a finite reciprocal.
template <typename Widen, typename Narrow>
inline bool reciprocal16_is_exact(float k, Widen widen, Narrow narrow) {
  using W = Vec<uint32_t, 4>;
  W bits;
  __builtin_memcpy(&bits, &k, 4);
  const W back = widen(narrow(bits) & 0xffffu);
  const float r = 1.0f / k;
  // r - r is 0 exactly when r is finite (no <cmath> in kernel code).
  return back[0] == bits[0] && k > 0.0f && k <= 1.0f && r - r == 0.0f;
}

template <>
struct Arith<DType::kFloat16> {
  using Lane = uint16_t;
  using Compute = float;
  static bool reciprocal_is_exact(float k) {
    return reciprocal16_is_exact(k, [](auto w) { return half_to_float_bits(w); }, [](auto f) { return float_to_half_bits(f); });
  }
  template <size_t B, Op op>
  static SD_VECTOR_INLINE Vec<Lane, B> quotient(Vec<Lane, B> bits, float k) {
    return half_quotient<B, op>(bits, k);
  }
};

template <>
struct Arith<DType::kBFloat16> {
  using Lane = uint16_t;
  using Compute = float;
  static bool reciprocal_is_exact(float k) {
    return reciprocal16_is_exact(k, [](auto w) { return w << 16; }, [](auto f) { return float_to_bfloat_bits(f); });
  }
  template <size_t B, Op op>
  static SD_VECTOR_INLINE Vec<Lane, B> quotient(Vec<Lane, B> bits, float k) {
    return bfloat_quotient<B, op>(bits, k);
  }
};

}  // namespace SD_ISA
}  // namespace sd
