#include "ceiling.h"

#include "../kernel/isa.h"
#include "../kernel/run.h"
#include "record.h"

namespace sd {
namespace {

struct Bytes {
  char* data;
  size_t length;
};

Bytes bytes_of(Napi::Env env, Napi::Value value) {
  if (!value.IsTypedArray()) throw Napi::TypeError::New(env, "_ceilingCopy takes typed arrays");
  const Napi::TypedArray array = value.As<Napi::TypedArray>();
  return {static_cast<char*>(array.ArrayBuffer().Data()) + array.ByteOffset(), array.ByteLength()};
}

}  // namespace

Napi::Value ceiling_copy(const Napi::CallbackInfo& info, ThreadPool* pool) {
  Napi::Env env = info.Env();
  const Bytes src = bytes_of(env, info[0]), dst = bytes_of(env, info[1]);
  if (src.length != dst.length) throw Napi::RangeError::New(env, "_ceilingCopy: byte lengths differ");
  if (src.data < dst.data + dst.length && dst.data < src.data + src.length) {
    throw Napi::RangeError::New(env, "_ceilingCopy: arrays overlap");
  }
  // Nothing to copy (and an empty or detached array may have no data pointer).
  if (src.length == 0) return env.Undefined();
  run_copy(src.data, dst.data, src.length, info[2].ToBoolean().Value(), *active_kernels(), pool);
  return env.Undefined();
}

Napi::Value tune(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::atomic<size_t>* fields[] = {&thresholds().bytes_per_thread, &thresholds().stream_output_bytes};
  for (size_t i = 0; i < 2; ++i) {
    if (!info[i].IsNumber()) continue;
    const double v = info[i].As<Napi::Number>().DoubleValue();
    if (!(v >= 1 && v <= kTwo53 && static_cast<double>(static_cast<size_t>(v)) == v)) {
      throw Napi::RangeError::New(env, "_tune: thresholds are positive integers");
    }
    fields[i]->store(static_cast<size_t>(v));
  }
  Napi::Array out = Napi::Array::New(env, 2);
  for (uint32_t i = 0; i < 2; ++i) out.Set(i, static_cast<double>(fields[i]->load()));
  return out;
}

}  // namespace sd
