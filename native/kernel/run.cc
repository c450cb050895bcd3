#include "run.h"

#include <algorithm>
#include <memory>

#include "rows.h"

namespace sd {
namespace {

size_t parts_for(const Job& job, size_t threads) {
  const size_t bytes = 2 * job.elements() * storage_bytes(job.dtype);
  return std::max<size_t>(1, std::min({threads, bytes / kBytesPerThread, row_count(job)}));
}

}  // namespace

void run_job(const Job& job, const KernelTable& kernels, ThreadPool* pool) {
  if (job.elements() == 0) return;
  const bool stream = job.elements() * storage_bytes(job.dtype) >= kStreamOutputBytes;
  const size_t rows = row_count(job);
  const size_t parts = parts_for(job, pool != nullptr ? pool->threads() : 1);
  auto task = [&](size_t part) {
    // Even split without rows * part, which could overflow for huge tensors.
    const size_t base = rows / parts, extra = rows % parts;
    const size_t r0 = part * base + std::min(part, extra);
    const size_t r1 = r0 + base + (part < extra ? 1 : 0);
    // Heap rather than stack: 37 KB is more than some embedders' threads like.
    thread_local std::unique_ptr<Scratch> scratch = std::make_unique<Scratch>();
    run_rows(job, kernels, r0, r1, stream, *scratch);
  };
  if (pool != nullptr && parts > 1) {
    pool->run(parts, task);
  } else {
    task(0);
  }
}

}  // namespace sd
