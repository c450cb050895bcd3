// Shapes A-F of bench/run.mjs, float32 channelsLast into a caller's output,
// rate 0.2, through run_job with the best kernels and a pool of 2 threads,
// alternating with the same copy the addon's _ceilingCopy makes (non-temporal
// and regular stores, the faster is the ceiling), the three in a shuffled order
// each round. Every call takes the next of a rotation of buffers totalling at
// least 16 MiB, each of the three its own share of them where there are
// enough, as in the Node benchmark (see bench/lib/timing.mjs for why).
//
//   kernel_bench [threads] [shape letters, e.g. AF]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "../../native/kernel/isa.h"
#include "../../native/kernel/job.h"
#include "../../native/kernel/run.h"
#include "../../native/kernel/thread_pool.h"

namespace {

struct Shape {
  const char* name;
  size_t n, t, c;
};

constexpr Shape kShapes[] = {{"A", 32, 128, 64},   {"B", 64, 512, 256},  {"C", 16, 4096, 512},
                             {"D", 256, 64, 8},    {"E", 1, 65536, 128}, {"F", 4096, 16, 3}};
constexpr size_t kWorkingSet = size_t{16} << 20;
constexpr size_t kWarmup = 5, kReps = 101;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
double micros(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t threads = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2;
  const std::string only = argc > 2 ? argv[2] : "ABCDEF";
  std::string error;
  const sd::KernelTable* kernels = sd::active_kernels(&error);
  if (kernels == nullptr) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  sd::ThreadPool pool(threads);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);

  std::printf("kernel %s, %zu threads, rate 0.2, float32 channelsLast, medians of %zu calls\n\n", kernels->name,
              threads, kReps);
  std::printf("| shape | kernel us | ceiling us (non-temporal / regular stores) | GB/s | vs ceiling |\n| --- | --- | --- | --- | --- |\n");
  for (const Shape& s : kShapes) {
    if (only.find(s.name[0]) == std::string::npos) continue;
    const size_t elements = s.n * s.t * s.c, bytes = elements * 4;
    const size_t count = std::max<size_t>(1, (kWorkingSet + 2 * bytes - 1) / (2 * bytes));
    std::vector<std::vector<float>> x(count, std::vector<float>(elements)), y(count, std::vector<float>(elements));
    for (auto& v : x) std::generate(v.begin(), v.end(), [&] { return uniform(rng); });

    std::vector<double> kernel, nt, regular;
    // Set of the rep-th call of contender `who` (0 kernel, 1 and 2 the copies).
    const size_t share = count >= 6 ? count / 3 : 0;
    auto set = [&](size_t who, size_t rep) { return share > 0 ? who + 3 * (rep % share) : (3 * rep + who) % count; };
    int order[3] = {0, 1, 2};
    for (size_t rep = 0; rep < kWarmup + kReps; ++rep) {
      std::shuffle(order, order + 3, rng);
      sd::Job job;
      job.samples = s.n;
      job.spatial = s.t;
      job.channels = s.c;
      job.divisor = static_cast<double>(0.8f);
      job.mask.key0 = 42;
      job.mask.step = static_cast<uint32_t>(rep);
      job.mask.threshold = 858993459;  // floor(0.2 * 2^32 + 0.5)
      job.input = x[set(0, rep)].data();
      job.output = y[set(0, rep)].data();
      double us[3];
      for (const int who : order) {
        const size_t i = set(who, rep);
        us[who] = who == 0 ? micros([&] { sd::run_job(job, *kernels, &pool); })
                           : micros([&] { sd::run_copy(x[i].data(), y[i].data(), bytes, who == 1, *kernels, &pool); });
      }
      if (rep >= kWarmup) {
        kernel.push_back(us[0]);
        nt.push_back(us[1]);
        regular.push_back(us[2]);
      }
    }
    const double k = median(kernel), ceiling = std::min(median(nt), median(regular));
    std::printf("| %s (%zu,%zu,%zu) | %.1f | %.1f (%.1f / %.1f) | %.1f | %.2fx |\n", s.name, s.n, s.t, s.c, k, ceiling,
                median(nt), median(regular), 2.0 * bytes / k / 1e3, ceiling / k);
  }
  return 0;
}
