#include "thread_pool.h"

#include <chrono>
#include <exception>

#if defined(__linux__)
#include <sched.h>
#endif

namespace sd {

namespace {

// Tells the core (and a hyperthread sibling) that this is a spin-wait loop.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Spins until done() holds, yielding the CPU if that takes long (an
// oversubscribed machine may have descheduled the thread we wait for).
template <typename Done>
void spin_until(Done done) {
  for (int i = 0; !done(); ++i) {
    if (i < 4096) {
      cpu_relax();
    } else {
      std::this_thread::yield();
    }
  }
}

}  // namespace

ThreadPool::ThreadPool(size_t threads) {
  // Where the system will not start them all (a container's pids limit, an
  // address-space limit), half as many, until they start: the threads that
  // did start before the refusal hold all the system would give (an
  // address-space limit would leave the rest of the process nothing to grow
  // into). Results do not depend on the pool's size; a smaller one is slower.
  for (size_t workers = threads > 1 ? threads - 1 : 0; !start_workers(workers); workers /= 2) {
  }
}

ThreadPool::~ThreadPool() { stop_workers(); }

bool ThreadPool::start_workers(size_t count) {
  // A std::thread that fails to start throws; unwinding a vector of running
  // threads would std::terminate, so they are stopped and joined first.
  try {
    workers_.reserve(count);
    for (size_t i = 0; i < count; ++i) workers_.emplace_back([this] { worker_main(); });
    return true;
  } catch (const std::exception&) {
    stop_workers();
    return false;
  }
}

void ThreadPool::stop_workers() {
  stopping_.store(true);
  {
    std::lock_guard<std::mutex> lock(sleep_mutex_);
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  stopping_.store(false);
}

void ThreadPool::take_parts() {
  const FunctionRef<void(size_t)>& task = *task_;
  const size_t parts = parts_;
  for (size_t part = next_part_.fetch_add(1, std::memory_order_relaxed); part < parts;
       part = next_part_.fetch_add(1, std::memory_order_relaxed)) {
    task(part);
    done_parts_.fetch_add(1, std::memory_order_release);
  }
}

void ThreadPool::run(size_t parts, FunctionRef<void(size_t)> task) {
  std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
  if (parts <= 1 || workers_.empty() || !busy.owns_lock()) {
    for (size_t part = 0; part < parts; ++part) task(part);
    return;
  }
  task_ = &task;
  parts_ = parts;
  next_part_.store(0, std::memory_order_relaxed);
  done_parts_.store(0, std::memory_order_relaxed);
  open_.store(true);
  job_.fetch_add(1);
  // A worker counts itself in sleepers_ before its last look at job_, so
  // either it sees the new job or this sees it sleeping (both seq_cst).
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(sleep_mutex_);
    wake_.notify_all();
  }
  take_parts();
  spin_until([&] { return done_parts_.load(std::memory_order_acquire) == parts; });
  // Close the job, then wait out any worker that got in before the close: it
  // may still be reading task_, which lives on this caller's stack.
  open_.store(false);
  spin_until([&] { return inside_.load() == 0; });
  task_ = nullptr;
}

bool ThreadPool::wait_for_job(uint64_t seen) {
  const int64_t deadline = now_ns() + kSpinNanoseconds;
  while (job_.load(std::memory_order_acquire) == seen) {
    if (stopping_.load(std::memory_order_relaxed)) return false;
    for (int i = 0; i < 64; ++i) cpu_relax();
    if (now_ns() > deadline) break;
  }
  if (job_.load(std::memory_order_acquire) == seen) {
    std::unique_lock<std::mutex> lock(sleep_mutex_);
    sleepers_.fetch_add(1);
    while (job_.load() == seen && !stopping_.load()) wake_.wait(lock);
    sleepers_.fetch_sub(1);
  }
  return !stopping_.load();
}

void ThreadPool::worker_main() {
  uint64_t seen = 0;
  while (wait_for_job(seen)) {
    seen = job_.load(std::memory_order_acquire);
    inside_.fetch_add(1);
    if (open_.load()) take_parts();
    inside_.fetch_sub(1);
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
  if (s.pool) return s.pool->threads();  // what started, which may be fewer
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
