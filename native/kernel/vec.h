// Fixed-width SIMD vectors written once with the GCC/Clang vector extension.
// The same source becomes SSE2, AVX2, AVX-512, NEON or wasm simd128 depending
// on the flags of the translation unit that includes it; a width of one lane
// is the portable scalar path. Everything here lives in the namespace named by
// SD_ISA so that each target's copy stays distinct at link time.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifndef SD_ISA
#error "define SD_ISA (the per-target namespace) before including vec.h"
#endif

#if defined(__SSE2__)
#include <immintrin.h>
#endif

// For what a kernel loop does once per vector (a quotient, a mask's next
// lanes). Left to itself, GCC 12 ran out of inlining budget in the larger
// loops and called the 16-bit quotients and BitsMask::next out of line,
// spilling every live vector around each call (clang inlined them). Forced,
// 1 MiB of float64, float16 and bfloat16 from L3 took half the time:
// `npm run bench:kernel -- 2 A-f64,A-f16,A-bf16` on a Zen 3 VM, three runs of
// each build, 65-77, 95-110 and 104-111 us before, 33-43, 44-58 and 44-60 after.
#define SD_VECTOR_INLINE __attribute__((always_inline)) inline

namespace sd {
namespace SD_ISA {

template <typename T, size_t Bytes>
struct VecOf {
  typedef T type __attribute__((vector_size(Bytes)));
};
template <typename T, size_t Bytes>
using Vec = typename VecOf<T, Bytes>::type;

// Lanes 0, 1, 2, ... in order.
template <typename T, size_t Bytes>
inline Vec<T, Bytes> iota() {
  Vec<T, Bytes> v{};
  for (size_t i = 0; i < Bytes / sizeof(T); ++i) v[i] = static_cast<T>(i);
  return v;
}

template <typename V>
inline V load(const void* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

template <typename V>
inline void store(void* p, V v) {
  __builtin_memcpy(p, &v, sizeof v);
}

// Whether vectors of `Bytes` have streaming stores here (else store_stream is
// a plain store).
#if defined(__SSE2__)
template <size_t Bytes>
constexpr bool kStreamsVectors = Bytes >= 16;
#else
template <size_t Bytes>
constexpr bool kStreamsVectors = false;
#endif

// The bits of v as another type of the same size.
template <typename T, typename V>
inline T bits_as(V v) {
  static_assert(sizeof(T) == sizeof(V), "same size");
  T t;
  __builtin_memcpy(&t, &v, sizeof t);
  return t;
}

// Non-temporal store of a whole vector to an address aligned to its size.
// Only worth it when the output will not be read back soon (large outputs): it
// skips the read-for-ownership that a normal store costs. One store per
// vector: the callers start every streamed piece on a cache line
// (kernel_impl.h, interleave), so a whole line goes out in one (AVX-512) or
// two (AVX2) stores instead of four 16-byte ones.
template <typename V>
inline void store_stream(void* p, V v) {
// (Every target that makes vectors of 32 or 64 bytes has the instructions
// for them: AVX2 and AVX-512 files only.)
#if defined(__AVX512F__)
  if constexpr (sizeof(V) == 64) return _mm512_stream_si512(static_cast<__m512i*>(p), bits_as<__m512i>(v));
#endif
#if defined(__AVX__)
  if constexpr (sizeof(V) == 32) return _mm256_stream_si256(static_cast<__m256i*>(p), bits_as<__m256i>(v));
#endif
#if defined(__SSE2__)
  if constexpr (sizeof(V) == 16) return _mm_stream_si128(static_cast<__m128i*>(p), bits_as<__m128i>(v));
#endif
  store(p, v);
}

// `bytes` bytes from `from` to `p`: streaming stores for the whole aligned
// 16-byte pieces, plain ones for whatever is left at either end.
inline void store_stream_bytes(void* p, const void* from, size_t bytes) {
  char* dst = static_cast<char*>(p);
  const char* src = static_cast<const char*>(from);
#if defined(__SSE2__)
  const size_t head = (16 - reinterpret_cast<uintptr_t>(dst) % 16) % 16;
  if (head < bytes) {
    __builtin_memcpy(dst, src, head);
    size_t i = head;
    for (; i + 16 <= bytes; i += 16) store_stream(dst + i, load<__m128i>(src + i));
    __builtin_memcpy(dst + i, src + i, bytes - i);
    return;
  }
#endif
  __builtin_memcpy(dst, src, bytes);
}

template <bool kStream, typename V>
inline void put(void* p, V v) {
  if constexpr (kStream) {
    store_stream(p, v);
  } else {
    store(p, v);
  }
}

}  // namespace SD_ISA
}  // namespace sd
