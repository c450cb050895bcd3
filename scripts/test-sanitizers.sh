#!/usr/bin/env bash
# Sanitizer runs (issue 6):
#  1. the kernel and thread pool as a plain program under ThreadSanitizer, and
#     again under AddressSanitizer + UndefinedBehaviorSanitizer (ctest);
#  2. the addon built with ASan + UBSan and the whole test suite run against it,
#     the sanitizer runtime preloaded into Node.
# The normal addon is rebuilt afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"; echo "--- rebuilding the normal addon"; npx node-gyp rebuild -j 2 >/dev/null' EXIT

for sanitizer in thread address,undefined; do
  echo "--- ctest: kernel and thread pool under -fsanitize=$sanitizer"
  cmake -S native/test -B "$work/$sanitizer" -DSANITIZER="$sanitizer" >/dev/null
  cmake --build "$work/$sanitizer" -j 2 >/dev/null
  # ASLR off: older TSan runtimes misread high-entropy memory layouts.
  (cd "$work/$sanitizer" && TSAN_OPTIONS=halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    setarch "$(uname -m)" -R ctest --output-on-failure)
done

echo "--- the addon under AddressSanitizer + UndefinedBehaviorSanitizer"
CXXFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g" \
LDFLAGS="-fsanitize=address,undefined" npx node-gyp rebuild -j 2 >/dev/null
# Not `grep -q`: it exits at the first match, nm dies of SIGPIPE, and pipefail
# turns that into a failure.
nm -D build/Release/spatial_dropout.node | grep __asan_init >/dev/null || { echo "the addon is not instrumented"; exit 1; }
# test/cli is left out: it only spawns the CLI over files, no native code of its own.
# Node itself is not built with ASan: leaks at exit are V8's, so leak checking is off;
# every other report aborts the run.
LD_PRELOAD="$(gcc -print-file-name=libasan.so)" \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
SPATIAL_DROPOUT_BACKEND=native npx vitest run --exclude 'test/cli/**'
