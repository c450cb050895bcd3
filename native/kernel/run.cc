#include "run.h"

#include <algorithm>
#include <memory>

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

size_t parts_for(size_t bytes_moved, size_t rows, size_t threads) {
  const size_t per_thread = thresholds().bytes_per_thread.load(std::memory_order_relaxed);
  if (threads < 2 || bytes_moved < 2 * per_thread) return 1;
  return std::max<size_t>(1, std::min({threads * kPartsPerThread, bytes_moved / per_thread * 2, rows}));
}

}  // namespace

Thresholds& thresholds() {
  static Thresholds values;
  return values;
}

bool splits(size_t bytes_moved) { return bytes_moved >= 2 * thresholds().bytes_per_thread.load(std::memory_order_relaxed); }

void run_job(const Job& job, const KernelTable& kernels, ThreadPool* pool) {
  if (job.elements() == 0) return;
  // In place, each output line was just read into cache: a plain store hits it,
  // while a streaming store would have to evict it first (measured: half the speed).
  const bool stream = job.elements() * storage_bytes(job.dtype) >= thresholds().stream_output_bytes.load(std::memory_order_relaxed) &&
                      job.input != job.output;
  const size_t rows = row_count(job);
  const size_t parts = parts_for(bytes_moved(job), rows, pool != nullptr ? pool->threads() : 1);
  auto task = [&](size_t part) {
    // Even split without rows * part, which could overflow for huge tensors.
    const size_t base = rows / parts, extra = rows % parts;
    const size_t r0 = part * base + std::min(part, extra);
    const size_t r1 = r0 + base + (part < extra ? 1 : 0);
    // Heap rather than stack: 37 KB is more than some embedders' threads like.
    thread_local std::unique_ptr<Scratch> scratch = std::make_unique<Scratch>();
    run_rows(job, kernels, r0, r1, stream, *scratch);
    if (stream) store_fence();
  };
  if (pool != nullptr && parts > 1) {
    pool->run(parts, task);
  } else {
    task(0);
  }
}

void run_copy(const void* x, void* y, size_t bytes, bool stream, const KernelTable& kernels, ThreadPool* pool) {
  constexpr size_t kLine = 64;
  const size_t lines = (bytes + kLine - 1) / kLine;
  const size_t parts = parts_for(2 * bytes, lines, pool != nullptr ? pool->threads() : 1);
  auto task = [&](size_t part) {
    const size_t l0 = lines / parts * part + std::min(part, lines % parts);
    const size_t l1 = l0 + lines / parts + (part < lines % parts ? 1 : 0);
    const size_t b0 = l0 * kLine, b1 = std::min(bytes, l1 * kLine);
    kernels.copy(static_cast<const char*>(x) + b0, static_cast<char*>(y) + b0, b1 - b0, stream);
    if (stream) store_fence();
  };
  if (pool != nullptr && parts > 1) {
    pool->run(parts, task);
  } else {
    task(0);
  }
}

}  // namespace sd
