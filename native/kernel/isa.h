// The kernels compiled into this binary, best first, and which one runs.
#pragma once
#include <string>
#include <vector>

#include "kernel.h"

namespace sd {

struct IsaChoice {
  const KernelTable* kernels;
  std::string error;  // why a forced choice could not be honoured; empty if fine
};

// Names of the compiled-in kernel sets this CPU can run, best first.
std::vector<std::string> supported_isas();

// The kernels to use: the best supported, or `forced` (a name from
// supported_isas(); empty means none forced).
IsaChoice choose_isa(const std::string& forced);

}  // namespace sd

namespace sd {

// The kernels every call uses: chosen once, at first use, from the CPU and the
// SPATIAL_DROPOUT_SIMD environment variable. Null with `error` set when that
// variable names a level this machine cannot run.
const KernelTable* active_kernels(std::string* error = nullptr);

// Switches every later call to the named level (tests run each level the
// machine has). Returns an error message, empty on success.
std::string use_kernels(const std::string& name);

}  // namespace sd
