// Splits a job over the thread pool; each share goes through run_rows.
#pragma once
#include "job.h"
#include "kernel.h"
#include "thread_pool.h"

namespace sd {

// Below this many bytes moved (read + written) per thread a call stays on the
// calling thread: waking a sleeping worker costs more than it saves.
constexpr size_t kBytesPerThread = size_t{256} << 10;
// An async call moving fewer bytes than this runs inline and returns a settled
// promise: the work takes less time than handing it to a libuv thread and back
// (tens of microseconds, most of it on the JS thread anyway).
constexpr size_t kInlineAsyncBytes = size_t{64} << 10;
// Outputs at least this large are written with non-temporal stores: they cannot
// stay in cache anyway, and streaming skips the read-for-ownership of each line.
constexpr size_t kStreamOutputBytes = size_t{16} << 20;

inline size_t bytes_moved(const Job& job) { return 2 * job.elements() * storage_bytes(job.dtype); }

// Computes the job. The mask is a pure function of (n, c), so the result is the
// same for any pool size or split. `pool` may be null (calling thread only).
void run_job(const Job& job, const KernelTable& kernels, ThreadPool* pool);

// The benchmark's ceiling: copies `bytes` bytes split over the pool as a job of
// that size would be, with non-temporal stores when `stream`.
void run_copy(const void* x, void* y, size_t bytes, bool stream, const KernelTable& kernels, ThreadPool* pool);

}  // namespace sd
