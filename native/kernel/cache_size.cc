#include "cache_size.h"

#include <cstdio>

namespace sd {

size_t last_level_cache_bytes() {
  size_t largest = 0;
#if defined(__linux__)
  // index0..indexN: L1d, L1i, L2, L3 on most machines; read them all rather
  // than trust the numbering.
  for (int i = 0; i < 8; ++i) {
    char path[64];
    std::snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    std::FILE* file = std::fopen(path, "r");
    if (file == nullptr) break;
    unsigned long long value = 0;
    char unit = 0;
    const int read = std::fscanf(file, "%llu%c", &value, &unit);
    std::fclose(file);
    if (read < 1) continue;
    const size_t scale = unit == 'K' ? size_t{1} << 10 : unit == 'M' ? size_t{1} << 20 : 1;
    if (value * scale > largest) largest = static_cast<size_t>(value * scale);
  }
#endif
  return largest;
}

}  // namespace sd
