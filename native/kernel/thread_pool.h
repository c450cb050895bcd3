// A persistent pool: threads are created once and wait between jobs, and the
// calling thread always takes a share of the work itself.
//
// Waking a sleeping thread costs tens of microseconds on a virtual machine
// (futex wake, then the scheduler), as much as a whole 1 MiB job. So a worker
// that finishes a job spins for a short while (kSpinNanoseconds) watching for
// the next one, and only then sleeps on the condition variable; back-to-back
// calls (a training loop) never pay the wake-up. Parts are claimed from an
// atomic counter, so a caller whose worker is slow to wake simply does more of
// them, and a job whose every part the caller took ends without waiting for a
// worker that has not even looked at it yet.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "function_ref.h"

namespace sd {

class ThreadPool {
 public:
  // How long an idle worker watches for the next job before it sleeps.
  static constexpr int64_t kSpinNanoseconds = 200'000;

  // `threads` counts the caller: a pool of 1 has no worker threads.
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads this pool runs on, the caller's included: fewer than asked where
  // the system would not start them all.
  size_t threads() const { return workers_.size() + 1; }

  // Runs task(part) for every part in [0, parts) and returns when all are done.
  // Tasks must not throw. While another caller (an async job on a libuv thread,
  // another worker_thread) holds the pool, this caller runs every part itself
  // rather than wait: results never depend on how the parts were shared.
  void run(size_t parts, FunctionRef<void(size_t)> task);

 private:
  // Starts `count` workers; false, with none left running, if the system refused one.
  bool start_workers(size_t count);
  void stop_workers();
  void worker_main();
  // Waits until the job counter moves past `seen` (or the pool stops); false when stopping.
  bool wait_for_job(uint64_t seen);
  // Claims and runs parts until none is left.
  void take_parts();

  std::mutex busy_;  // held by the one caller the workers are serving

  // The current job, published by incrementing job_ (release) and read by a
  // worker only while it is counted in inside_ and open_ was true.
  const FunctionRef<void(size_t)>* task_ = nullptr;
  size_t parts_ = 0;
  std::atomic<size_t> next_part_{0};
  std::atomic<size_t> done_parts_{0};
  std::atomic<bool> open_{false};
  std::atomic<size_t> inside_{0};
  std::atomic<uint64_t> job_{0};

  // Sleeping: workers past their spin wait here; the caller notifies only
  // when sleepers_ says someone sleeps.
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  std::atomic<size_t> sleepers_{0};
  std::atomic<bool> stopping_{false};

  std::vector<std::thread> workers_;
};

// The process-wide pool, shared by every Node environment (main thread and
// worker_threads). Each environment holds one SharedPool for its lifetime; when
// the last is destroyed (environment cleanup, process exit) the threads are
// joined, so nothing of ours outlives the addon.
class SharedPool {
 public:
  SharedPool();
  ~SharedPool();
  SharedPool(const SharedPool&) = delete;
  SharedPool& operator=(const SharedPool&) = delete;

  // The current pool; a job keeps its copy alive even across a resize.
  std::shared_ptr<ThreadPool> get() const;
  static void set_threads(size_t threads);
  static size_t threads();
};

// CPUs this process may run on (affinity mask where the OS has one).
size_t available_cpus();

}  // namespace sd
