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

namespace sd {
namespace SD_ISA {

template <typename T, size_t Bytes>
struct VecOf {
  typedef T type __attribute__((vector_size(Bytes)));
};
template <typename T, size_t Bytes>
using Vec = typename VecOf<T, Bytes>::type;

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

// Non-temporal store of a whole vector to an address aligned to its size.
// Only worth it when the output will not be read back soon (large outputs):
// it skips the read-for-ownership that a normal store costs.
template <typename V>
inline void store_stream(void* p, V v) {
#if defined(__AVX512F__)
  if constexpr (sizeof(V) == 64) {
    _mm512_stream_si512(static_cast<__m512i*>(p), reinterpret_cast<__m512i&>(v));
    return;
  }
#endif
#if defined(__AVX__)
  if constexpr (sizeof(V) == 32) {
    _mm256_stream_si256(static_cast<__m256i*>(p), reinterpret_cast<__m256i&>(v));
    return;
  }
#endif
#if defined(__SSE2__)
  if constexpr (sizeof(V) == 16) {
    _mm_stream_si128(static_cast<__m128i*>(p), reinterpret_cast<__m128i&>(v));
    return;
  }
#endif
  store(p, v);
}

template <bool kStream, typename V>
inline void put(void* p, V v) {
  if constexpr (kStream) {
    store_stream(p, v);
  } else {
    store(p, v);
  }
}

// Streaming stores are weakly ordered; fence before another thread may read.
inline void stream_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

}  // namespace SD_ISA
}  // namespace sd
