#include "thread_pool.h"

#if defined(__linux__)
#include <sched.h>
#endif

namespace sd {

ThreadPool::ThreadPool(size_t threads) {
  const size_t workers = threads > 1 ? threads - 1 : 0;
  workers_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { worker_main(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::take_parts(const FunctionRef<void(size_t)>& task, size_t parts) {
  for (size_t part = next_part_.fetch_add(1, std::memory_order_relaxed); part < parts;
       part = next_part_.fetch_add(1, std::memory_order_relaxed)) {
    task(part);
  }
}

void ThreadPool::run(size_t parts, FunctionRef<void(size_t)> task) {
  std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
  if (parts <= 1 || workers_.empty() || !busy.owns_lock()) {
    for (size_t part = 0; part < parts; ++part) task(part);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    parts_ = parts;
    active_ = workers_.size();
    next_part_.store(0, std::memory_order_relaxed);
    ++generation_;
  }
  wake_.notify_all();
  take_parts(task, parts);
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [this] { return active_ == 0; });
  task_ = nullptr;
}

void ThreadPool::worker_main() {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    const FunctionRef<void(size_t)>* task = task_;
    const size_t parts = parts_;
    lock.unlock();
    take_parts(*task, parts);
    lock.lock();
    if (--active_ == 0) finished_.notify_one();
  }
}

namespace {

struct SharedState {
  std::mutex mutex;
  size_t users = 0;
  size_t threads = 0;  // 0: not chosen yet, use available_cpus()
  std::shared_ptr<ThreadPool> pool;
};

SharedState& shared_state() {
  static SharedState state;
  return state;
}

}  // namespace

SharedPool::SharedPool() {
  auto& s = shared_state();
  std::lock_guard<std::mutex> lock(s.mutex);
  ++s.users;
}

SharedPool::~SharedPool() {
  std::shared_ptr<ThreadPool> last;
  auto& s = shared_state();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    if (--s.users == 0) last = std::move(s.pool);
  }
  // `last` joins its threads here, outside the lock; a job still running on a
  // libuv thread holds its own reference and the join waits for nothing of it.
}

std::shared_ptr<ThreadPool> SharedPool::get() const {
  auto& s = shared_state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.pool) s.pool = std::make_shared<ThreadPool>(s.threads != 0 ? s.threads : available_cpus());
  return s.pool;
}

void SharedPool::set_threads(size_t threads) {
  std::shared_ptr<ThreadPool> old;
  auto& s = shared_state();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    if (threads == s.threads && s.pool) return;
    s.threads = threads;
    old = std::move(s.pool);  // the next job builds a pool of the new size
  }
}

size_t SharedPool::threads() {
  auto& s = shared_state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.threads != 0 ? s.threads : available_cpus();
}

size_t available_cpus() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<size_t>(count);
  }
#endif
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

}  // namespace sd
