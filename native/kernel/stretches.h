// The order in which streamed outputs are written (kernel_impl.h: the
// kernels and the ceiling's copy).
//
// In an unnamed namespace on purpose: every kernel_<isa>.cc includes this
// with its own target flags, and a template with external linkage would be
// merged across them by the linker, so AVX-512 code could run on a CPU
// without it. Each translation unit keeps its own copy instead.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace sd {
namespace {

// Streamed outputs are large: their input comes from memory and they go back
// to it. The hardware prefetchers follow each 4 KiB page on its own, so one
// sequential pass keeps few reads in flight; cut in four stretches far apart,
// a piece of each in turn, the same bytes move faster. A scratch copy of
// 128 MiB with two threads on a 2-core Xeon VM went from 35 to 48 GB/s with
// 512-byte pieces (16-byte streaming stores; 49-51 with 64-byte ones and 1 KiB
// pieces); 4 KiB pieces lost most of that.
// Pieces start on a cache line: a line whose streaming stores are split
// between two pieces leaves the write-combining buffer half full when the
// other stretches' pieces come in between, and the copy ran at half speed.
//
// The kernels' pieces, and how far ahead in its stretch each asks for input,
// depend on the vector width, that is on the machines each target runs on. With
// 64-byte vectors (AVX-512: measured on the Zen 4 VM, `kernel_bench 2 B,C,E
// 384`, builds in alternation, slow and fast memory phases both seen) the
// division and masking are not hidden in small pieces: 2048-byte pieces, two
// ahead, took B, C and E from 0.80-0.87 of the copy to 0.91-0.99 while memory
// was slow and from 0.69-0.80 to 0.81-0.88 while it was fast, float64, float16
// and bfloat16 from 0.78-0.89 to 0.93-0.95; 1536 and 3072 did as well, 1024 no
// better than 512. With 32-byte vectors (AVX2 on the Zen 3 VM: `kernel_bench 2
// B,C,E,f64,f16,bf16 384` from a build of each setting, five rounds in shuffled
// order, medians of the rounds) those same 2048-byte pieces ran B, C, E at
// 0.63, 0.74, 0.81 of the copy, float64 0.77, float16 and bfloat16 0.63;
// 512-byte pieces one ahead at 0.88, 0.92, 0.95, 0.89, 0.71, 0.71 (two ahead
// 0.82, 0.81, 0.93; none 0.82, 0.88, 0.90; 1024 two ahead 0.80-0.88 on B); the
// SSE2 kernel forced there likewise (B 0.67 -> 0.77, E 0.73 -> 0.81). The copy
// was no faster with other pieces on either machine, so the ceiling keeps 512.
struct Pieces {
  size_t bytes;   // a piece
  size_t ahead;   // pieces ahead whose input is asked for
};
template <size_t VectorBytes>
constexpr Pieces kKernelPieces = VectorBytes >= 64 ? Pieces{2048, 2} : Pieces{512, 1};
constexpr size_t kStreams = 4;
constexpr size_t kCopyPieceBytes = 512;
constexpr size_t kLineBytes = 64;

// Bytes from p to the next cache line boundary.
inline size_t to_line(const void* p) {
  return (kLineBytes - reinterpret_cast<uintptr_t>(p) % kLineBytes) % kLineBytes;
}

// f(stretch, begin, count) over [0, n) in that order, `piece` items at a time;
// the last stretch also takes what does not divide evenly (count may be 0).
template <typename F>
inline void interleave(size_t n, size_t piece, F&& f) {
  const size_t part = n / kStreams / piece * piece;
  for (size_t off = 0; off < part; off += piece) {
    for (size_t s = 0; s < kStreams; ++s) f(s, s * part + off, piece);
  }
  f(kStreams - 1, kStreams * part, n - kStreams * part);
}

}  // namespace
}  // namespace sd
