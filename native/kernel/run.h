// Splits a job over the thread pool; each share goes through run_rows.
#pragma once
#include <atomic>

#include "job.h"
#include "kernel.h"
#include "thread_pool.h"

namespace sd {

// The size thresholds, measured with bench/thresholds.mjs: two threads beat
// one from 256 KiB moved, on a 2-core Zen 3 VM (32 MiB L3) and on a 2-core
// Xeon VM (480 MiB L3) alike. Streaming stores beat plain ones from an 8 MiB
// output on the first and from a 32 MiB one on the second: see
// stream_threshold. They live in atomics only so that the benchmark can sweep
// them (the addon's internal _tune export); nothing else changes them.
struct Thresholds {
  Thresholds();
  // Below this many bytes moved (read + written) per thread a call stays on
  // the calling thread: handing work to a worker costs more than it saves.
  std::atomic<size_t> bytes_per_thread{size_t{128} << 10};
  // Outputs at least this large are streamed: written in the streamed order
  // (stretches.h), with non-temporal stores unless in place. They would not
  // stay in cache anyway, and streaming skips the read-for-ownership of each
  // line.
  std::atomic<size_t> stream_output_bytes;
};
Thresholds& thresholds();

// The output size from which to stream, for a last-level cache of `llc` bytes
// (0: unknown): a quarter of it, which is where plain stores stopped winning on
// the Zen 3 VM, but at most 32 MiB, where they stopped on the Xeon VM: a guest
// gets only a share of a big server's L3, and what it reports is the whole.
size_t stream_threshold(size_t llc);

// An async call moving fewer bytes than this runs inline and returns a settled
// promise: the work takes less time than handing it to a libuv thread and back
// (tens of microseconds, most of it on the JS thread anyway).
constexpr size_t kInlineAsyncBytes = size_t{64} << 10;

inline size_t bytes_moved(const Job& job) { return 2 * job.elements() * storage_bytes(job.dtype); }

// Whether a job of this size would be split at all (so a caller can skip
// fetching the pool).
bool splits(size_t bytes_moved);

// Computes the job. The mask is a pure function of (n, c), so the result is the
// same for any pool size or split. `pool` may be null (calling thread only).
// Throws std::bad_alloc, on the calling thread, if a thread could not allocate
// its scratch (the rows of its parts are then left as they were).
void run_job(const Job& job, const KernelTable& kernels, ThreadPool* pool);

// The benchmark's ceiling: copies `bytes` bytes split over the pool as a job of
// that size would be, with non-temporal stores when `stream`.
void run_copy(const void* x, void* y, size_t bytes, bool stream, const KernelTable& kernels, ThreadPool* pool);

}  // namespace sd
