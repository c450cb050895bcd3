#include "async_run.h"

#include "../kernel/run.h"

namespace sd {

AsyncRun::AsyncRun(Napi::Env env, const Job& job, const KernelTable& kernels, std::shared_ptr<ThreadPool> pool,
                   const Napi::CallbackInfo& info)
    : Napi::AsyncWorker(env, "spatialDropout1dAsync"),
      job_(job),
      kernels_(kernels),
      pool_(std::move(pool)),
      deferred_(Napi::Promise::Deferred::New(env)),
      input_(Napi::Persistent(info[0].As<Napi::Object>())),
      output_(Napi::Persistent(info[1].As<Napi::Object>())) {
  if (info[2].IsObject()) mask_ = Napi::Persistent(info[2].As<Napi::Object>());
}

void AsyncRun::Execute() { run_job(job_, kernels_, pool_.get()); }

void AsyncRun::OnOK() { deferred_.Resolve(Env().Undefined()); }

void AsyncRun::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

}  // namespace sd
