#!/usr/bin/env bash
# npm run test:arm64: the test suite on linux-arm64, under qemu-user, with the
# official arm64 Node from the npm registry and the cross-compiled prebuild
# (prebuilds/linux-arm64, NEON kernel).
# Usage: scripts/test-arm64.sh [vitest arguments...]
#   no arguments: the files below; `scripts/test-arm64.sh test/` runs every file.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$ROOT"

# Not the whole suite by default: under emulation it is too slow for CI. These
# files exercise the arm64 binary itself: the NEON and scalar kernels bit for
# bit against the reference and each other, masks and their statistics,
# layouts/shards/async, the layer, the backend choice, SPEC section 4's errors,
# the native layer's own refusals, and the 16-bit reciprocal multiply at 512
# divisors (proved for every divisor only on x86: native/test). Left out: the
# CLI (it spawns a process per test), the JS-only property and fuzz files, and
# lifecycle and allocation (90 s and 45 s emulated; they pass:
# `scripts/test-arm64.sh test/lifecycle test/allocation`). The 1/2/8-thread
# sweep is left out too: a single test of over 60 s emulated, past vitest's
# fixed worker RPC timeout, and qemu on an x86 host would not show arm64's
# weaker memory ordering anyway.
DEFAULT_ARGS=(test/known-answers test/exactness test/invariance test/layer test/backend-selection
  test/simd-parity test/statistics test/errors test/native-binding-fuzz test/reciprocal16 -t '^(?!.*native thread counts)')
[ $# -gt 0 ] || set -- "${DEFAULT_ARGS[@]}"

need_debs qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross
[ -d prebuilds/linux-arm64 ] || bash scripts/prebuild.sh arm64
node="$(node_runtime arm64 "$NODE_ARM64_VERSION")"

# A separate copy of the package with its own node_modules: the test runner's
# native parts (rollup's parser, esbuild) must be the arm64 builds there.
suite="$SD_CACHE/arm64-suite"
mkdir -p "$suite"
rm -rf "$suite/lib" "$suite/test" "$suite/scripts" "$suite/prebuilds" "$suite/dist"
cp -r lib test scripts package.json package-lock.json tsconfig.json vitest.config.mts "$suite/"
mkdir -p "$suite/prebuilds" && cp -r prebuilds/linux-arm64 "$suite/prebuilds/"
# Anything else the tests read (README examples, SPEC), when the checkout has it.
for f in README.md SPEC.md; do [ -f "$f" ] && cp "$f" "$suite/"; done
node_modules/.bin/tsc -p "$suite/tsconfig.json"   # dist/ is architecture-free: build it natively
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$suite/.lock-sum" 2>/dev/null)" != "$lock_sum" ]; then
  step "npm ci for linux-arm64 in $suite"
  (cd "$suite" && npm ci --cpu=arm64 --os=linux --libc=glibc --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$suite/.lock-sum"
fi

export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu   # the arm64 loader, libc and libstdc++
# esbuild only turns the TypeScript into JavaScript: let the host's build of the
# same version do that natively rather than under emulation.
export ESBUILD_BINARY_PATH="$ROOT/node_modules/@esbuild/linux-x64/bin/esbuild"
export PREBUILDS_ONLY=1
# The run is about the arm64 addon: the suite's cross-backend tests take only
# the native levels (test/helpers/backends.ts), and the public API runs on it.
# The JS kernel's arithmetic here would be qemu's software floating point, not
# an arm64 core's: its checks (the float32 sweep alone is minutes emulated)
# belong to the x64 runs.
export SPATIAL_DROPOUT_BACKEND=native

# With a binfmt_misc entry the kernel runs every arm64 process through qemu, so
# vitest's worker processes (and tests that spawn node) work unchanged. Without
# one (no root, no binfmt_misc) only this process is emulated: tests then run in
# worker threads, one file at a time, and tests that spawn processes fail.
# SD_QEMU_NO_BINFMT=1 takes that path on purpose.
registered=""
binfmt=/proc/sys/fs/binfmt_misc
[ "${SD_QEMU_NO_BINFMT:-}" != 1 ] || binfmt=/nonexistent
if [ ! -e "$binfmt/qemu-aarch64" ]; then
  { [ -e "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt"; } 2>/dev/null || true
  if cat /usr/lib/binfmt.d/qemu-aarch64.conf > "$binfmt/register" 2>/dev/null; then
    registered="$binfmt/qemu-aarch64"
    trap 'echo -1 > "$registered"' EXIT   # leave the machine as it was
  fi
fi
if [ -e "$binfmt/qemu-aarch64" ]; then
  run=("$node")
  pool=()
else
  echo "no binfmt_misc entry for arm64: one emulated process, tests in worker threads" >&2
  run=(qemu-aarch64-static "$node")
  pool=(--pool=threads --no-file-parallelism)
fi

cd "$suite"
step "Node $("${run[@]}" -p 'process.version + " " + process.arch') under qemu-user"
"${run[@]}" scripts/assert-native.cjs neon
started=$SECONDS
"${run[@]}" node_modules/vitest/vitest.mjs run --config scripts/vitest.qemu.config.mts "${pool[@]}" "$@"
echo "arm64 test run (${*:-every file}) took $((SECONDS - started)) s under qemu"
