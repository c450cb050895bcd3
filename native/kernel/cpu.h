// What the CPU and the OS together let us run.
#pragma once

namespace sd {

struct CpuFeatures {
  bool sse2 = false;
  bool avx2 = false;    // AVX2 + FMA + F16C, with YMM state enabled by the OS
  bool avx512 = false;  // AVX-512 F/BW/DQ/VL, with ZMM state enabled by the OS
  bool neon = false;
};

const CpuFeatures& cpu_features();

}  // namespace sd
