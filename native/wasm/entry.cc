// The WebAssembly module's entry points. JS (lib/backend/wasm-*.ts) streams a
// call through linear memory in pieces; for each piece it writes one block of
// doubles, the call's record (native/addon/record.h: the very fields the addon
// reads) followed by the piece fields below, and calls sd_run or sd_draw.
// Nothing here allocates or keeps state between calls, so any number of
// instances, each over its own memory, can run side by side.
#include "../addon/record.h"
#include "../kernel/kernel.h"
#include "../kernel/rows.h"

extern "C" unsigned char __heap_base;  // defined by wasm-ld: first byte after the stack and data

namespace sd {
namespace {

// One piece of a call: a run of whole samples, or part of one sample. Keep in
// step with PIECE in lib/backend/wasm-layout.ts.
enum PieceField : size_t {
  kPieceFirstSample = kRecordFieldCount,  // added to the record's sampleOffset
  kPieceSamples,
  kPieceSpatial,
  kPieceChannels,
  kPieceChannelOffset,  // global index of the piece's channel 0
  kPieceInput,          // byte addresses in linear memory
  kPieceOutput,
  kPieceMask,           // address of the piece's samples x channels keep flags
  kPieceDrawMask,       // sd_run: 1 to draw those flags there first, 0 if they are there already
  kPieceScratch,
  kBlockFieldCount,
};

enum Status : int { kOk = 0, kBadField = 1, kBadRange = 2 };


// Reads integer fields, remembering whether any was out of range. JS computes
// every field, but a wrong one must not let the kernel scribble over the stack.
class Block {
 public:
  explicit Block(const double* p) : p_(p) {}

  uint64_t integer(size_t field, double max) {
    const double v = p_[field];
    if (!(v >= 0 && v <= max && __builtin_floor(v) == v)) {
      ok_ = false;
      return 0;
    }
    return static_cast<uint64_t>(v);
  }

  // A real in [0, 1] (the divisor, 1 - rate rounded: what the kernels'
  // exactness arguments assume), else marks the block bad.
  double unit(size_t field) {
    const double v = p_[field];
    if (!(v >= 0 && v <= 1)) ok_ = false;
    return v;
  }

  // An address whose `bytes` bytes lie in the heap (never the stack or data).
  unsigned char* region(size_t field, uint64_t bytes) {
    const uint64_t at = integer(field, kTwo32 - 1);
    const uint64_t end = static_cast<uint64_t>(__builtin_wasm_memory_size(0)) << 16;
    if (at < reinterpret_cast<uintptr_t>(&__heap_base) || bytes > end || at > end - bytes) ok_ = false;
    return ok_ ? reinterpret_cast<unsigned char*>(static_cast<uintptr_t>(at)) : nullptr;
  }

  bool ok() const { return ok_; }

 private:
  const double* p_;
  bool ok_ = true;
};

// The mask half of the block: keys, step, the piece's global first sample.
MaskSource mask_source(Block& b) {
  MaskSource m;
  m.key0 = static_cast<uint32_t>(b.integer(kRecordSeedLow, kTwo32 - 1));
  m.key1 = static_cast<uint32_t>(b.integer(kRecordSeedHigh, kTwo32 - 1));
  m.step = static_cast<uint32_t>(b.integer(kRecordStep, kTwo32 - 1));
  m.sample_offset = b.integer(kRecordSampleOffset, kTwo53) + b.integer(kPieceFirstSample, kTwo53);
  m.threshold = b.integer(kRecordThreshold, kTwo32);
  return m;
}

// The piece's first channel; its range [offset, offset + channels) stays below 2^32.
uint64_t channel_offset(Block& b, uint64_t channels) {
  return b.integer(kPieceChannelOffset, kTwo32 - 1 - static_cast<double>(channels));
}

// The piece's keep flags, samples x channels: each sample's flags for the
// global channels [offset, offset + channels), so a channel range of a sample
// is drawn exactly as the whole sample would draw it.
void draw_flags(const MaskSource& mask, uint64_t samples, uint64_t offset, uint64_t channels, uint8_t* keep) {
  const size_t c0 = static_cast<size_t>(offset), c1 = static_cast<size_t>(offset + channels);
  kernels_wasm_simd128().draw(mask, 0, static_cast<size_t>(samples), c0, c1, keep, static_cast<size_t>(channels));
}

}  // namespace
}  // namespace sd

using namespace sd;

// Fields in a block, so JS can refuse a module built from other sources.
extern "C" __attribute__((export_name("sd_block_fields"))) int sd_block_fields() { return kBlockFieldCount; }

extern "C" __attribute__((export_name("sd_scratch_bytes"))) int sd_scratch_bytes() { return sizeof(Scratch); }

extern "C" __attribute__((export_name("sd_heap_base"))) uintptr_t sd_heap_base() {
  return reinterpret_cast<uintptr_t>(&__heap_base);
}

// Computes one piece in place or out of place. Returns a Status.
extern "C" __attribute__((export_name("sd_run"))) int sd_run(const double* block) {
  Block b(block);
  Job job;
  job.dtype = static_cast<DType>(b.integer(kRecordDType, kDTypeCount - 1));
  job.layout = static_cast<Layout>(b.integer(kRecordLayout, 1));
  const uint64_t samples = b.integer(kPieceSamples, kTwo32 - 1), spatial = b.integer(kPieceSpatial, kTwo32 - 1),
                 channels = b.integer(kPieceChannels, kTwo32 - 1), offset = channel_offset(b, channels);
  job.divisor = b.unit(kRecordDivisor);
  job.mask = mask_source(b);
  if (!b.ok()) return kBadField;
  // Each factor is below 2^32, so these products cannot wrap 64 bits before
  // the check; a piece larger than the 32-bit address space is refused.
  const uint64_t rows = samples * channels;
  if (rows > kTwo32 || (spatial != 0 && rows * spatial > kTwo32)) return kBadRange;
  const uint64_t bytes = rows * spatial * storage_bytes(job.dtype);
  job.samples = static_cast<size_t>(samples);
  job.spatial = static_cast<size_t>(spatial);
  job.channels = static_cast<size_t>(channels);
  job.input = b.region(kPieceInput, bytes);
  job.output = b.region(kPieceOutput, bytes);
  unsigned char* keep = b.region(kPieceMask, rows);
  // JS draws a sample's flags once and reuses them for every piece of it.
  const bool draw = b.integer(kPieceDrawMask, 1) != 0;
  auto* scratch = reinterpret_cast<Scratch*>(b.region(kPieceScratch, sizeof(Scratch)));
  if (!b.ok() || reinterpret_cast<uintptr_t>(scratch) % alignof(Scratch) != 0) return kBadRange;
  // Every check passed: only now is anything written.
  if (draw) draw_flags(job.mask, samples, offset, channels, keep);
  job.mask.explicit_keep = keep;
  run_rows(job, kernels_wasm_simd128(), 0, row_count(job), /*stream=*/false, *scratch);
  return kOk;
}

// Draws the keep flags of a piece (samples x channels, from its first sample
// and channel offset) at its mask address. Returns a Status.
extern "C" __attribute__((export_name("sd_draw"))) int sd_draw(const double* block) {
  Block b(block);
  const uint64_t samples = b.integer(kPieceSamples, kTwo32 - 1), channels = b.integer(kPieceChannels, kTwo32 - 1),
                 offset = channel_offset(b, channels);
  const MaskSource mask = mask_source(b);
  if (!b.ok() || samples * channels > kTwo32) return kBadField;
  unsigned char* keep = b.region(kPieceMask, samples * channels);
  if (!b.ok()) return kBadRange;
  draw_flags(mask, samples, offset, channels, keep);
  return kOk;
}
