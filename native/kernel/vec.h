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

// The alignment a streaming store needs: 16 bytes, whatever the vector width.
constexpr size_t kStreamAlign = 16;

// Non-temporal store of a whole vector to a 16-byte aligned address. Only
// worth it when the output will not be read back soon (large outputs): it
// skips the read-for-ownership that a normal store costs. Always in 16-byte
// pieces: a large ArrayBuffer's data sits 16 bytes into its mapping (malloc's
// header), so 32- or 64-byte streaming stores would need a scalar head and
// tail at every run, and a line written both ways is slow.
template <typename V>
inline void store_stream(void* p, V v) {
#if defined(__SSE2__)
  if constexpr (sizeof(V) % 16 == 0) {
    for (size_t part = 0; part < sizeof(V) / 16; ++part) {
      __m128i piece;
      __builtin_memcpy(&piece, reinterpret_cast<const char*>(&v) + 16 * part, 16);
      _mm_stream_si128(reinterpret_cast<__m128i*>(static_cast<char*>(p) + 16 * part), piece);
    }
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

}  // namespace SD_ISA
}  // namespace sd
