// Concurrency of the kernel driver and the thread pool, without Node: several
// callers share the process pool (as the JS thread, libuv threads and worker
// threads do), the pool is resized under them, and every result must equal the
// single-threaded scalar result bit for bit. Exit status 0 means all held.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "../kernel/isa.h"
#include "../kernel/job.h"
#include "../kernel/run.h"
#include "../kernel/thread_pool.h"

namespace {

using sd::DType;
using sd::Job;
using sd::Layout;

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

struct Case {
  Job job;
  std::vector<uint8_t> input, expected;
};

Case make_case(DType dtype, Layout layout, size_t n, size_t t, size_t c, uint32_t seed) {
  Case k;
  k.job.dtype = dtype;
  k.job.layout = layout;
  k.job.samples = n;
  k.job.spatial = t;
  k.job.channels = c;
  k.job.divisor = dtype == DType::kFloat64 ? 0.75 : static_cast<double>(0.75f);
  k.job.mask = {seed, 7, 3, 100, 1u << 30, nullptr};
  const size_t bytes = k.job.elements() * sd::storage_bytes(dtype);
  std::mt19937 rng(seed);
  k.input.resize(bytes);
  for (auto& b : k.input) b = static_cast<uint8_t>(rng());
  k.expected.resize(bytes);
  Job ref = k.job;
  ref.input = k.input.data();
  ref.output = k.expected.data();
  sd::run_job(ref, sd::kernels_scalar(), nullptr);
  return k;
}

// NaN bit patterns may legitimately differ only where the division makes a
// NaN; these inputs are random bits, so compare with NaNs folded together.
bool same(const Case& k, const std::vector<uint8_t>& got) {
  const size_t w = sd::storage_bytes(k.job.dtype);
  for (size_t i = 0; i < got.size(); i += w) {
    if (std::memcmp(&got[i], &k.expected[i], w) == 0) continue;
    uint64_t a = 0, b = 0;
    std::memcpy(&a, &got[i], w);
    std::memcpy(&b, &k.expected[i], w);
    static constexpr uint64_t kInfinity[] = {0x7f800000u, 0x7ff0000000000000ull, 0x7c00u, 0x7f80u};
    const uint64_t inf = kInfinity[static_cast<int>(k.job.dtype)];
    const uint64_t magnitude = (uint64_t{1} << (8 * w - 1)) - 1;
    const bool nan_a = (a & magnitude) > inf, nan_b = (b & magnitude) > inf;
    if (!(nan_a && nan_b)) return false;
  }
  return true;
}

void run_into(const Case& k, const sd::KernelTable& kernels, sd::ThreadPool* pool, std::vector<uint8_t>& out) {
  out.assign(k.expected.size(), 0xAB);
  Job job = k.job;
  job.input = k.input.data();
  job.output = out.data();
  sd::run_job(job, kernels, pool);
}

}  // namespace

int main() {
  std::vector<Case> cases;
  uint32_t seed = 1;
  for (DType d : {DType::kFloat32, DType::kFloat64, DType::kFloat16, DType::kBFloat16}) {
    for (Layout l : {Layout::kChannelsLast, Layout::kChannelsFirst}) {
      // Sizes just above the per-thread split threshold: small enough for TSan.
      cases.push_back(make_case(d, l, 48, 64, 40, seed++));   // many samples
      cases.push_back(make_case(d, l, 1, 6000, 24, seed++));  // one sample, split over time
      cases.push_back(make_case(d, l, 2, 40, 4200, seed++));  // channels beyond one chunk
    }
  }

  // Every level this CPU runs, each against the scalar result, on pools of several sizes.
  for (const auto& name : sd::supported_isas()) {
    const sd::KernelTable& kernels = *sd::choose_isa(name).kernels;
    for (size_t threads : {1, 3}) {
      sd::ThreadPool pool(threads);
      std::vector<uint8_t> out;
      for (const Case& k : cases) {
        run_into(k, kernels, &pool, out);
        expect(same(k, out), "every ISA and pool size matches scalar");
      }
    }
  }

  // Several callers on the shared pool at once, while it is resized.
  {
    sd::SharedPool lease;
    std::atomic<bool> stop{false};
    std::thread resizer([&] {
      for (size_t i = 0; !stop.load(); ++i) {
        sd::SharedPool::set_threads(1 + i % 4);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    std::vector<std::thread> callers;
    std::atomic<int> bad{0};
    for (int caller = 0; caller < 4; ++caller) {
      callers.emplace_back([&, caller] {
        sd::SharedPool own;  // like a worker_thread's environment
        const sd::KernelTable& kernels = *sd::active_kernels();
        std::vector<uint8_t> out;
        for (int round = 0; round < 6; ++round) {
          const Case& k = cases[(caller * 7 + round) % cases.size()];
          run_into(k, kernels, own.get().get(), out);
          if (!same(k, out)) ++bad;
        }
      });
    }
    for (auto& c : callers) c.join();
    stop = true;
    resizer.join();
    expect(bad.load() == 0, "concurrent callers on a resizing shared pool match scalar");
  }

  // A pool destroyed right after use, many times: no thread outlives it.
  for (int i = 0; i < 50; ++i) {
    sd::ThreadPool pool(4);
    std::atomic<size_t> sum{0};
    auto task = [&](size_t part) { sum += part; };
    pool.run(100, task);
    expect(sum.load() == 4950, "pool.run visits every part once");
  }

  std::printf("%s (%d failures)\n", failures == 0 ? "ok" : "FAILED", failures);
  return failures == 0 ? 0 : 1;
}
