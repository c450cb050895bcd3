#include "isa.h"

#include "cpu.h"

namespace sd {
namespace {

struct Candidate {
  const KernelTable& (*kernels)();
  bool (*supported)();
};

// Priority order: the first one the CPU supports wins.
const Candidate kCandidates[] = {
#if defined(__x86_64__)
    {kernels_avx512, [] { return cpu_features().avx512; }},
    {kernels_avx2, [] { return cpu_features().avx2; }},
    {kernels_sse2, [] { return cpu_features().sse2; }},
#elif defined(__aarch64__)
    {kernels_neon, [] { return cpu_features().neon; }},
#endif
    {kernels_scalar, [] { return true; }},
};

}  // namespace

std::vector<std::string> supported_isas() {
  std::vector<std::string> names;
  for (const auto& c : kCandidates) {
    if (c.supported()) names.emplace_back(c.kernels().name);
  }
  return names;
}

IsaChoice choose_isa(const std::string& forced) {
  for (const auto& c : kCandidates) {
    if (!c.supported()) continue;
    if (forced.empty() || forced == c.kernels().name) return {&c.kernels(), {}};
  }
  std::string known;
  for (const auto& name : supported_isas()) known += (known.empty() ? "" : ", ") + name;
  return {nullptr, "SIMD level '" + forced + "' is not available on this CPU or build (available: " + known + ")"};
}

}  // namespace sd

#include <atomic>
#include <cstdlib>

namespace sd {
namespace {

struct Active {
  std::atomic<const KernelTable*> kernels{nullptr};
  std::string error;
  Active() {
    const char* forced = std::getenv("SPATIAL_DROPOUT_SIMD");
    IsaChoice choice = choose_isa(forced != nullptr ? forced : "");
    kernels.store(choice.kernels);
    error = std::move(choice.error);
  }
};

Active& active() {
  static Active state;
  return state;
}

}  // namespace

const KernelTable* active_kernels(std::string* error) {
  Active& a = active();
  if (error != nullptr) *error = a.error;
  return a.kernels.load(std::memory_order_acquire);
}

std::string use_kernels(const std::string& name) {
  IsaChoice choice = choose_isa(name);
  if (choice.kernels == nullptr) return choice.error;
  active().kernels.store(choice.kernels, std::memory_order_release);
  return {};
}

}  // namespace sd
