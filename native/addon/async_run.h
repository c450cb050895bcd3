// spatialDropout1dAsync's native half: the job runs on a libuv thread (and the
// pool), never touching JS; the promise settles back on the JS thread.
#pragma once
#include <napi.h>

#include <memory>

#include "../kernel/job.h"
#include "../kernel/kernel.h"
#include "../kernel/thread_pool.h"

namespace sd {

class AsyncRun : public Napi::AsyncWorker {
 public:
  // Keeps the caller's input, output and mask arrays referenced until the
  // promise settles, so a collection cannot free memory the job still uses.
  AsyncRun(Napi::Env env, const Job& job, const KernelTable& kernels, std::shared_ptr<ThreadPool> pool,
           const Napi::CallbackInfo& info);

  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  Job job_;
  const KernelTable& kernels_;
  std::shared_ptr<ThreadPool> pool_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference input_, output_, mask_;
};

}  // namespace sd
