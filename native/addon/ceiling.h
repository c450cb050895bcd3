// Benchmark-only internal exports (not public API): the memory-bandwidth
// ceiling, and the size thresholds' sweep.
#pragma once
#include <napi.h>

#include "../kernel/thread_pool.h"

namespace sd {

// _ceilingCopy(src, dst, stream): copies src's bytes into dst (typed arrays of
// equal byte length, not overlapping) over `pool`, as a job of that size would
// be split, with non-temporal stores when `stream` is true.
Napi::Value ceiling_copy(const Napi::CallbackInfo& info, ThreadPool* pool);

// _tune(bytesPerThread?, streamOutputBytes?) -> [bytesPerThread, streamOutputBytes]:
// sets the thresholds given (positive integers), returns the values in force.
Napi::Value tune(const Napi::CallbackInfo& info);

}  // namespace sd
