#include "async_run.h"

#include <exception>

#include "../kernel/run.h"

namespace sd {

AsyncRun::AsyncRun(const Napi::CallbackInfo& info, const Job& job, const KernelTable& kernels,
                   std::shared_ptr<ThreadPool> pool)
    : Napi::AsyncWorker(info.Env(), "spatialDropout1dAsync"),
      job_(job),
      kernels_(kernels),
      pool_(std::move(pool)),
      input_(Napi::Persistent(info[0].As<Napi::Object>())),
      output_(Napi::Persistent(info[1].As<Napi::Object>())) {
  if (info[2].IsObject()) mask_ = Napi::Persistent(info[2].As<Napi::Object>());
  NAPI_THROW_IF_FAILED_VOID(info.Env(), napi_create_promise(info.Env(), &deferred_, &promise_));
}

Napi::Value AsyncRun::Start(const Napi::CallbackInfo& info, const Job& job, const KernelTable& kernels,
                            std::shared_ptr<ThreadPool> pool) {
  std::unique_ptr<AsyncRun> worker(new AsyncRun(info, job, kernels, std::move(pool)));
  const napi_value promise = worker->promise_;
  worker->Queue();
  worker.release();  // now owned by libuv's queue; OnWorkComplete deletes it
  return Napi::Value(info.Env(), promise);
}

// Off the JS thread nothing may throw into node-addon-api's AsyncWorker (its
// error would be dropped by our OnWorkComplete): the failure is kept for it.
void AsyncRun::Execute() {
  try {
    run_job(job_, kernels_, pool_.get());
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

// Settles the promise with plain N-API calls and ignores their status: when a
// worker thread is being terminated its environment refuses to run JS, and the
// throwing wrappers of node-addon-api would take the whole process down.
void AsyncRun::OnWorkComplete(Napi::Env env, napi_status status) {
  if (status != napi_cancelled) {
    napi_handle_scope scope = nullptr;
    if (napi_open_handle_scope(env, &scope) == napi_ok) {
      napi_value value = nullptr, message = nullptr;
      if (error_.empty()) {
        if (napi_get_undefined(env, &value) == napi_ok) napi_resolve_deferred(env, deferred_, value);
      } else if (napi_create_string_utf8(env, error_.c_str(), error_.size(), &message) == napi_ok &&
                 napi_create_error(env, nullptr, message, &value) == napi_ok) {
        napi_reject_deferred(env, deferred_, value);
      }
      napi_close_handle_scope(env, scope);
    }
  }
  Destroy();
}

}  // namespace sd
