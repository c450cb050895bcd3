// One thread's share of a job: a range of rows, where a row is one (sample,
// timestep) in channelsLast and one (sample, channel) in channelsFirst.
// Freestanding and allocation-free: all working memory is the caller's Scratch,
// so native threads and the wasm build run exactly this code.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "kernel.h"

namespace sd {

// Channels handled per pass: bounds the scratch whatever the tensor's width.
constexpr size_t kChunk = 4096;
// Samples whose keep bits one call of the bits kernel takes.
constexpr size_t kMaxGroup = 1024;

struct Scratch {
  uint8_t keep[kChunk];
  // A lane pattern: up to kChunk + 2 * 32 lanes of at most 8 bytes each.
  alignas(64) uint64_t lanes[kChunk + 64];
  // Keep bits of a group of samples, plus the entry the kernel reads ahead.
  uint64_t bits[kMaxGroup + 1];
};

inline size_t row_count(const Job& job) {
  return job.samples * (job.layout == Layout::kChannelsLast ? job.spatial : job.channels);
}

// Computes rows [r0, r1) of the job's output.
void run_rows(const Job& job, const KernelTable& kernels, size_t r0, size_t r1, bool stream, Scratch& scratch);

}  // namespace sd
