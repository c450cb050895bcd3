#include "run.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <new>

#include "cache_size.h"
#include "rows.h"

namespace sd {
namespace {

// Non-temporal stores are weakly ordered: a part fences once after its last
// one, before the pool (or the caller's return) publishes the part as done.
inline void store_fence() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_sfence();
#endif
}

// More parts than threads, claimed one at a time: a thread that starts late
// (woken late, or descheduled on a busy machine) costs at most a small part,
// the others take the rest.
constexpr size_t kPartsPerThread = 8;
// But none under twice the split threshold moved (256 KiB): each part pays
// its own setup and mask draw, and every claim moves a cache line between the
// cores. On the Zen 4 VM, while a neighbour loaded the shared L3, kernel_bench
// (a build of each setting, in alternation)
// ran A 18.3 -> 15.4-16.1 us with four parts a thread and 14.3-14.7 with two,
// D 12.7 -> 8.2-8.6 and F 18.3 -> 13.0 with two (the copy of A's bytes, split
// alike, 17.3 -> 13.9 us); when it did not, all alike. Parts come in whole
// rounds of the threads, so that no thread is left with one more.
constexpr size_t kMinPartThresholds = 2;

size_t parts_for(size_t bytes_moved, size_t rows, size_t threads) {
  if (threads < 2 || !splits(bytes_moved)) return 1;
  const size_t per_thread = thresholds().bytes_per_thread.load(std::memory_order_relaxed);
  const size_t by_size = bytes_moved / (kMinPartThresholds * per_thread) / threads * threads;
  return std::max<size_t>(1, std::min({threads * kPartsPerThread, std::max(by_size, threads), rows}));
}

// [begin, end) of part `part` when `total` items are split evenly into `parts`
// (without total * part, which could overflow for huge tensors).
struct Range {
  size_t begin, end;
};
Range part_range(size_t total, size_t parts, size_t part) {
  const size_t base = total / parts, extra = total % parts;
  const size_t begin = part * base + std::min(part, extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

// task(part) for every part: on the pool when there is more than one.
template <typename Task>
void run_parts(ThreadPool* pool, size_t parts, Task& task) {
  if (pool != nullptr && parts > 1) {
    pool->run(parts, task);
  } else {
    task(0);
  }
}

// This thread's scratch, made on its first job; null if that allocation failed
// (pool tasks must not throw: on a worker an exception would std::terminate).
// Heap rather than stack: sizeof(Scratch) is more than some embedders' threads like.
Scratch* thread_scratch() {
  thread_local std::unique_ptr<Scratch> scratch;
  if (!scratch) {
    try {
      scratch = std::make_unique<Scratch>();
    } catch (const std::bad_alloc&) {
      return nullptr;
    }
  }
  return scratch.get();
}

}  // namespace

size_t stream_threshold(size_t llc) {
  constexpr size_t kMin = size_t{8} << 20, kMax = size_t{32} << 20;
  return std::clamp(llc / 4, kMin, kMax);
}

Thresholds::Thresholds() : stream_output_bytes{stream_threshold(last_level_cache_bytes())} {}

Thresholds& thresholds() {
  static Thresholds values;
  return values;
}

bool splits(size_t bytes_moved) { return bytes_moved >= 2 * thresholds().bytes_per_thread.load(std::memory_order_relaxed); }

void run_job(const Job& job, const KernelTable& kernels, ThreadPool* pool) {
  if (job.elements() == 0) return;
  const size_t moved = bytes_moved(job);
  // Large outputs are streamed: written in the streamed order, with streaming
  // stores unless in place (the kernels see that x is y; see streamed()).
  const bool stream = moved / 2 >= thresholds().stream_output_bytes.load(std::memory_order_relaxed);
  const size_t rows = row_count(job);
  const size_t parts = parts_for(moved, rows, pool != nullptr ? pool->threads() : 1);
  std::atomic<bool> no_scratch{false};
  auto task = [&](size_t part) {
    Scratch* scratch = thread_scratch();
    if (scratch == nullptr) {
      no_scratch.store(true, std::memory_order_relaxed);
      return;
    }
    const Range r = part_range(rows, parts, part);
    run_rows(job, kernels, r.begin, r.end, stream, *scratch);
    if (stream) store_fence();
  };
  run_parts(pool, parts, task);
  if (no_scratch.load(std::memory_order_relaxed)) throw std::bad_alloc();
}

void run_copy(const void* x, void* y, size_t bytes, bool stream, const KernelTable& kernels, ThreadPool* pool) {
  constexpr size_t kLine = 64;
  const size_t lines = (bytes + kLine - 1) / kLine;
  const size_t parts = parts_for(2 * bytes, lines, pool != nullptr ? pool->threads() : 1);
  auto task = [&](size_t part) {
    const Range l = part_range(lines, parts, part);
    const size_t b0 = l.begin * kLine, b1 = std::min(bytes, l.end * kLine);
    kernels.copy(static_cast<const char*>(x) + b0, static_cast<char*>(y) + b0, b1 - b0, stream);
    if (stream) store_fence();
  };
  run_parts(pool, parts, task);
}

}  // namespace sd
