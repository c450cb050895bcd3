// keep(n, c) per SPEC section 2. Freestanding (no C++ library), so the wasm
// build compiles the very same file.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "job.h"

namespace sd {

// keep[c - c0] for channels [c0, c1) of batch sample n (1 = kept).
void draw_keep(const MaskSource& mask, uint64_t n, size_t c0, size_t c1, uint8_t* keep);

// The same flags, pointing into the caller's mask when there is one and drawn
// into `scratch` otherwise.
const uint8_t* keep_flags(const MaskSource& mask, uint64_t n, size_t channels, size_t c0, size_t c1,
                          uint8_t* scratch);

}  // namespace sd
