// The benchmark's memory-bandwidth ceiling, an internal export: not public API.
#pragma once
#include <napi.h>

#include "../kernel/thread_pool.h"

namespace sd {

// _ceilingCopy(src, dst, stream): copies src's bytes into dst (typed arrays of
// equal byte length, not overlapping) over `pool`, as a job of that size would
// be split, with non-temporal stores when `stream` is true.
Napi::Value ceiling_copy(const Napi::CallbackInfo& info, ThreadPool* pool);

}  // namespace sd
