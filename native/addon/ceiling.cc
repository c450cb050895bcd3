#include "ceiling.h"

#include "../kernel/isa.h"
#include "../kernel/run.h"

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
  run_copy(src.data, dst.data, src.length, info[2].ToBoolean().Value(), *active_kernels(), pool);
  return env.Undefined();
}

}  // namespace sd
