#!/usr/bin/env bash
# npm run test:node-versions: the test suite on every supported Node major
# (official x64 runtimes from the npm registry), all against the one N-API
# prebuild in prebuilds/linux-x64 (PREBUILDS_ONLY: build/ is never consulted).
# Usage: scripts/test-node-versions.sh [vitest filters...]
# NODE_X64_VERSIONS="18.20.8 24.21.0" picks the runtimes.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$ROOT"

[ -d prebuilds/linux-x64 ] || bash scripts/prebuild.sh x64
[ -f dist/index.js ] || node_modules/.bin/tsc -p tsconfig.json
sha256sum prebuilds/linux-x64/*.node

passed=()
for version in $NODE_X64_VERSIONS; do
  node="$(node_runtime x64 "$version")"
  step "Node $version (x64)"
  # The runtime's bin first on PATH, so anything the tests spawn by name gets it too.
  PATH="$(dirname "$node"):$PATH" PREBUILDS_ONLY=1 "$node" scripts/assert-native.cjs
  PATH="$(dirname "$node"):$PATH" PREBUILDS_ONLY=1 "$node" node_modules/vitest/vitest.mjs run "$@"
  passed+=("$version")
done
echo "test suite passed on Node ${passed[*]} (x64, N-API prebuild)"
