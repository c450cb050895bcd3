#!/usr/bin/env bash
# npm run test:consumer: what a user gets from `npm install spatial-dropout`.
# Packs the tarball (with fresh prebuilds), installs it into a new project with
# install scripts blocked, and runs the ESM, CommonJS and TypeScript (tsc
# --strict) consumers of test/consumer/ on the native backend. Then the paths
# without a prebuild: the JS fallback with its reason, a from-source build where
# the install script is allowed, and a failing build that must not fail npm.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$ROOT"

# Prebuilds older than any native source are rebuilt.
stale="$(find native binding.gyp -newer prebuilds/linux-arm64/spatial-dropout.glibc.node 2>/dev/null | head -1 || true)"
if [ ! -f prebuilds/linux-x64/spatial-dropout.glibc.node ] || [ ! -f prebuilds/linux-arm64/spatial-dropout.glibc.node ] || [ -n "$stale" ]; then
  bash scripts/prebuild.sh
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step "npm pack"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -1)"
ls -l "$tarball"

app="$work/app"
mkdir -p "$app"
cp test/consumer/* "$app/"
cat > "$app/package.json" <<'EOF'
{ "name": "spatial-dropout-consumer", "version": "1.0.0", "private": true }
EOF
cd "$app"

step "npm install the tarball, install scripts blocked"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$tarball"
pkg="$app/node_modules/spatial-dropout"
if [ -e "$pkg/build" ]; then echo "the install built something: $pkg/build exists" >&2; exit 1; fi

step "consumers on the prebuild"
node esm.mjs
node cjs.cjs
"$ROOT/node_modules/.bin/tsc" -p tsconfig.json
node typescript.mjs

step "no prebuild for this platform: the WebAssembly kernel, and the reason"
mv "$pkg/prebuilds" "$work/prebuilds.away"
SD_EXPECT_BACKEND=wasm node cjs.cjs

step "no prebuild and no WebAssembly: the JS fallback, and the reason"
mv "$pkg/dist/wasm" "$work/wasm.away"
SD_EXPECT_BACKEND=js node cjs.cjs
mv "$work/wasm.away" "$pkg/dist/wasm"

step "install script allowed, compiler present: built from source"
# npm 11 runs a dependency's install script only once the project allows it.
if npm help install-scripts >/dev/null 2>&1; then npm install-scripts approve spatial-dropout --loglevel=error; fi
npm rebuild spatial-dropout --foreground-scripts --loglevel=error
node cjs.cjs

step "install script allowed, the build fails: npm still succeeds, the fallback runs"
rm -rf "$pkg/build"
CC=false CXX=false npm rebuild spatial-dropout --foreground-scripts --loglevel=error 2>&1 | tail -3
SD_EXPECT_BACKEND=wasm node cjs.cjs

echo "consumer test passed"
