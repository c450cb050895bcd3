// The module: one instance per Node environment (main thread or worker), each
// holding a lease on the process-wide thread pool that its cleanup returns.
#include <napi.h>

#include <string>

#include "../kernel/isa.h"
#include "../kernel/run.h"
#include "../kernel/thread_pool.h"
#include "allocator.h"
#include "async_run.h"
#include "ceiling.h"
#include "record.h"
#include "request.h"
#include "resizable.h"

namespace sd {
namespace {

constexpr size_t kMaxThreads = 1024;

class SpatialDropoutAddon : public Napi::Addon<SpatialDropoutAddon> {
 public:
  SpatialDropoutAddon(Napi::Env env, Napi::Object exports) : resizable_(env) {
    std::string error;
    if (active_kernels(&error) == nullptr) throw Napi::Error::New(env, error);
    DefineAddon(exports, {
                             InstanceMethod("run", &SpatialDropoutAddon::Run),
                             InstanceMethod("runFresh", &SpatialDropoutAddon::RunFresh),
                             InstanceMethod("runAsync", &SpatialDropoutAddon::RunAsync),
                             InstanceMethod("drawMask", &SpatialDropoutAddon::DrawMask),
                             InstanceMethod("info", &SpatialDropoutAddon::Info),
                             InstanceMethod("setThreads", &SpatialDropoutAddon::SetThreads),
                             InstanceMethod("useSimd", &SpatialDropoutAddon::UseSimd),
                             InstanceMethod("allocate", &SpatialDropoutAddon::Allocate),
                             InstanceMethod("adviseHugePages", &SpatialDropoutAddon::AdviseHugePages),
                             InstanceMethod("trimAllocator", &SpatialDropoutAddon::TrimAllocator),
                             InstanceMethod("allocatorStats", &SpatialDropoutAddon::AllocatorStats),
                             InstanceMethod("_ceilingCopy", &SpatialDropoutAddon::CeilingCopy),
                             InstanceMethod("_tune", &SpatialDropoutAddon::Tune),
                             InstanceValue("recordFields", Napi::Number::New(env, kRecordFieldCount)),
                         });
  }

 private:
  // run(input, output, mask | null, record): the whole job, on this thread and the pool.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    const Job job = job_from_args(info);
    // A job too small to split never touches the shared pool (its lock).
    run_job(job, *active_kernels(), splits(bytes_moved(job)) ? pool_.get().get() : nullptr);
    return info.Env().Undefined();
  }

  // runFresh(input, undefined, mask | null, record) -> ArrayBuffer | undefined:
  // the job into a recycled output mapping, wrapped for JS only afterwards.
  // Wrapping is what counts the output's bytes as V8's external memory; for
  // every other 32 MiB output that starts a full GC, whose concurrent marking
  // shared the two CPUs with the kernel when the wrapping came first (9-13 ms
  // calls among 3-4 ms ones, node --trace-gc); wrapped after the kernel, the
  // marking overlaps the caller's own work instead. Undefined where allocate()
  // would decline, or where the runtime refuses the wrapping (once: later
  // calls decline up front): the caller then allocates and calls run().
  Napi::Value RunFresh(const Napi::CallbackInfo& info) {
    Job job = job_from_args(info, false);
    OutputMapping output = take_output(job.elements() * storage_bytes(job.dtype));
    if (!output) return info.Env().Undefined();
    job.output = output.data();
    run_job(job, *active_kernels(), splits(bytes_moved(job)) ? pool_.get().get() : nullptr);
    return wrap_output(info.Env(), std::move(output));
  }

  // runAsync(input, output, mask | null, record) -> Promise<void>
  // Small jobs run inline (see kInlineAsyncBytes); the promise is settled.
  Napi::Value RunAsync(const Napi::CallbackInfo& info) {
    const Job job = job_from_args(info);
    if (bytes_moved(job) >= kInlineAsyncBytes) {
      for (size_t i = 0; i < 3; ++i) {
        if (info[i].IsObject() && resizable_.resizable(info[i])) {
          throw Napi::TypeError::New(info.Env(), "async jobs cannot use a resizable ArrayBuffer");
        }
      }
      // Off this thread, but still clear of the shared pool unless the job splits.
      return AsyncRun::Start(info, job, *active_kernels(), splits(bytes_moved(job)) ? pool_.get() : nullptr);
    }
    run_job(job, *active_kernels(), nullptr);
    Napi::Promise::Deferred done = Napi::Promise::Deferred::New(info.Env());
    done.Resolve(info.Env().Undefined());
    return done.Promise();
  }

  // drawMask(keep: Uint8Array, record): keep flags of samples x channels.
  Napi::Value DrawMask(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const Job job = job_from_record(env, info[1]);
    uint8_t* keep = bytes_arg(env, info[0], flag_count(env, job), "keep");
    active_kernels()->draw(job.mask, 0, job.samples, 0, job.channels, keep, job.channels);
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

  // allocate(byteLength) -> ArrayBuffer | undefined: see allocator.h.
  Napi::Value Allocate(const Napi::CallbackInfo& info) { return allocate_output(info); }
  Napi::Value AdviseHugePages(const Napi::CallbackInfo& info) { return advise_huge_pages(info); }
  Napi::Value TrimAllocator(const Napi::CallbackInfo& info) { return trim_allocator(info); }
  Napi::Value AllocatorStats(const Napi::CallbackInfo& info) { return allocator_stats(info); }

  // Benchmark only (bench/): see ceiling.h.
  Napi::Value CeilingCopy(const Napi::CallbackInfo& info) { return ceiling_copy(info, pool_.get().get()); }
  Napi::Value Tune(const Napi::CallbackInfo& info) { return tune(info); }

  SharedPool pool_;
  ResizableCheck resizable_;
};

}  // namespace
}  // namespace sd

using sd::SpatialDropoutAddon;
NODE_API_ADDON(SpatialDropoutAddon)
