// Philox4x32-10 on whole vectors of counters (one counter per 32-bit lane), and
// the keep flags of SPEC section 2 drawn with it. Part of the kernel template:
// each kernel_<isa>.cc compiles it with its own vectors, so a batch of samples
// with few channels costs a fraction of a scalar Philox per sample.
#pragma once
#include "job.h"
#include "vec.h"

namespace sd {
namespace SD_ISA {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the byte flags of a lane assume little-endian order");

// Bytes >= 8: a 64-bit lane must fit (the scalar build uses two 32-bit lanes).
template <size_t Bytes>
struct PhiloxVec {
  using U32 = Vec<uint32_t, Bytes>;
  using U64 = Vec<uint64_t, Bytes>;
  static constexpr size_t kLanes = Bytes / 4;
  // Independent vectors in flight: one round is a chain of dependent
  // multiplies, so chains side by side keep the multiplier busy. Four where
  // there are 32 vector registers (AVX-512 on Zen 4: 1.38 -> 1.08 ns a block,
  // the last line of npm run bench:kernel), two where 16 must hold them (four
  // spill on AVX2: 2.30 -> 2.68 ns, timing the AVX2 table's draw_bits alone).
  static constexpr size_t kChains = Bytes == 64 ? 4 : 2;
  static constexpr size_t kCounters = kLanes * kChains;

  // A pass takes as few chains as its counters need, so that a sample of 16
  // blocks costs one vector of rounds, not kChains of them.
  template <size_t N>
  struct Chains {
    static constexpr size_t value = N, counters = N * kLanes;
  };
  // f(Chains<n>{}) for the fewest chains n (1, 2 or kChains) whose lanes hold
  // `needed` counters (all kChains where they do not); returns what f returns.
  template <typename F>
  static auto with_chains(size_t needed, F f) {
    if (needed <= kLanes) return f(Chains<1>{});
    if (kChains > 2 && needed <= 2 * kLanes) return f(Chains<2>{});
    return f(Chains<kChains>{});
  }

  // (a & 0xffffffff) * (b & 0xffffffff) per 64-bit lane: one instruction where
  // the target has it (GCC does not see that the high halves are zero).
  static U64 mul_even(U64 a, U64 b) {
#if defined(__AVX512F__)
    if constexpr (Bytes == 64) return (U64)_mm512_mul_epu32((__m512i)a, (__m512i)b);
#endif
#if defined(__AVX2__)
    if constexpr (Bytes == 32) return (U64)_mm256_mul_epu32((__m256i)a, (__m256i)b);
#endif
#if defined(__SSE2__)
    if constexpr (Bytes == 16) return (U64)_mm_mul_epu32((__m128i)a, (__m128i)b);
#endif
    return (a & 0xffffffffu) * (b & 0xffffffffu);
  }

  // Lanes 0, 2, 4... from a, 1, 3, 5... from b.
  static U32 interleave(U32 a, U32 b) {
#if defined(__AVX512F__)
    if constexpr (Bytes == 64) return (U32)_mm512_mask_blend_epi32(0xaaaa, (__m512i)a, (__m512i)b);
#endif
#if defined(__AVX2__)
    if constexpr (Bytes == 32) return (U32)_mm256_blend_epi32((__m256i)a, (__m256i)b, 0xaa);
#endif
    return (U32)(((U64)a & 0xffffffffu) | ((U64)b & 0xffffffff00000000u));
  }

  // High and low words of m * c for every lane. The high ones from two
  // widening multiplies (even lanes, odd lanes); the low ones from a 32-bit
  // lane multiply where the target has one (one instruction instead of a shift
  // and a blend: 5% faster draws on AVX2), else from the same two products,
  // since SSE2 would emulate that multiply with two more of them.
  static void mul_hi_lo(U32 c, uint32_t m, U32& hi, U32& lo) {
    const U64 mv = U64{} + m;
    const U64 even = mul_even((U64)c, mv), odd = mul_even((U64)c >> 32, mv);
    hi = interleave((U32)(even >> 32), (U32)odd);
#if defined(__SSE4_1__) || defined(__ARM_NEON) || defined(__wasm_simd128__)
    lo = c * m;
#else
    lo = interleave((U32)even, (U32)(odd << 32));
#endif
  }

  // The ten rounds' keys, each in every lane: made once per draw, so a round
  // reads them rather than adding and broadcasting two scalars (8% faster
  // draws on AVX2).
  struct Keys {
    U32 k0[10], k1[10];
    explicit Keys(const MaskSource& m) {
      uint32_t a = m.key0, b = m.key1;
      for (int round = 0; round < 10; ++round, a += 0x9E3779B9u, b += 0xBB67AE85u) {
        k0[round] = U32{} + a;
        k1[round] = U32{} + b;
      }
    }
  };

  // The flags of block b that are channels (the last block may be partial).
  static uint32_t valid_nibble(size_t channels, size_t b) {
    return channels - 4 * b >= 4 ? 0xfu : (1u << (channels - 4 * b)) - 1;
  }

  // Ten rounds on Ch vectors of counters (c[word][chain]). (Unrolled,
  // the counters no longer fit the registers: measured slower.)
  template <size_t Ch>
  static void rounds(U32 (&c)[4][Ch], const Keys& keys) {
    for (int round = 0; round < 10; ++round) {
      for (size_t j = 0; j < Ch; ++j) {
        U32 hi0, lo0, hi1, lo1;
        mul_hi_lo(c[0][j], 0xD2511F53u, hi0, lo0);
        mul_hi_lo(c[2][j], 0xCD9E8D57u, hi1, lo1);
        const U32 n0 = hi1 ^ c[1][j] ^ keys.k0[round], n2 = hi0 ^ c[3][j] ^ keys.k1[round];
        c[0][j] = n0;
        c[1][j] = lo1;
        c[2][j] = n2;
        c[3][j] = lo0;
      }
    }
  }

  // Keep flags of each lane's four channels (1 = kept): `shift` apart within
  // the lane, channel 4 * block + j at bit j * shift. Shift 8 gives one byte
  // per channel, shift 1 a nibble.
  template <size_t Ch>
  static U32 flags(const U32 (&c)[4][Ch], size_t chain, uint64_t threshold, uint32_t shift) {
    if (threshold > 0xffffffffu) return U32{};  // rate 1: every u is below 2^32
    const U32 t = U32{} + static_cast<uint32_t>(threshold);
    U32 out{};
    for (uint32_t j = 0; j < 4; ++j) out |= ((U32)(c[j][chain] >= t) & 1u) << (shift * j);
    return out;
  }

  // Counters (block, g, step) for Ch * kLanes consecutive blocks of sample g.
  template <size_t Ch>
  static void blocks_of_sample(U32 (&c)[4][Ch], const MaskSource& m, uint64_t g, size_t first_block) {
    for (size_t j = 0; j < Ch; ++j) {
      c[0][j] = iota<uint32_t, Bytes>() + static_cast<uint32_t>(first_block + j * kLanes);
      c[1][j] = U32{} + static_cast<uint32_t>(g);
      c[2][j] = U32{} + static_cast<uint32_t>(g >> 32);
      c[3][j] = U32{} + m.step;
    }
  }

  // Counters (block, g, step) for one block of Ch * kLanes consecutive samples
  // from global index `first`: the low word wraps, the high word takes the carry.
  template <size_t Ch>
  static void samples_of_block(U32 (&c)[4][Ch], const MaskSource& m, uint64_t first, size_t block) {
    for (size_t j = 0; j < Ch; ++j) {
      const uint64_t base = first + j * kLanes;
      const U32 low = iota<uint32_t, Bytes>() + static_cast<uint32_t>(base);
      c[0][j] = U32{} + static_cast<uint32_t>(block);
      c[1][j] = low;
      c[2][j] = (U32{} + static_cast<uint32_t>(base >> 32)) - (U32)(low < static_cast<uint32_t>(base));
      c[3][j] = U32{} + m.step;
    }
  }

  // keep[s * stride + c - c0] for samples n0 + s, s < samples, and channels
  // c0 <= c < c1: writes exactly those bytes, nothing around them.
  static void draw(const MaskSource& m, uint64_t n0, size_t samples, size_t c0, size_t c1, uint8_t* keep,
                   size_t stride) {
    if (samples == 0 || c0 >= c1) return;
    const size_t b0 = c0 / 4, b1 = (c1 + 3) / 4;
    const Keys keys(m);
    // Blocks wholly inside [c0, c1): their four bytes can be copied as they are.
    const size_t whole0 = (c0 + 3) / 4, whole1 = c1 / 4;
    uint32_t packed[kCounters];
    // One sample's blocks side by side when a row has enough of them,
    // otherwise one block of many samples.
    if (b1 - b0 >= kLanes || samples < kLanes) {
      for (size_t s = 0; s < samples; ++s) {
        uint8_t* row = keep + s * stride;
        for (size_t b = b0; b < b1;) {
          b = with_chains(b1 - b, [&](auto chains) {
            constexpr size_t kCount = decltype(chains)::counters;
            U32 c[4][decltype(chains)::value];
            blocks_of_sample(c, m, m.sample_offset + n0 + s, b);
            compute(c, m, keys, packed);
            const size_t end = b1 - b < kCount ? b1 : b + kCount;
            const size_t lo = b > whole0 ? b : whole0, hi = end < whole1 ? end : whole1;
            if (lo < hi) __builtin_memcpy(row + 4 * lo - c0, packed + (lo - b), 4 * (hi - lo));
            for (size_t i = b; i < end; ++i) {
              if (i < lo || i >= hi) put_block(row, packed[i - b], i, c0, c1);
            }
            return end;
          });
        }
      }
    } else {
      for (size_t b = b0; b < b1; ++b) {
        for (size_t s = 0; s < samples;) {
          s = with_chains(samples - s, [&](auto chains) {
            constexpr size_t kCount = decltype(chains)::counters;
            U32 c[4][decltype(chains)::value];
            samples_of_block(c, m, m.sample_offset + n0 + s, b);
            compute(c, m, keys, packed);
            const size_t count = samples - s < kCount ? samples - s : kCount;
            for (size_t i = 0; i < count; ++i) put_block(keep + (s + i) * stride, packed[i], b, c0, c1);
            return s + count;
          });
        }
      }
    }
  }

  // bits[s] = keep flags of sample n0 + s as bits (bit c = channel c), for
  // channels <= 64: one block of many samples at a time, the nibbles of a
  // sample's blocks gathered in two 32-bit halves.
  static void draw_bits(const MaskSource& m, uint64_t n0, size_t samples, size_t channels, uint64_t* bits) {
    const size_t blocks = (channels + 3) / 4;
    const Keys keys(m);
    if (samples < kLanes && blocks > 1) {
      few_samples_bits(m, keys, n0, samples, channels, bits);
      return;
    }
    for (size_t s = 0; s < samples;) {
      s = with_chains(samples - s, [&](auto chains) {
        constexpr size_t kCh = decltype(chains)::value, kCount = decltype(chains)::counters;
        U32 low[kCh] = {}, high[kCh] = {};
        for (size_t b = 0; b < blocks; ++b) {
          U32 c[4][kCh];
          samples_of_block(c, m, m.sample_offset + n0 + s, b);
          rounds(c, keys);
          const uint32_t valid = valid_nibble(channels, b);
          for (size_t j = 0; j < kCh; ++j) {
            const U32 nibble = flags(c, j, m.threshold, 1) & valid;
            if (b < 8) {
              low[j] |= nibble << (4 * b);
            } else {
              high[j] |= nibble << (4 * (b - 8));
            }
          }
        }
        const size_t count = samples - s < kCount ? samples - s : kCount;
        // Through plain arrays, which the compiler widens a vector at a time:
        // lane by lane, these stores took over a quarter of the draw (0.82-0.83
        // against 1.13 ns a block for F's bits on Zen 4, npm run bench:kernel).
        uint32_t lows[kCount], highs[kCount];
        __builtin_memcpy(lows, low, sizeof lows);
        __builtin_memcpy(highs, high, sizeof highs);
        for (size_t i = 0; i < count; ++i) bits[s + i] = lows[i] | uint64_t{highs[i]} << 32;
        return s + count;
      });
    }
  }

 private:
  // Fewer samples than lanes (a latency-bound call of one sample, say): the
  // lanes take (sample, block) pairs in order, so a sample of 16 channels is
  // one pass of the rounds where one block of every lane would take four.
  static void few_samples_bits(const MaskSource& m, const Keys& keys, uint64_t n0, size_t samples, size_t channels,
                               uint64_t* bits) {
    const size_t blocks = (channels + 3) / 4, pairs = samples * blocks;
    // Pair p is block b of sample s, counted up rather than divided out.
    struct Pair {
      size_t s, b, blocks;
      void advance() {
        if (++b == blocks) {
          b = 0;
          ++s;
        }
      }
    };
    for (size_t s = 0; s < samples; ++s) bits[s] = 0;
    for (size_t first = 0; first < pairs;) {
      first = with_chains(pairs - first, [&](auto chains) {
        constexpr size_t kCh = decltype(chains)::value, kCount = decltype(chains)::counters;
        // Lanes past the last pair repeat it: computed, unused.
        uint32_t words[4][kCount];
        Pair p{first / blocks, first % blocks, blocks};
        for (size_t i = 0; i < kCount; ++i) {
          const uint64_t g = m.sample_offset + n0 + p.s;
          words[0][i] = static_cast<uint32_t>(p.b);
          words[1][i] = static_cast<uint32_t>(g);
          words[2][i] = static_cast<uint32_t>(g >> 32);
          words[3][i] = m.step;
          if (first + i + 1 < pairs) p.advance();
        }
        U32 c[4][kCh];
        for (size_t w = 0; w < 4; ++w) {
          for (size_t j = 0; j < kCh; ++j) c[w][j] = load<U32>(&words[w][j * kLanes]);
        }
        rounds(c, keys);
        p = {first / blocks, first % blocks, blocks};
        for (size_t j = 0; j < kCh; ++j) {
          const U32 nibbles = flags(c, j, m.threshold, 1);
          for (size_t i = 0; i < kLanes && first + j * kLanes + i < pairs; ++i, p.advance()) {
            bits[p.s] |= uint64_t{nibbles[i] & valid_nibble(channels, p.b)} << (4 * p.b);
          }
        }
        return first + kCount;
      });
    }
  }

  // Ten rounds, then the keep flags of each lane's four channels, a byte each.
  template <size_t Ch>
  static void compute(U32 (&c)[4][Ch], const MaskSource& m, const Keys& keys, uint32_t* packed) {
    rounds(c, keys);
    for (size_t j = 0; j < Ch; ++j) {
      const U32 f = flags(c, j, m.threshold, 8);
      __builtin_memcpy(packed + j * kLanes, &f, sizeof f);
    }
  }

  // The bytes of block b that fall in [c0, c1), into a row that starts at c0.
  static void put_block(uint8_t* row, uint32_t flags, size_t b, size_t c0, size_t c1) {
    const size_t first = 4 * b;
    if (first >= c0 && first + 4 <= c1) {
      __builtin_memcpy(row + (first - c0), &flags, 4);
      return;
    }
    for (size_t j = 0; j < 4; ++j) {
      const size_t c = first + j;
      if (c >= c0 && c < c1) row[c - c0] = static_cast<uint8_t>(flags >> (8 * j));
    }
  }
};

}  // namespace SD_ISA
}  // namespace sd
