// The size of the CPU's last-level cache, as the OS reports it.
#pragma once
#include <cstddef>

namespace sd {

// Bytes of the largest cache level the OS lists for CPU 0 (on Linux, from
// sysfs, which covers x86 and arm64 alike); 0 where it lists none. In a VM
// this is the host's cache, of which the guest gets an unknown share.
size_t last_level_cache_bytes();

}  // namespace sd
