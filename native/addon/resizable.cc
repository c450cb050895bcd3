#include "resizable.h"

namespace sd {

ResizableCheck::ResizableCheck(Napi::Env env) {
  const Napi::Object global = env.Global();
  const Napi::Value array_buffer = global.Get("ArrayBuffer");
  const Napi::Value object = global.Get("Object");
  if (!array_buffer.IsFunction() || !object.IsFunction()) return;
  const Napi::Value describe = object.As<Napi::Object>().Get("getOwnPropertyDescriptor");
  if (!describe.IsFunction()) return;
  const Napi::Value prototype = array_buffer.As<Napi::Object>().Get("prototype");
  const Napi::Value descriptor =
      describe.As<Napi::Function>().Call(object, {prototype, Napi::String::New(env, "resizable")});
  if (!descriptor.IsObject()) return;
  const Napi::Value get = descriptor.As<Napi::Object>().Get("get");
  if (get.IsFunction()) getter_ = Napi::Persistent(get.As<Napi::Function>());
}

bool ResizableCheck::resizable(Napi::Value typed_array) const {
  if (getter_.IsEmpty()) return false;
  napi_value buffer = nullptr;
  if (napi_get_typedarray_info(typed_array.Env(), typed_array, nullptr, nullptr, nullptr, &buffer, nullptr) !=
      napi_ok) {
    return false;
  }
  try {
    return getter_.Call(buffer, {}).ToBoolean().Value();
  } catch (const Napi::Error&) {
    return false;  // not an ArrayBuffer: a SharedArrayBuffer
  }
}

}  // namespace sd
