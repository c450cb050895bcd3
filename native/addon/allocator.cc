#include "allocator.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define SD_HAVE_MMAP 1
#endif

#include "record.h"

namespace sd {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
// The cache, bounded in bytes. V8 collects outputs in batches (a full GC each
// time external memory has grown by some 64 MiB), so a batch of collected
// outputs must fit, or the calls after a GC map and fault new memory (in one
// trace of 37 calls on 32 MiB outputs, 5 did with 4 slots, 2 with 16: those
// made while more outputs awaited collection than ever before). A mapping
// unused for kCacheNanoseconds goes back to the system at the next put() or
// trim().
constexpr size_t kCacheEntries = 16;
constexpr size_t kCacheBytes = size_t{256} << 20;
constexpr int64_t kCacheNanoseconds = 2'000'000'000;
// Mapped and handed out but not yet finalized (see allocator.h).
constexpr size_t kMaxOutstandingBytes = size_t{256} << 20;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

#if SD_HAVE_MMAP
// A 2 MiB-aligned anonymous mapping of `bytes` (a multiple of 2 MiB), or null.
void* map_region(size_t bytes) {
  const size_t span = bytes + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePage - 1) & ~(uintptr_t{kHugePage} - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const uintptr_t end = aligned + bytes, raw_end = start + span;
  if (raw_end > end) munmap(reinterpret_cast<void*>(end), raw_end - end);
#if defined(MADV_HUGEPAGE)
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<void*>(aligned);
}

void unmap_region(void* p, size_t bytes) { munmap(p, bytes); }

void advise_huge(void* p, size_t bytes) {
#if defined(MADV_HUGEPAGE)
  const uintptr_t start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = (start + kHugePage - 1) & ~(uintptr_t{kHugePage} - 1);
  const uintptr_t last = (start + bytes) & ~(uintptr_t{kHugePage} - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}
#else
void advise_huge(void*, size_t) {}
void* map_region(size_t) { return nullptr; }
void unmap_region(void*, size_t) {}
#endif

// Process-wide (worker threads share it) and trivially destructible, so a
// finalizer that runs during teardown never meets a destroyed cache.
class Cache {
 public:
  // A cached mapping of exactly `bytes`, or a new one; null if neither.
  void* take(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (outstanding_ + bytes > kMaxOutstandingBytes) return nullptr;
      outstanding_ += bytes;
      for (size_t i = 0; i < count_; ++i) {
        if (entries_[i].bytes == bytes) {
          void* p = entries_[i].p;
          cached_bytes_ -= bytes;
          entries_[i] = entries_[--count_];
          return p;
        }
      }
    }
    void* p = map_region(bytes);
    if (p == nullptr) give_back_count(bytes);
    return p;
  }

  // An output was collected (or never handed out): cache its mapping or unmap it.
  void put(void* p, size_t bytes) {
    Evicted evicted;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      outstanding_ -= bytes;
      const int64_t now = now_ns();
      evict_idle(now, &evicted);
      if (count_ < kCacheEntries && cached_bytes_ + bytes <= kCacheBytes) {
        entries_[count_++] = {p, bytes, now};
        cached_bytes_ += bytes;
      } else {
        evicted.add({p, bytes, now});
      }
    }
    evicted.unmap();
  }

  // Gives back the mappings idle for kCacheNanoseconds. True while a mapping
  // is cached or handed out (and so may be cached later): worth trimming again.
  bool trim() {
    Evicted evicted;
    bool pending = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      evict_idle(now_ns(), &evicted);
      pending = count_ > 0 || outstanding_ > 0;
    }
    evicted.unmap();
    return pending;
  }

  void give_back_count(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    outstanding_ -= bytes;
  }

  void stats(double* out) {
    std::lock_guard<std::mutex> lock(mutex_);
    out[0] = static_cast<double>(cached_bytes_);
    out[1] = static_cast<double>(count_);
    out[2] = static_cast<double>(outstanding_);
  }

 private:
  struct Entry {
    void* p;
    size_t bytes;
    int64_t when;
  };
  // Collected under the lock, unmapped after it (munmap of 32 MiB takes a while).
  struct Evicted {
    Entry entries[kCacheEntries + 1];
    size_t count = 0;
    void add(const Entry& e) { entries[count++] = e; }
    void unmap() const {
      for (size_t i = 0; i < count; ++i) unmap_region(entries[i].p, entries[i].bytes);
    }
  };

  void evict_idle(int64_t now, Evicted* evicted) {
    for (size_t i = 0; i < count_;) {
      if (now - entries_[i].when > kCacheNanoseconds) {
        evicted->add(entries_[i]);
        cached_bytes_ -= entries_[i].bytes;
        entries_[i] = entries_[--count_];
      } else {
        ++i;
      }
    }
  }

  std::mutex mutex_;
  Entry entries_[kCacheEntries] = {};
  size_t count_ = 0;
  size_t cached_bytes_ = 0;
  size_t outstanding_ = 0;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

void finalize(napi_env, void* data, void* hint) { cache().put(data, reinterpret_cast<size_t>(hint)); }

// Set once a runtime refuses external buffers (Electron's sandbox): from then
// on every request declines at once instead of mapping memory it cannot hand out.
std::atomic<bool> external_refused{false};

}  // namespace

OutputMapping::~OutputMapping() {
  if (data_ != nullptr) cache().put(data_, mapped_);
}

OutputMapping take_output(size_t length) {
  if (length == 0 || length > SIZE_MAX - kHugePage || external_refused.load(std::memory_order_relaxed)) return {};
  const size_t mapped = (length + kHugePage - 1) & ~(kHugePage - 1);
  void* p = cache().take(mapped);
  return p == nullptr ? OutputMapping{} : OutputMapping(p, mapped, length);
}

Napi::Value wrap_output(Napi::Env env, OutputMapping output) {
  if (!output) return env.Undefined();
  napi_value buffer = nullptr;
  const napi_status status = napi_create_external_arraybuffer(env, output.data(), output.length(), finalize,
                                                              reinterpret_cast<void*>(output.mapped()), &buffer);
  if (status != napi_ok) {
    // The caller allocates; a runtime that forbids these will forbid them again.
    if (status == napi_no_external_buffers_allowed) external_refused.store(true, std::memory_order_relaxed);
    return env.Undefined();
  }
  // V8 owns it now: the finalizer gives the mapping back.
  output.release();
  // No napi_adjust_external_memory: V8 already counts an external ArrayBuffer's
  // length (it collects these outputs unaided); counting it twice made V8 see
  // twice the growth and start its full GCs sooner, and their concurrent
  // marking slows the calls it overlaps.
  return Napi::Value(env, buffer);
}

Napi::Value allocate_output(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double requested = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(requested > 0 && requested <= kTwo53 && requested == static_cast<double>(
                                                                           static_cast<size_t>(requested)))) {
    throw Napi::RangeError::New(env, "allocate: byteLength must be a positive integer");
  }
  return wrap_output(env, take_output(static_cast<size_t>(requested)));
}

Napi::Value advise_huge_pages(const Napi::CallbackInfo& info) {
  void* data = nullptr;
  size_t length = 0;
  if (info[0].IsArrayBuffer() && napi_get_arraybuffer_info(info.Env(), info[0], &data, &length) == napi_ok) {
    advise_huge(data, length);
  }
  return info.Env().Undefined();
}

Napi::Value trim_allocator(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), cache().trim());
}

Napi::Value allocator_stats(const Napi::CallbackInfo& info) {
  double values[3];
  cache().stats(values);
  Napi::Array out = Napi::Array::New(info.Env(), 3);
  for (uint32_t i = 0; i < 3; ++i) out.Set(i, values[i]);
  return out;
}

}  // namespace sd
