#include "rows.h"

namespace sd {
namespace {

inline size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
inline size_t max_size(size_t a, size_t b) { return a > b ? a : b; }

// All-ones lane for a nonzero flag, zero lane otherwise.
template <typename L>
inline L lane_of(uint8_t flag) {
  return static_cast<L>(-static_cast<L>(flag != 0));
}

// lanes[i] = lane of flag[(i % (flags * repeat)) / repeat], for i < count.
template <typename L>
void fill_lanes(L* lanes, size_t count, const uint8_t* flag, size_t flags, size_t repeat) {
  const size_t period = flags * repeat;
  if (repeat == 1) {
    // One pass the compiler vectorizes, then the head repeated.
    const size_t first = min_size(count, period);
    for (size_t i = 0; i < first; ++i) lanes[i] = lane_of<L>(flag[i]);
    for (size_t i = first; i < count; ++i) lanes[i] = lanes[i - period];
    return;
  }
  for (size_t i = 0, k = 0; i < count; ++i) {
    lanes[i] = lane_of<L>(flag[k / repeat]);
    if (++k == period) k = 0;
  }
}

// Lanes of whole channelsLast samples: `samples` rows of keep flags (stride
// apart), each repeated `spatial` times; then `pad` zero lanes.
template <typename L>
void fill_samples(L* lanes, const uint8_t* keep, size_t stride, size_t samples, size_t spatial, size_t channels,
                  size_t pad) {
  for (size_t s = 0; s < samples; ++s) {
    for (size_t t = 0; t < spatial; ++t, lanes += channels) {
      for (size_t c = 0; c < channels; ++c) lanes[c] = lane_of<L>(keep[s * stride + c]);
    }
  }
  for (size_t i = 0; i < pad; ++i) lanes[i] = 0;
}

// Flags (any nonzero byte is kept) to bits, flag c -> bit c; n <= 64.
uint64_t pack_bits(const uint8_t* flags, size_t n) {
  uint64_t bits = 0;
  for (size_t c = 0; c < n; c += 8) {
    uint64_t v = 0;
    if (n - c >= 8) {
      __builtin_memcpy(&v, flags + c, 8);
    } else {
      for (size_t j = 0; j < n - c; ++j) v |= uint64_t{flags[c + j]} << (8 * j);
    }
    // Each byte to 0 or 1, then the eight low bits gathered into the top byte
    // by one multiply (the shifted copies never overlap, so nothing carries).
    const uint64_t ones = ((((v & 0x7f7f7f7f7f7f7f7fu) + 0x7f7f7f7f7f7f7f7fu) | v) & 0x8080808080808080u) >> 7;
    bits |= ((ones * 0x0102040810204080u) >> 56) << c;
  }
  return bits;
}

class Rows {
 public:
  Rows(const Job& job, const KernelTable& kernels, bool stream, Scratch& scratch)
      : job_(job),
        kernels_(kernels),
        masked_(kernels.masked[static_cast<int>(job.dtype)]),
        masked_bits_(kernels.masked_bits[static_cast<int>(job.dtype)]),
        masked_rows_(kernels.masked_rows[static_cast<int>(job.dtype)]),
        divide_(kernels.divide[static_cast<int>(job.dtype)]),
        stream_(stream),
        s_(scratch),
        lane_bytes_(storage_bytes(job.dtype)),
        w_(max_lanes(job.dtype)) {}

  // channelsLast: element (n, t, c) sits at (n*T + t)*C + c.
  void channels_last(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels;
    if (C > kChunk) {
      wide_rows(r0, r1);
    } else if (T * C < w_) {
      tiny_samples(r0, r1);
    } else if (C <= 8 * lane_bytes_) {
      bit_rows(r0, r1);
    } else {
      pattern_rows(r0, r1);
    }
  }

  // channelsFirst: element (n, c, t) sits at (n*C + c)*T + t.
  void channels_first(size_t r0, size_t r1) {
    const size_t C = job_.channels, T = job_.spatial;
    if (stream_ && T >= w_) {
      first_streamed(r0, r1);
      return;
    }
    for (size_t row = r0; row < r1;) {
      const size_t n = row / C, c_begin = row - n * C, c_end = min_size(C, r1 - n * C);
      // Channels per pass: bounded by the keep buffer, and for short runs by
      // the lane buffer too, since each element then gets its own lane.
      const size_t step = T >= w_ ? kChunk : max_size(1, kChunk / T);
      for (size_t c0 = c_begin; c0 < c_end; c0 += step) {
        const size_t c1 = min_size(c_end, c0 + step);
        size_t stride;
        const uint8_t* keep = keep_rows(n, 1, c0, c1, stride);
        if (T >= w_) {
          runs(n, keep, c0, c1);
        } else {
          const size_t len = (c1 - c0) * T, period = max_size(len, w_);
          fill(period + w_, keep, c1 - c0, T);
          masked((n * C + c0) * T, len, period, 0);
        }
      }
      row = n * C + c_end;
    }
  }

 private:
  // Few channels (they fit the bits of a lane): the kernel builds each lane
  // from a sample's keep bits, so a group of many samples is one call, its
  // bits drawn together by the vector Philox.
  void bit_rows(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels;
    const uint8_t* given = job_.mask.explicit_keep;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / T, n_end = min_size(n + kMaxGroup, (r1 + T - 1) / T);
      if (given != nullptr) {
        for (size_t s = n; s < n_end; ++s) s_.bits[s - n] = pack_bits(given + s * C, C);
      } else {
        kernels_.draw_bits(job_.mask, n, n_end - n, C, s_.bits);
      }
      s_.bits[n_end - n] = 0;
      const size_t row_end = min_size(r1, n_end * T);
      const BitsPattern pattern{s_.bits, C, T * C, (row - n * T) * C};
      masked_bits_(in(row * C), out(row * C), (row_end - row) * C, pattern, job_.divisor, stream_);
      row = row_end;
    }
  }

  // Samples shorter than a vector: the lanes of a group of whole samples are
  // written out once and the group is one call.
  void tiny_samples(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels, L = T * C;
    const size_t group = kChunk / L;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / T, n_end = min_size(n + group, (r1 + T - 1) / T);
      size_t stride;
      const uint8_t* keep = keep_rows(n, n_end - n, 0, C, stride);
      with_lanes([&](auto* lanes) { fill_samples(lanes, keep, stride, n_end - n, T, C, w_); });
      const size_t row_end = min_size(r1, n_end * T);
      masked(row * C, (row_end - row) * C, (n_end - n) * L, (row - n * T) * C);
      row = row_end;
    }
  }

  // Up to kChunk channels: one sample's pattern (period a multiple of C, at
  // least one vector long) serves all its rows in one flat pass.
  void pattern_rows(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / T, t0 = row - n * T, t1 = min_size(T, r1 - n * T);
      size_t stride;
      const uint8_t* keep = keep_rows(n, 1, 0, C, stride);
      const size_t period = C >= w_ ? C : C * ((w_ + C - 1) / C);
      fill(period + w_, keep, C, 1);
      masked((n * T + t0) * C, (t1 - t0) * C, period, (t0 * C) % period);
      row = n * T + t1;
    }
  }

  // More than kChunk channels: chunk by chunk, row by row.
  void wide_rows(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / T, t0 = row - n * T, t1 = min_size(T, r1 - n * T);
      for (size_t c0 = 0; c0 < C; c0 += kChunk) {
        const size_t c1 = min_size(C, c0 + kChunk), len = c1 - c0, period = max_size(len, w_);
        size_t stride;
        fill(period + w_, keep_rows(n, 1, c0, c1, stride), len, 1);
        for (size_t t = t0; t < t1; ++t) masked((n * T + t) * C + c0, len, period, 0);
      }
      row = n * T + t1;
    }
  }

  // channelsFirst, streamed: the rows as one stretch with a flag per row, in
  // the streamed order (stretches.h). Run by run, each run of a few KiB was
  // cut in four close together, and the copy left it behind: 0.73 of it
  // against 0.89 for channelsLast (32 MiB, from memory, Xeon VM). Dropped
  // rows are read and divided too, then masked to +0.
  void first_streamed(size_t r0, size_t r1) {
    const size_t T = job_.spatial;
    for (size_t w0 = r0; w0 < r1;) {
      const size_t w1 = min_size(r1, w0 + kChunk);
      const RowsPattern pattern{window_keep(w0, w1), T};
      masked_rows_(in(w0 * T), out(w0 * T), (w1 - w0) * T, pattern, job_.divisor, stream_);
      w0 = w1;
    }
  }

  // Keep flags of channelsFirst rows [w0, w1), at most kChunk of them: rows
  // are (sample, channel) pairs in order, as a caller's mask is laid out.
  const uint8_t* window_keep(size_t w0, size_t w1) {
    const MaskSource& m = job_.mask;
    if (m.explicit_keep != nullptr) return m.explicit_keep + w0;
    const size_t C = job_.channels;
    for (size_t row = w0; row < w1;) {
      const size_t n = row / C, c0 = row - n * C, c1 = min_size(C, w1 - n * C);
      kernels_.draw(m, n, 1, c0, c1, s_.keep + (row - w0), c1 - c0);
      row = n * C + c1;
    }
    return s_.keep;
  }

  // Runs of at least a vector: adjacent kept channels are one contiguous
  // division, adjacent dropped ones one fill with zeros (their input unread).
  // Never streamed: streamed rows this long go through first_streamed.
  void runs(size_t n, const uint8_t* keep, size_t c0, size_t c1) {
    const size_t C = job_.channels, T = job_.spatial;
    for (size_t c = c0; c < c1;) {
      const bool kept = keep[c - c0] != 0;
      size_t end = c + 1;
      while (end < c1 && (keep[end - c0] != 0) == kept) ++end;
      const size_t first = (n * C + c) * T, len = (end - c) * T;
      if (kept) {
        divide_(in(first), out(first), len, job_.divisor);
      } else {
        kernels_.zero(out(first), len * lane_bytes_);
      }
      c = end;
    }
  }

  // Keep flags of samples [n, n + samples) and channels [c0, c1), `stride`
  // bytes from one sample's row to the next: the caller's mask where there
  // is one, else drawn into the scratch buffer.
  const uint8_t* keep_rows(size_t n, size_t samples, size_t c0, size_t c1, size_t& stride) {
    const MaskSource& m = job_.mask;
    if (m.explicit_keep != nullptr) {
      stride = job_.channels;
      return m.explicit_keep + n * job_.channels + c0;
    }
    stride = c1 - c0;
    kernels_.draw(m, n, samples, c0, c1, s_.keep, stride);
    return s_.keep;
  }

  void fill(size_t count, const uint8_t* flags, size_t n_flags, size_t repeat) {
    with_lanes([&](auto* lanes) { fill_lanes(lanes, count, flags, n_flags, repeat); });
  }

  // f(the scratch lanes as an array of the dtype's lane width).
  template <typename F>
  void with_lanes(F f) {
    switch (lane_bytes_) {
      case 2: f(reinterpret_cast<uint16_t*>(s_.lanes)); break;
      case 4: f(reinterpret_cast<uint32_t*>(s_.lanes)); break;
      default: f(s_.lanes); break;
    }
  }

  void masked(size_t first, size_t len, size_t period, size_t phase) {
    masked_(in(first), out(first), len, {s_.lanes, period, phase}, job_.divisor, stream_);
  }

  const void* in(size_t element) const { return static_cast<const char*>(job_.input) + element * lane_bytes_; }
  void* out(size_t element) const { return static_cast<char*>(job_.output) + element * lane_bytes_; }

  const Job& job_;
  const KernelTable& kernels_;
  MaskedFn masked_;
  MaskedBitsFn masked_bits_;
  MaskedRowsFn masked_rows_;
  DivideFn divide_;
  bool stream_;
  Scratch& s_;
  size_t lane_bytes_;
  size_t w_;
};

}  // namespace

void run_rows(const Job& job, const KernelTable& kernels, size_t r0, size_t r1, bool stream, Scratch& scratch) {
  Rows rows(job, kernels, stream, scratch);
  if (job.layout == Layout::kChannelsLast) {
    rows.channels_last(r0, r1);
  } else {
    rows.channels_first(r0, r1);
  }
}

}  // namespace sd
