// A persistent pool: threads are created once and sleep between jobs, and the
// calling thread always takes a share of the work itself.
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
  // `threads` counts the caller: a pool of 1 has no worker threads.
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t threads() const { return workers_.size() + 1; }

  // Runs task(part) for every part in [0, parts) and returns when all are done.
  // Tasks must not throw. While another caller (an async job on a libuv thread,
  // another worker_thread) holds the pool, this caller runs every part itself
  // rather than wait: results never depend on how the parts were shared.
  void run(size_t parts, FunctionRef<void(size_t)> task);

 private:
  void worker_main();
  void take_parts(const FunctionRef<void(size_t)>& task, size_t parts);

  std::mutex busy_;  // held by the one caller the workers are serving
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  const FunctionRef<void(size_t)>* task_ = nullptr;
  size_t parts_ = 0;
  size_t active_ = 0;
  std::atomic<size_t> next_part_{0};
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
