// The module: one instance per Node environment (main thread or worker), each
// holding a lease on the process-wide thread pool that its cleanup returns.
#include <napi.h>

#include <string>

#include "../kernel/isa.h"
#include "../kernel/mask.h"
#include "../kernel/run.h"
#include "../kernel/thread_pool.h"
#include "async_run.h"
#include "record.h"
#include "request.h"

namespace sd {
namespace {

constexpr size_t kMaxThreads = 1024;

class SpatialDropoutAddon : public Napi::Addon<SpatialDropoutAddon> {
 public:
  SpatialDropoutAddon(Napi::Env env, Napi::Object exports) {
    std::string error;
    if (active_kernels(&error) == nullptr) throw Napi::Error::New(env, error);
    DefineAddon(exports, {
                             InstanceMethod("run", &SpatialDropoutAddon::Run),
                             InstanceMethod("runAsync", &SpatialDropoutAddon::RunAsync),
                             InstanceMethod("drawMask", &SpatialDropoutAddon::DrawMask),
                             InstanceMethod("info", &SpatialDropoutAddon::Info),
                             InstanceMethod("setThreads", &SpatialDropoutAddon::SetThreads),
                             InstanceMethod("useSimd", &SpatialDropoutAddon::UseSimd),
                             InstanceValue("recordFields", Napi::Number::New(env, kRecordFieldCount)),
                         });
  }

 private:
  // run(input, output, mask | null, record): the whole job, on this thread and the pool.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    const Job job = job_from_args(info);
    run_job(job, *active_kernels(), pool_.get().get());
    return info.Env().Undefined();
  }

  // runAsync(input, output, mask | null, record) -> Promise<void>
  Napi::Value RunAsync(const Napi::CallbackInfo& info) {
    return AsyncRun::Start(info, job_from_args(info), *active_kernels(), pool_.get());
  }

  // drawMask(keep: Uint8Array, record): keep flags of samples x channels.
  Napi::Value DrawMask(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const Job job = job_from_record(env, info[1]);
    uint8_t* keep = bytes_arg(env, info[0], job.samples * job.channels, "keep");
    for (size_t n = 0; n < job.samples; ++n) draw_keep(job.mask, n, 0, job.channels, keep + n * job.channels);
    return env.Undefined();
  }

  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object out = Napi::Object::New(env);
    out.Set("simd", active_kernels()->name);
    Napi::Array levels = Napi::Array::New(env);
    for (const auto& name : supported_isas()) levels.Set(levels.Length(), name);
    out.Set("simdLevels", levels);
    out.Set("threads", static_cast<double>(SharedPool::threads()));
    return out;
  }

  Napi::Value SetThreads(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const double n = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
    if (!(n >= 1 && n <= kMaxThreads && n == static_cast<double>(static_cast<size_t>(n)))) {
      throw Napi::RangeError::New(env, "threads must be an integer from 1 to " + std::to_string(kMaxThreads));
    }
    SharedPool::set_threads(static_cast<size_t>(n));
    return env.Undefined();
  }

  // useSimd(name): switches kernels, for tests that run every level.
  Napi::Value UseSimd(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsString()) throw Napi::TypeError::New(env, "SIMD level must be a string");
    const std::string error = use_kernels(info[0].As<Napi::String>().Utf8Value());
    if (!error.empty()) throw Napi::RangeError::New(env, error);
    return env.Undefined();
  }

  SharedPool pool_;
};

}  // namespace
}  // namespace sd

using sd::SpatialDropoutAddon;
NODE_API_ADDON(SpatialDropoutAddon)
