// spatialDropout1dAsync's native half: the job runs on a libuv thread (and the
// pool), never touching JS; the promise settles back on the JS thread.
#pragma once
#include <napi.h>

#include <memory>
#include <string>

#include "../kernel/job.h"
#include "../kernel/kernel.h"
#include "../kernel/thread_pool.h"

namespace sd {

class AsyncRun : public Napi::AsyncWorker {
 public:
  // Queues the job and returns its promise. The worker owns itself: libuv's
  // queue holds it until completion, when it deletes itself.
  static Napi::Value Start(const Napi::CallbackInfo& info, const Job& job, const KernelTable& kernels,
                           std::shared_ptr<ThreadPool> pool);

 protected:
  void Execute() override;
  void OnWorkComplete(Napi::Env env, napi_status status) override;

 private:
  AsyncRun(const Napi::CallbackInfo& info, const Job& job, const KernelTable& kernels,
           std::shared_ptr<ThreadPool> pool);

  Job job_;
  const KernelTable& kernels_;
  std::shared_ptr<ThreadPool> pool_;
  napi_deferred deferred_ = nullptr;
  std::string error_;  // what Execute threw, if anything: the promise rejects with it
  napi_value promise_ = nullptr;
  // The caller's input, output and mask stay referenced until the promise
  // settles, so a collection cannot free memory the job still uses.
  Napi::ObjectReference input_, output_, mask_;
};

}  // namespace sd
