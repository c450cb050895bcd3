// The one kernel: a template over dtype and vector width, included by each
// kernel_<isa>.cc under its own SD_ISA namespace and target flags. It touches
// only the caller's x, y and lane pattern; no allocation, no library templates
// (whose out-of-line copies could leak target instructions into other files).
#pragma once
#include "arith.h"
#include "kernel.h"

namespace sd {
namespace SD_ISA {

template <DType D, size_t Bytes>
struct Kernel {
  using A = Arith<D>;
  using Lane = typename A::Lane;
  using V = Vec<Lane, Bytes>;
  static constexpr size_t kLanes = Bytes / sizeof(Lane);

  // Fewer than kLanes elements through a zero-padded vector.
  template <bool kMasked>
  static void partial(const Lane* x, Lane* y, size_t n, const Lane* lanes, typename A::Compute k) {
    V v{}, m{};
    __builtin_memcpy(&v, x, n * sizeof(Lane));
    V r = A::template quotient<Bytes>(v, k);
    if constexpr (kMasked) {
      __builtin_memcpy(&m, lanes, n * sizeof(Lane));
      r &= m;
    }
    __builtin_memcpy(y, &r, n * sizeof(Lane));
  }

  template <bool kMasked, bool kStream>
  static void loop(const Lane* x, Lane* y, size_t len, const Lane* lanes, size_t period, size_t phase,
                   typename A::Compute k) {
    size_t i = 0, j = phase;
    if constexpr (kStream) {
      // Streaming stores need aligned addresses: take a short head first.
      const size_t misaligned = (reinterpret_cast<uintptr_t>(y) % Bytes) / sizeof(Lane);
      if (misaligned != 0) {
        const size_t head = len < kLanes - misaligned ? len : kLanes - misaligned;
        partial<kMasked>(x, y, head, lanes + j, k);
        i = head;
        j += head;
        if (j >= period) j -= period;
      }
    }
    for (; i + kLanes <= len; i += kLanes) {
      V r = A::template quotient<Bytes>(load<V>(x + i), k);
      if constexpr (kMasked) {
        r &= load<V>(lanes + j);
        j += kLanes;
        if (j >= period) j -= period;
      }
      if constexpr (kStream) {
        store_stream(y + i, r);
      } else {
        store(y + i, r);
      }
    }
    if (i < len) partial<kMasked>(x + i, y + i, len - i, lanes + j, k);
    if constexpr (kStream) stream_fence();
  }

  static void masked(const void* x, void* y, size_t len, LanePattern p, double divisor, bool stream) {
    const auto k = static_cast<typename A::Compute>(divisor);
    const auto* lanes = static_cast<const Lane*>(p.lanes);
    if (stream) {
      loop<true, true>(static_cast<const Lane*>(x), static_cast<Lane*>(y), len, lanes, p.period, p.phase, k);
    } else {
      loop<true, false>(static_cast<const Lane*>(x), static_cast<Lane*>(y), len, lanes, p.period, p.phase, k);
    }
  }

  static void divide(const void* x, void* y, size_t len, double divisor, bool stream) {
    const auto k = static_cast<typename A::Compute>(divisor);
    if (stream) {
      loop<false, true>(static_cast<const Lane*>(x), static_cast<Lane*>(y), len, nullptr, 1, 0, k);
    } else {
      loop<false, false>(static_cast<const Lane*>(x), static_cast<Lane*>(y), len, nullptr, 1, 0, k);
    }
  }
};

// `Bytes == 0` means one lane of the dtype's own width: the portable scalar path.
template <DType D, size_t Bytes>
using KernelFor = Kernel<D, Bytes == 0 ? sizeof(typename Arith<D>::Lane) : Bytes>;

template <size_t Bytes>
constexpr KernelTable make_table(const char* name) {
  return KernelTable{
      name,
      {KernelFor<DType::kFloat32, Bytes>::masked, KernelFor<DType::kFloat64, Bytes>::masked,
       KernelFor<DType::kFloat16, Bytes>::masked, KernelFor<DType::kBFloat16, Bytes>::masked},
      {KernelFor<DType::kFloat32, Bytes>::divide, KernelFor<DType::kFloat64, Bytes>::divide,
       KernelFor<DType::kFloat16, Bytes>::divide, KernelFor<DType::kBFloat16, Bytes>::divide},
  };
}

}  // namespace SD_ISA
}  // namespace sd
