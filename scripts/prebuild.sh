#!/usr/bin/env bash
# npm run prebuild: the N-API binaries that ship in the npm tarball, one per
# platform and architecture, loaded by node-gyp-build at run time:
#   prebuilds/linux-x64/spatial-dropout.glibc.node    (native build)
#   prebuilds/linux-arm64/spatial-dropout.glibc.node  (Debian's aarch64 cross compiler)
# One N-API binary serves every Node version (--napi); --tag-libc makes musl
# systems report a missing build instead of failing to load a glibc one.
# Usage: scripts/prebuild.sh [x64] [arm64]   (default: both)
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$ROOT"

archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(x64 arm64)

prebuildify=(node_modules/.bin/prebuildify --napi --strip --tag-libc)

# prebuildify builds in build/ and moves its binary out, and node-gyp-build
# looks in build/ first: a half-empty or cross-compiled build/ left behind
# would shadow the prebuilds. The checkout's own build (node-gyp or cmake-js)
# waits aside meanwhile and comes back afterwards, whatever happens.
kept="$SD_CACHE/build-during-prebuild"
rm -rf "$kept"
if [ -d build ]; then mkdir -p "$SD_CACHE" && mv build "$kept"; fi
restore_build() { rm -rf build; if [ -d "$kept" ]; then mv "$kept" build; fi; }
trap restore_build EXIT

for arch in "${archs[@]}"; do
  rm -rf "prebuilds/linux-$arch"
  case "$arch" in
    x64)
      step "prebuild linux-x64"
      "${prebuildify[@]}" --arch x64
      ;;
    arm64)
      need_debs g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
      step "prebuild linux-arm64 (cross-compiled)"
      # binding.gyp gives arm64 the scalar and NEON kernels (target_arch=='arm64').
      CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
        PREBUILD_STRIP_BIN=aarch64-linux-gnu-strip "${prebuildify[@]}" --arch arm64
      ;;
    *) echo "unknown architecture '$arch' (x64 or arm64)" >&2; exit 2 ;;
  esac
done

ls -l prebuilds/*/
