// From JS arguments to a kernel Job. TypeScript has already validated the call
// and built the record; this refuses only what would be unsafe for native code
// (wrong array types, lengths that disagree, overlapping buffers, fields out of
// range), so that no JS, however it calls the binding, reaches memory it does
// not own. Every refusal is a thrown Napi::TypeError or Napi::RangeError.
#pragma once
#include <napi.h>

#include "../kernel/job.h"

namespace sd {

// A record (Float64Array, see record.h) to a Job without buffers.
Job job_from_record(Napi::Env env, Napi::Value record);

// Arguments (input, output, mask | null, record) to a complete Job; without
// `with_output`, the output argument is not read and job.output stays null
// for the caller to point at memory of its own (a fresh output).
Job job_from_args(const Napi::CallbackInfo& info, bool with_output = true);

// samples x channels, a mask's length; refused where the product overflows,
// which job_from_record lets through for an empty shape (spatial 0).
size_t flag_count(Napi::Env env, const Job& job);

// A Uint8Array argument, checked to hold exactly `length` bytes.
uint8_t* bytes_arg(Napi::Env env, Napi::Value value, size_t length, const char* name);

}  // namespace sd
