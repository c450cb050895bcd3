#include "rows.h"

#include "mask.h"

namespace sd {
namespace {

inline size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
inline size_t max_size(size_t a, size_t b) { return a > b ? a : b; }

// lanes[i] = all-ones if flag[(i % (flags * repeat)) / repeat] else zero.
template <typename L>
void fill_lanes(L* lanes, size_t count, const uint8_t* flag, size_t flags, size_t repeat) {
  const size_t period = flags * repeat;
  for (size_t i = 0, k = 0; i < count; ++i) {
    lanes[i] = flag[k / repeat] ? static_cast<L>(~L{0}) : L{0};
    if (++k == period) k = 0;
  }
}

class Rows {
 public:
  Rows(const Job& job, const KernelTable& kernels, bool stream, Scratch& scratch)
      : job_(job),
        masked_(kernels.masked[static_cast<int>(job.dtype)]),
        divide_(kernels.divide[static_cast<int>(job.dtype)]),
        stream_(stream),
        s_(scratch),
        lane_bytes_(storage_bytes(job.dtype)),
        w_(max_lanes(job.dtype)) {}

  // channelsLast: element (n, t, c) sits at (n*T + t)*C + c.
  void channels_last(size_t r0, size_t r1) {
    const size_t T = job_.spatial, C = job_.channels;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / T, t0 = row - n * T, t1 = min_size(T, r1 - n * T);
      if (C <= kChunk) {
        // The whole row's pattern fits: one flat pass over rows t0..t1, the
        // pattern period a multiple of C and at least one vector long.
        const uint8_t* keep = keep_flags(job_.mask, n, C, 0, C, s_.keep);
        const size_t period = C >= w_ ? C : C * ((w_ + C - 1) / C);
        fill(period + w_, keep, C, 1);
        masked((n * T + t0) * C, (t1 - t0) * C, period, (t0 * C) % period);
      } else {
        for (size_t c0 = 0; c0 < C; c0 += kChunk) {
          const size_t c1 = min_size(C, c0 + kChunk), len = c1 - c0, period = max_size(len, w_);
          fill(period + w_, keep_flags(job_.mask, n, C, c0, c1, s_.keep), len, 1);
          for (size_t t = t0; t < t1; ++t) masked((n * T + t) * C + c0, len, period, 0);
        }
      }
      row = n * T + t1;
    }
  }

  // channelsFirst: element (n, c, t) sits at (n*C + c)*T + t.
  void channels_first(size_t r0, size_t r1) {
    const size_t C = job_.channels, T = job_.spatial;
    for (size_t row = r0; row < r1;) {
      const size_t n = row / C, c_begin = row - n * C, c_end = min_size(C, r1 - n * C);
      // Channels per pass: bounded by the keep buffer, and for short runs by
      // the lane buffer too, since each element then gets its own lane.
      const size_t step = T >= w_ ? kChunk : max_size(1, kChunk / T);
      for (size_t c0 = c_begin; c0 < c_end; c0 += step) {
        const size_t c1 = min_size(c_end, c0 + step);
        const uint8_t* keep = keep_flags(job_.mask, n, C, c0, c1, s_.keep);
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
  // Runs of at least a vector: adjacent kept channels are one contiguous
  // division, adjacent dropped ones one fill with zeros (their input unread).
  void runs(size_t n, const uint8_t* keep, size_t c0, size_t c1) {
    const size_t C = job_.channels, T = job_.spatial;
    for (size_t c = c0; c < c1;) {
      size_t end = c + 1;
      while (end < c1 && keep[end - c0] == keep[c - c0]) ++end;
      const size_t first = (n * C + c) * T, len = (end - c) * T;
      if (keep[c - c0]) {
        divide_(in(first), out(first), len, job_.divisor, stream_);
      } else {
        __builtin_memset(out(first), 0, len * lane_bytes_);
      }
      c = end;
    }
  }

  void fill(size_t count, const uint8_t* flags, size_t n_flags, size_t repeat) {
    switch (lane_bytes_) {
      case 2: fill_lanes(reinterpret_cast<uint16_t*>(s_.lanes), count, flags, n_flags, repeat); break;
      case 4: fill_lanes(reinterpret_cast<uint32_t*>(s_.lanes), count, flags, n_flags, repeat); break;
      default: fill_lanes(s_.lanes, count, flags, n_flags, repeat); break;
    }
  }

  void masked(size_t first, size_t len, size_t period, size_t phase) {
    masked_(in(first), out(first), len, {s_.lanes, period, phase}, job_.divisor, stream_);
  }

  const void* in(size_t element) const { return static_cast<const char*>(job_.input) + element * lane_bytes_; }
  void* out(size_t element) const { return static_cast<char*>(job_.output) + element * lane_bytes_; }

  const Job& job_;
  MaskedFn masked_;
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
