// The one kernel: a template over dtype and vector width, included by each
// kernel_<isa>.cc under its own SD_ISA namespace and target flags. It touches
// only the caller's x, y and mask description; no allocation, no library
// templates (whose out-of-line copies could leak target instructions into
// other files).
#pragma once
#include "arith.h"
#include "kernel.h"
#include "philox_vec.h"
#include "stretches.h"

namespace sd {
namespace SD_ISA {

template <DType D, size_t Bytes>
struct Kernel {
  using A = Arith<D>;
  using Lane = typename A::Lane;
  using K = typename A::Compute;
  using V = Vec<Lane, Bytes>;
  static constexpr size_t kLanes = Bytes / sizeof(Lane);

  // Every lane x, as one broadcast (V{} + x would promote a 16-bit x to int,
  // and a loop over lanes compiles to a chain of inserts).
  static SD_VECTOR_INLINE V splat(Lane x) {
    if constexpr (sizeof(Lane) == 2 && Bytes >= 4) {
      return (V)(Vec<uint32_t, Bytes>{} + static_cast<uint32_t>(x) * 0x10001u);
    } else if constexpr (sizeof(Lane) == 2) {
      return V{x};
    } else {
      return V{} + x;
    }
  }

  // Masks for lanes in order, n at a time (n == kLanes but at the ends).
  struct NoMask {
    SD_VECTOR_INLINE V next(size_t) { return ~V{}; }
  };

  // A row's flag on every lane; a vector that reaches into the next row
  // blends the two (rows are at least a vector long, so never three).
  struct RowMask {
    const uint8_t* keep;
    size_t row_len, row, r;  // r: lanes left in the current row
    V lane;

    RowMask(const RowsPattern& p, size_t i)
        : keep(p.keep), row_len(p.row_len), row(i / p.row_len), r(p.row_len - i % p.row_len), lane(iota<Lane, Bytes>()) {}

    static SD_VECTOR_INLINE V flag(uint8_t kept) { return kept != 0 ? ~V{} : V{}; }

    SD_VECTOR_INLINE V next(size_t n) {
      const V cur = flag(keep[row]);
      if (r > n) {
        r -= n;
        return cur;
      }
      // Only read the next row's flag when the vector reaches into it.
      const V b = r < n ? ((lane < splat(static_cast<Lane>(r))) ? cur : flag(keep[row + 1])) : cur;
      ++row;
      r += row_len - n;
      return b;
    }
  };

  struct PatternMask {
    const Lane* lanes;
    size_t period, j;
    SD_VECTOR_INLINE V next(size_t n) {
      const V m = load<V>(lanes + j);
      j += n;
      if (j >= period) j -= period;
      return m;
    }
  };

  // Lane i holds 1 << (its channel) in `sel`, and the keep bits of its sample
  // broadcast in `cur`: their AND says kept. `r` counts the lanes left in the
  // current sample; a vector straddling two samples blends the two.
  //
  // Whole vectors take `sel` from a table of one period of the channel
  // pattern (C / gcd(C, kLanes) vectors): rotating it vector by vector was a
  // chain of three dependent operations that bounded the loop.
  struct BitsMask {
    static constexpr size_t kMaxPeriod = 64;  // channels <= 64
    const uint64_t* bits;
    size_t channels, sample_len, s, r, shift, period, j = 0;
    bool built = false;
    V sel, cur, full, lane;
    V table[kMaxPeriod];

    explicit BitsMask(const BitsPattern& p)
        : bits(p.bits),
          channels(p.channels),
          sample_len(p.sample_len),
          s(p.offset / p.sample_len),
          r(p.sample_len - p.offset % p.sample_len),
          shift(kLanes % p.channels),
          period(p.channels / gcd(p.channels, kLanes)),
          sel{},
          cur(splat(static_cast<Lane>(p.bits[p.offset / p.sample_len]))),
          full(splat(static_cast<Lane>(p.channels == 8 * sizeof(Lane) ? ~Lane{0} : (Lane{1} << p.channels) - 1))),
          lane(iota<Lane, Bytes>()) {
      for (size_t i = 0, c = p.offset % p.channels; i < kLanes; ++i) {
        sel[i] = static_cast<Lane>(Lane{1} << c);
        c = c + 1 == p.channels ? 0 : c + 1;
      }
    }

    static size_t gcd(size_t a, size_t b) { return b == 0 ? a : gcd(b, a % b); }

    // `v` with every lane's channel advanced by `by` (mod channels): a
    // rotation within the low `channels` bits.
    SD_VECTOR_INLINE V rotated(V v, size_t by) const { return by == 0 ? v : ((v << by) | (v >> (channels - by))) & full; }

    SD_VECTOR_INLINE V next(size_t n) {
      V b = cur;
      if (r > n) {
        r -= n;
      } else {
        const V following = splat(static_cast<Lane>(bits[s + 1]));
        if (r < n) b = (lane < splat(static_cast<Lane>(r))) ? cur : following;
        ++s;
        cur = following;
        r += sample_len - n;
      }
      V now;
      if (n == kLanes) {
        if (!built) {
          for (size_t i = 0; i < period; ++i, sel = rotated(sel, shift)) table[i] = sel;
          built = true;
          j = 0;
        }
        now = table[j];
        j = j + 1 == period ? 0 : j + 1;
      } else {
        // A head or tail: from wherever the pattern is, then a new period.
        now = built ? table[j] : sel;
        sel = rotated(now, n % channels);
        built = false;
      }
      // `now` has one bit per lane: the lane is kept iff b has it too.
      return (V)((b & now) == now);
    }
  };

  // Fewer than kLanes elements through a zero-padded vector. Streamed, the
  // result goes out as streaming stores too, but for its bytes outside whole
  // aligned 16-byte pieces: a line written with both kinds of store is slow,
  // and the pieces before and after this one are streamed.
  template <bool kStream, Op op>
  static void partial(const Lane* x, Lane* y, size_t n, V m, K k) {
    V v{};
    __builtin_memcpy(&v, x, n * sizeof(Lane));
    const V r = A::template quotient<Bytes, op>(v, k) & m;
    if constexpr (kStream && kStreamsVectors<Bytes>) {
      store_stream_bytes(y, &r, n * sizeof(Lane));
    } else {
      __builtin_memcpy(y, &r, n * sizeof(Lane));
    }
  }

  // Always inlined: called out of line, its mask's state lives in memory
  // behind the reference and every vector pays a store and a load for it
  // (shape A went from 37 to 41 us when streamed() made GCC stop inlining it).
  template <bool kStream, Op op, typename Mask>
  static SD_VECTOR_INLINE void loop(const Lane* x, Lane* y, size_t len, Mask& mask, K k) {
    size_t i = 0;
    if constexpr (kStream && kStreamsVectors<Bytes>) {
      // Streaming stores need addresses aligned to the vector: a head of
      // under a vector first (streamed() starts its pieces on a line, so
      // only its own head takes this).
      const size_t misaligned = reinterpret_cast<uintptr_t>(y) % Bytes;
      if (misaligned != 0) {
        const size_t head = (Bytes - misaligned) / sizeof(Lane);
        i = len < head ? len : head;
        partial<kStream, op>(x, y, i, mask.next(i), k);
      }
    }
    // Four vectors per iteration: their loads are issued together, which keeps
    // more cache misses in flight when the data comes from memory.
    for (; i + 4 * kLanes <= len; i += 4 * kLanes) {
      const V a = load<V>(x + i), b = load<V>(x + i + kLanes), c = load<V>(x + i + 2 * kLanes),
              d = load<V>(x + i + 3 * kLanes);
      put<kStream>(y + i, A::template quotient<Bytes, op>(a, k) & mask.next(kLanes));
      put<kStream>(y + i + kLanes, A::template quotient<Bytes, op>(b, k) & mask.next(kLanes));
      put<kStream>(y + i + 2 * kLanes, A::template quotient<Bytes, op>(c, k) & mask.next(kLanes));
      put<kStream>(y + i + 3 * kLanes, A::template quotient<Bytes, op>(d, k) & mask.next(kLanes));
    }
    for (; i + kLanes <= len; i += kLanes) {
      put<kStream>(y + i, A::template quotient<Bytes, op>(load<V>(x + i), k) & mask.next(kLanes));
    }
    if (i < len) partial<kStream, op>(x + i, y + i, len - i, mask.next(len - i), k);
  }

  // Samples of whole vectors (sample_len a multiple of kLanes), from a
  // sample's first element, with a channel pattern of kPeriod vectors: each
  // sample's masks are made once from its bits and stay in registers, so its
  // vectors only load, divide, mask and store. Through BitsMask, the
  // bookkeeping per vector (which sample, which table entry) cost more than
  // the division: `kernel_bench 1 D,F` built from each, four pairs in
  // alternation, put D at 0.77-0.84 of the copy before and 0.89-0.95 after,
  // F at 0.59-0.70 before and 0.63-0.70 after.
  template <Op op, size_t kPeriod>
  static void whole_samples(const Lane* x, Lane* y, size_t len, const uint64_t* bits, size_t channels,
                            size_t sample_len, K k) {
    // Whole periods of at least four vectors per pass, as in loop().
    constexpr size_t kGroup = kPeriod * ((4 + kPeriod - 1) / kPeriod);
    // Lane l of vector j is channel (j * kLanes + l) % channels: a sample is
    // a whole number of periods, since kLanes divides sample_len.
    V sel[kPeriod] = {}, m[kGroup];
    for (size_t j = 0, c = 0; j < kPeriod; ++j) {
      for (size_t l = 0; l < kLanes; ++l, c = c + 1 == channels ? 0 : c + 1) sel[j][l] = static_cast<Lane>(Lane{1} << c);
    }
    const auto apply = [&](size_t i, V mask) {
      store(y + i, A::template quotient<Bytes, op>(load<V>(x + i), k) & mask);
    };
    for (size_t i = 0; i < len; ++bits) {
      const V b = splat(static_cast<Lane>(*bits));
      for (size_t j = 0; j < kPeriod; ++j) m[j] = (V)((b & sel[j]) == sel[j]);
      for (size_t j = kPeriod; j < kGroup; ++j) m[j] = m[j - kPeriod];
      const size_t end = len - i < sample_len ? len : i + sample_len;
      for (; i + kGroup * kLanes <= end; i += kGroup * kLanes) {
        for (size_t j = 0; j < kGroup; ++j) apply(i + j * kLanes, m[j]);
      }
      for (; i + kPeriod * kLanes <= end; i += kPeriod * kLanes) {
        for (size_t j = 0; j < kPeriod; ++j) apply(i + j * kLanes, m[j]);
      }
      // A call that stops inside a sample: less than a period left.
      for (size_t j = 0; i < end; ++j) {
        if (end - i < kLanes) {
          partial<false, op>(x + i, y + i, end - i, m[j], k);
          break;
        }
        apply(i, m[j]);
        i += kLanes;
      }
      i = end;
    }
  }

  template <auto kValue>
  struct Constant {
    static constexpr auto value = kValue;
  };

  // f(Constant<stream>, Constant<op>, k): the loop for this divisor and store kind.
  template <typename F>
  static void dispatch(double divisor, bool stream, F&& f) {
    const K k = static_cast<K>(divisor);
    if (A::reciprocal_is_exact(k)) {
      const K r = K{1} / k;
      stream ? f(Constant<true>{}, Constant<Op::kMultiply>{}, r) : f(Constant<false>{}, Constant<Op::kMultiply>{}, r);
      return;
    }
    stream ? f(Constant<true>{}, Constant<Op::kDivide>{}, k) : f(Constant<false>{}, Constant<Op::kDivide>{}, k);
  }

  // The streamed loop (see interleave): a head up to the first cache line,
  // then four stretches from there, each with its own mask state. kNT: with
  // streaming stores. In place each output line was just read into cache, and
  // a plain store hits it where a streaming one would evict it first (half
  // the speed); the order still pays there: 32 MiB in place from memory went
  // from 1.38-1.58 ms front to back to 0.84-0.89 ms (Xeon VM, 2 threads).
  template <Op op, bool kNT, typename MaskAt>
  static void streamed(const Lane* x, Lane* y, size_t len, MaskAt& mask_at, K k) {
    size_t head = to_line(y) / sizeof(Lane);
    if (head > len) head = len;
    if (head > 0) {
      auto m = mask_at(0);
      loop<kNT, op>(x, y, head, m, k);
    }
    constexpr Pieces kPieces = kKernelPieces<Bytes>;
    constexpr size_t kPiece = kPieces.bytes / sizeof(Lane);
    const size_t n = len - head, part = n / kStreams / kPiece * kPiece;
    static_assert(kStreams == 4, "one mask per stretch below");
    decltype(mask_at(0)) m[kStreams] = {mask_at(head), mask_at(head + part), mask_at(head + 2 * part),
                                        mask_at(head + 3 * part)};
    // The loads of a piece wait behind its arithmetic, which the copy does
    // not have: asking for the input ahead in the stretch makes up for it
    // (from memory, 2 threads: on the Xeon VM float16 0.83 -> 0.95 of the
    // copy, bfloat16 0.79 -> 0.93, float32 C 0.89 -> 0.94; on the Zen 4 VM B,
    // C and E 0.48-0.83 without it, 0.81-0.99 with it; see kKernelPieces).
    constexpr size_t kAhead = kPieces.ahead * kPiece;
    interleave(n, kPiece, [&](size_t s, size_t begin, size_t count) {
      if (begin + kAhead + count <= n) {
        const char* ahead = reinterpret_cast<const char*>(x + head + begin + kAhead);
        for (size_t b = 0; b < kPieces.bytes; b += kLineBytes) __builtin_prefetch(ahead + b, 0, 3);
      }
      loop<kNT, op>(x + head + begin, y + head + begin, count, m[s], k);
    });
  }

  // mask_at(i): the mask state at element i of the stretch.
  template <typename MaskAt>
  static void masked_loop(const void* xv, void* yv, size_t len, MaskAt mask_at, double divisor, bool stream) {
    const auto* x = static_cast<const Lane*>(xv);
    auto* y = static_cast<Lane*>(yv);
    dispatch(divisor, stream, [&](auto s, auto op, K k) {
      constexpr Op kOp = decltype(op)::value;
      constexpr bool kStream = decltype(s)::value;
      if constexpr (kStream && kStreamsVectors<Bytes>) {
        if (x == y) {
          streamed<kOp, false>(x, y, len, mask_at, k);
        } else {
          streamed<kOp, true>(x, y, len, mask_at, k);
        }
      } else {
        auto mask = mask_at(0);
        loop<kStream, kOp>(x, y, len, mask, k);
      }
    });
  }

  static void masked(const void* x, void* y, size_t len, LanePattern p, double divisor, bool stream) {
    const auto* lanes = static_cast<const Lane*>(p.lanes);
    masked_loop(x, y, len, [&](size_t i) { return PatternMask{lanes, p.period, (p.phase + i) % p.period}; }, divisor,
                stream);
  }

  // BitsMask at element i of the stretch that `p` describes.
  static auto bits_at(const BitsPattern& p) {
    return [p](size_t i) { return BitsMask(BitsPattern{p.bits, p.channels, p.sample_len, p.offset + i}); };
  }

  static void masked_bits(const void* xv, void* yv, size_t len, BitsPattern p, double divisor, bool stream) {
    const auto* x = static_cast<const Lane*>(xv);
    auto* y = static_cast<Lane*>(yv);
    // Samples of whole vectors with a short channel pattern go sample by
    // sample (after a head up to the first sample boundary), unless streamed:
    // outputs that large wait on memory, not on the bookkeeping.
    const size_t into = p.offset % p.sample_len;
    const size_t head = into == 0 ? 0 : (len < p.sample_len - into ? len : p.sample_len - into);
    const size_t period = p.channels / BitsMask::gcd(p.channels, kLanes);
    if (stream || p.sample_len % kLanes != 0 || period > 4 || head == len) {
      masked_loop(x, y, len, bits_at(p), divisor, stream);
      return;
    }
    if (head > 0) masked_loop(x, y, head, bits_at(p), divisor, false);
    const uint64_t* bits = p.bits + p.offset / p.sample_len + (head > 0 ? 1 : 0);
    dispatch(divisor, false, [&](auto, auto op, K k) {
      constexpr Op kOp = decltype(op)::value;
      const auto run = [&](auto samples) { samples(x + head, y + head, len - head, bits, p.channels, p.sample_len, k); };
      switch (period) {  // 1 to 4 here
        case 1: return run(whole_samples<kOp, 1>);
        case 2: return run(whole_samples<kOp, 2>);
        case 3: return run(whole_samples<kOp, 3>);
        default: return run(whole_samples<kOp, 4>);
      }
    });
  }

  static void masked_rows(const void* x, void* y, size_t len, RowsPattern p, double divisor, bool stream) {
    masked_loop(x, y, len, [&](size_t i) { return RowMask(p, i); }, divisor, stream);
  }

  static void divide(const void* x, void* y, size_t len, double divisor) {
    masked_loop(x, y, len, [](size_t) { return NoMask{}; }, divisor, false);
  }
};

// The benchmark's ceiling (copy) and dropped runs (zero): the kernel's loads
// and stores without its arithmetic.
template <size_t Bytes>
struct Bulk {
  using V = Vec<uint8_t, Bytes>;

  // Whole groups of four vectors from byte i on; returns where it stopped.
  template <bool kRead, bool kStream>
  static size_t body(const char* src, char* dst, size_t i, size_t bytes) {
    for (; i + 4 * Bytes <= bytes; i += 4 * Bytes) {
      V v[4];
      for (size_t j = 0; j < 4; ++j) v[j] = kRead ? load<V>(src + i + j * Bytes) : V{};
      for (size_t j = 0; j < 4; ++j) put<kStream>(dst + i + j * Bytes, v[j]);
    }
    return i;
  }

  // Bytes [from, to) that are not a whole group of vectors. Streamed (a copy:
  // under 4 * Bytes of them), they go out as streaming stores too where they
  // can (see partial()).
  template <bool kRead, bool kStream>
  static void bytes_between(const char* src, char* dst, size_t from, size_t to) {
    if constexpr (kStream) {
      store_stream_bytes(dst + from, src + from, to - from);
    } else if constexpr (kRead) {
      __builtin_memcpy(dst + from, src + from, to - from);
    } else {
      __builtin_memset(dst + from, 0, to - from);
    }
  }

  template <bool kRead>
  static void plain(const char* src, char* dst, size_t bytes) {
    bytes_between<kRead, false>(src, dst, body<kRead, false>(src, dst, 0, bytes), bytes);
  }

  static void copy(const void* x, void* y, size_t bytes, bool stream) {
    const auto* src = static_cast<const char*>(x);
    auto* dst = static_cast<char*>(y);
    if (!stream || !kStreamsVectors<Bytes>) {
      plain<true>(src, dst, bytes);
      return;
    }
    // A head up to the first cache line, then the rest in four stretches, as
    // the kernel streams (see interleave).
    size_t head = to_line(dst);
    if (head > bytes) head = bytes;
    bytes_between<true, true>(src, dst, 0, head);
    interleave(bytes - head, kCopyPieceBytes, [&](size_t, size_t begin, size_t count) {
      const char* s = src + head + begin;
      char* d = dst + head + begin;
      bytes_between<true, true>(s, d, body<true, true>(s, d, 0, count), count);
    });
  }

  static void zero(void* y, size_t bytes) { plain<false>(nullptr, static_cast<char*>(y), bytes); }
};

// `Bytes == 0` means one lane of the dtype's own width: the portable scalar path.
template <DType D, size_t Bytes>
using KernelFor = Kernel<D, Bytes == 0 ? sizeof(typename Arith<D>::Lane) : Bytes>;

template <size_t Bytes>
constexpr KernelTable make_table(const char* name) {
  constexpr size_t kWide = Bytes < 8 ? 8 : Bytes;  // bulk moves and Philox need 64-bit lanes
  return KernelTable{
      name,
      {KernelFor<DType::kFloat32, Bytes>::masked, KernelFor<DType::kFloat64, Bytes>::masked,
       KernelFor<DType::kFloat16, Bytes>::masked, KernelFor<DType::kBFloat16, Bytes>::masked},
      {KernelFor<DType::kFloat32, Bytes>::masked_bits, KernelFor<DType::kFloat64, Bytes>::masked_bits,
       KernelFor<DType::kFloat16, Bytes>::masked_bits, KernelFor<DType::kBFloat16, Bytes>::masked_bits},
      {KernelFor<DType::kFloat32, Bytes>::masked_rows, KernelFor<DType::kFloat64, Bytes>::masked_rows,
       KernelFor<DType::kFloat16, Bytes>::masked_rows, KernelFor<DType::kBFloat16, Bytes>::masked_rows},
      {KernelFor<DType::kFloat32, Bytes>::divide, KernelFor<DType::kFloat64, Bytes>::divide,
       KernelFor<DType::kFloat16, Bytes>::divide, KernelFor<DType::kBFloat16, Bytes>::divide},
      Bulk<kWide>::zero,
      PhiloxVec<kWide>::draw,
      PhiloxVec<kWide>::draw_bits,
      Bulk<kWide>::copy,
  };
}

}  // namespace SD_ISA
}  // namespace sd

// Defines sd::kernels_<isa>(), the table of this file's instantiation: the one
// line each kernel_<isa>.cc adds after including this header.
#define SD_DEFINE_KERNELS(isa, vector_bytes, name)                                     \
  namespace sd {                                                                       \
  const KernelTable& kernels_##isa() {                                                 \
    static constexpr KernelTable table = isa::make_table<vector_bytes>(name);          \
    return table;                                                                      \
  }                                                                                    \
  }
