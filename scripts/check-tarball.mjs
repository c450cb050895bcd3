// npm run check:tarball: the npm tarball holds what users need and nothing
// else: built JS and typings, the prebuilds, the native sources and build files
// for a rebuild, README, LICENSE, SPEC. Fails on any other file (tests, bench,
// .ci, node_modules, build/, source maps ...) and on anything missing that
// package.json points at. Run after `npm run prebuild`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const PREBUILT_PLATFORMS = ['linux-x64', 'linux-arm64'];

const allowed = [
  /^(package\.json|README\.md|LICENSE|SPEC\.md)$/,
  /^dist\/[\w/.-]+\.(js|mjs|cjs|d\.ts|d\.mts|d\.cts)$/,
  new RegExp(`^prebuilds/(${PREBUILT_PLATFORMS.join('|')})/spatial-dropout\\.glibc\\.node$`),
  /^dist\/wasm\/spatial-dropout(-shared)?\.wasm$/,
  /^native\/(?![\w/]*\btests?\/)[\w/-]+\.(cc|h)$/,
  /^(binding\.gyp|CMakeLists\.txt|native\/kernel\/CMakeLists\.txt)$/,
];

/** Every file package.json's entry points name (main, types, bin, exports), without "./". */
function entryPoints() {
  const found = [];
  const walk = (value) => {
    if (typeof value === 'string') found.push(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk([pkg.main, pkg.types, pkg.bin, pkg.exports]);
  return found;
}

const required = [
  ...entryPoints(),
  'README.md',
  'LICENSE',
  'binding.gyp',
  'CMakeLists.txt',
  'native/kernel/CMakeLists.txt',
  'dist/wasm/spatial-dropout.wasm',
  'dist/wasm/spatial-dropout-shared.wasm',
  ...PREBUILT_PLATFORMS.map((p) => `prebuilds/${p}/spatial-dropout.glibc.node`),
];

// --ignore-scripts: list what is on disk now, without re-running prepare.
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path).sort();
const junk = files.filter((f) => !allowed.some((re) => re.test(f)));
const missing = [...new Set(required)].filter((f) => !files.includes(f));

console.log(`${pack.filename}: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
for (const f of files) console.log(`  ${f}`);
if (junk.length > 0) console.error(`not for users, yet in the tarball:\n  ${junk.join('\n  ')}`);
if (missing.length > 0) console.error(`missing from the tarball (npm run prebuild first?):\n  ${missing.join('\n  ')}`);
if (junk.length > 0 || missing.length > 0) process.exit(1);
console.log('tarball contents ok');
