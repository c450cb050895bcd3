// Shapes A-F of bench/run.mjs, float32 channelsLast into a caller's output,
// and its 32 MiB float64, float16 and bfloat16 rows (64, 512, C),
// rate 0.2, through run_job with the best kernels and a pool of 2 threads,
// alternating with the same copy the addon's _ceilingCopy makes (non-temporal
// and regular stores, the faster is the ceiling), the three in a shuffled order
// each round. Every call takes the next of a rotation of buffers totalling at
// least the working set, each of the three its own share of them where there
// are enough, as in the Node benchmark (see bench/lib/timing.mjs for why).
//
//   kernel_bench [threads] [shape names, e.g. A,F,f16] [working set, MiB]
//
// The working set (16 MiB unless given) decides where the data comes from:
// 16 MiB leaves part of a 32 MiB shape in a 32 MiB L3, 384 takes it all from
// memory, as bench/run.mjs's rotation does.
//
// Then the kernel's part of a small call (see small_call_ns), and the cost of
// drawing a mask (mask_draw_ns).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
  sd::DType dtype;
};

constexpr sd::DType kF32 = sd::DType::kFloat32;
constexpr Shape kShapes[] = {{"A", 32, 128, 64, kF32},
                             {"B", 64, 512, 256, kF32},
                             {"C", 16, 4096, 512, kF32},
                             {"D", 256, 64, 8, kF32},
                             {"E", 1, 65536, 128, kF32},
                             {"F", 4096, 16, 3, kF32},
                             {"f64", 64, 512, 128, sd::DType::kFloat64},
                             {"f16", 64, 512, 512, sd::DType::kFloat16},
                             {"bf16", 64, 512, 512, sd::DType::kBFloat16},
                             // Shape A's 1 MiB in the other dtypes: sizes that stay in cache, where
                             // the arithmetic rather than memory bounds a 16-bit or float64 call.
                             {"A-f64", 32, 128, 32, sd::DType::kFloat64},
                             {"A-f16", 32, 128, 128, sd::DType::kFloat16},
                             {"A-bf16", 32, 128, 128, sd::DType::kBFloat16}};

// Rate 0.2's divisor, 1 - 0.2 rounded to the dtype as the TypeScript layer does.
double divisor_of(sd::DType dtype) {
  switch (dtype) {
    case sd::DType::kFloat64: return 0.8;
    case sd::DType::kFloat16: return 0.7998046875;  // binary16 0x3a66
    case sd::DType::kBFloat16: return 0.80078125;   // bfloat16 0x3f4d
    default: return static_cast<double>(0.8f);
  }
}

// Random inputs in [-1, 1) of the dtype, as raw bytes.
std::vector<uint8_t> random_input(sd::DType dtype, size_t elements, std::mt19937& rng) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<uint8_t> bytes(elements * sd::storage_bytes(dtype));
  for (size_t i = 0; i < elements; ++i) {
    const double v = uniform(rng);
    const float f = static_cast<float>(v);
    uint32_t b;
    std::memcpy(&b, &f, 4);
    switch (dtype) {
      case sd::DType::kFloat64: std::memcpy(&bytes[8 * i], &v, 8); break;
      case sd::DType::kFloat16: {
        const _Float16 h = static_cast<_Float16>(f);
        std::memcpy(&bytes[2 * i], &h, 2);
        break;
      }
      case sd::DType::kBFloat16: {
        const uint16_t h = static_cast<uint16_t>(b >> 16);  // truncated: any bfloat16 will do
        std::memcpy(&bytes[2 * i], &h, 2);
        break;
      }
      default: std::memcpy(&bytes[4 * i], &f, 4); break;
    }
  }
  return bytes;
}

const char* dtype_name(sd::DType dtype) {
  switch (dtype) {
    case sd::DType::kFloat64: return "float64";
    case sd::DType::kFloat16: return "float16";
    case sd::DType::kBFloat16: return "bfloat16";
    default: return "float32";
  }
}

// The comma-separated names in `list`.
std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  for (size_t from = 0; from <= list.size();) {
    const size_t comma = std::min(list.find(',', from), list.size());
    names.push_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  return names;
}
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

// The kernel's share of a small call's budget (2 us for the whole call through
// Node): run_job on a (1,1,16) float32 tensor, no pool, in ns per call, the best
// of 31 batches (a batch that shares the core with anything else only gets slower).
double small_call_ns(const sd::KernelTable& kernels) {
  std::vector<float> x(16, 0.5f), y(16);
  sd::Job job;
  job.samples = 1;
  job.spatial = 1;
  job.channels = 16;
  job.divisor = divisor_of(sd::DType::kFloat32);
  job.mask.key0 = 42;
  job.mask.threshold = 858993459;
  job.input = x.data();
  job.output = y.data();
  constexpr int kCalls = 20000;
  double best = 1e300;
  for (int batch = 0; batch < 31; ++batch) {
    const double us = micros([&] {
      for (int i = 0; i < kCalls; ++i) {
        job.mask.step = static_cast<uint32_t>(i);
        sd::run_job(job, kernels, nullptr);
      }
    });
    best = std::min(best, us * 1e3 / kCalls);
  }
  return best;
}

// The vector Philox alone, in ns per block of four flags (best of 31 batches):
// F's mask as bits (one block per sample, as its calls draw it) and B's as
// bytes (64 blocks a sample), the two ways the kernel draws.
void mask_draw_ns(const sd::KernelTable& kernels, double& bits_ns, double& bytes_ns) {
  sd::MaskSource m;
  m.key0 = 42;
  m.threshold = 858993459;
  std::vector<uint64_t> bits(4096 + 1);
  std::vector<uint8_t> keep(64 * 256);
  bits_ns = bytes_ns = 1e300;
  for (int batch = 0; batch < 31; ++batch) {
    m.step = static_cast<uint32_t>(batch);
    const double b = micros([&] {
      for (int i = 0; i < 20; ++i) kernels.draw_bits(m, 0, 4096, 3, bits.data());
    });
    const double k = micros([&] {
      for (int i = 0; i < 20; ++i) kernels.draw(m, 0, 64, 0, 256, keep.data(), 256);
    });
    bits_ns = std::min(bits_ns, b * 1e3 / (20 * 4096));
    bytes_ns = std::min(bytes_ns, k * 1e3 / (20 * 64 * 64));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const size_t threads = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2;
  std::string all;
  for (const Shape& s : kShapes) all += (all.empty() ? "" : ",") + std::string(s.name);
  const std::vector<std::string> only = split_names(argc > 2 ? argv[2] : all);
  for (const std::string& name : only) {
    if (std::none_of(std::begin(kShapes), std::end(kShapes), [&](const Shape& s) { return name == s.name; })) {
      std::fprintf(stderr, "unknown shape '%s': the shapes are %s\n", name.c_str(), all.c_str());
      return 2;
    }
  }
  std::string error;
  const sd::KernelTable* kernels = sd::active_kernels(&error);
  if (kernels == nullptr) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const size_t working_set = (argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 16) << 20;
  sd::ThreadPool pool(threads);
  std::mt19937 rng(1);

  std::printf("kernel %s, %zu threads, rate 0.2, channelsLast, %zu MiB of buffers, medians of %zu calls\n\n",
              kernels->name, threads, working_set >> 20, kReps);
  std::printf("| shape | dtype | kernel us | ceiling us (non-temporal / regular stores) | GB/s | vs ceiling |\n"
              "| --- | --- | --- | --- | --- | --- |\n");
  for (const Shape& s : kShapes) {
    if (std::find(only.begin(), only.end(), s.name) == only.end()) continue;
    const size_t elements = s.n * s.t * s.c, bytes = elements * sd::storage_bytes(s.dtype);
    const size_t count = std::max<size_t>(1, (working_set + 2 * bytes - 1) / (2 * bytes));
    std::vector<std::vector<uint8_t>> x(count), y(count, std::vector<uint8_t>(bytes));
    for (auto& v : x) v = random_input(s.dtype, elements, rng);

    std::vector<double> kernel, nt, regular;
    // Set of the rep-th call of contender `who` (0 kernel, 1 and 2 the copies).
    const size_t share = count >= 6 ? count / 3 : 0;
    auto set = [&](size_t who, size_t rep) { return share > 0 ? who + 3 * (rep % share) : (3 * rep + who) % count; };
    int order[3] = {0, 1, 2};
    for (size_t rep = 0; rep < kWarmup + kReps; ++rep) {
      std::shuffle(order, order + 3, rng);
      sd::Job job;
      job.dtype = s.dtype;
      job.samples = s.n;
      job.spatial = s.t;
      job.channels = s.c;
      job.divisor = divisor_of(s.dtype);
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
    std::printf("| %s (%zu,%zu,%zu) | %s | %.1f | %.1f (%.1f / %.1f) | %.1f | %.2fx |\n", s.name, s.n, s.t, s.c,
                dtype_name(s.dtype), k, ceiling, median(nt), median(regular), 2.0 * bytes / k / 1e3, ceiling / k);
  }
  std::printf("\nper call, (1,1,16) float32 on the calling thread: %.0f ns in the kernel (best of 31 batches)\n",
              small_call_ns(*kernels));
  double bits_ns, bytes_ns;
  mask_draw_ns(*kernels, bits_ns, bytes_ns);
  std::printf("mask draw, one thread: %.2f ns a Philox block as bits (F: 4096 x 3), %.2f as bytes (B: 64 x 256)\n",
              bits_ns, bytes_ns);
  return 0;
}
