#!/usr/bin/env node
// Builds the WebAssembly backend: the native kernel's own sources (the kernel
// template for simd128, its vector Philox, rows.cc) plus native/wasm/entry.cc, compiled
// freestanding with clang for wasm32 and linked twice by wasm-ld:
//   dist/wasm/spatial-dropout.wasm         over a plain memory (the calling thread)
//   dist/wasm/spatial-dropout-shared.wasm  over a shared memory (the async worker,
//                                          whose memory the main thread copies into)
// Two links because a module's memory import is either shared or not, and
// TypedArray.prototype.set on shared memory takes V8's slower relaxed-atomic copy.
//
// Usage: node scripts/build-wasm.mjs [--if-available]
//   --if-available  skip with a message (exit 0) when clang or wasm-ld is missing,
//                   as `npm run build` and `prepare` do.
// CLANG and WASM_LD override the tool names (default clang-14 / wasm-ld-14, then
// clang / wasm-ld).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'wasm');
const SOURCES = [
  'native/kernel/kernel_wasm_simd128.cc',
  'native/kernel/rows.cc',
  'native/wasm/entry.cc',
];
const CFLAGS = [
  '--target=wasm32', '-std=c++17', '-O3', '-msimd128', '-mbulk-memory', '-matomics',
  '-ffreestanding', '-nostdlib', '-fno-exceptions', '-fno-rtti', '-Wall', '-Wextra', '-Werror',
  '-I', path.join(root, 'native', 'wasm', 'include'),
];
// Stack first, so an overflow traps below address 0 instead of corrupting data.
// The memory is imported: JS creates it with a fixed size that never grows
// (the 1 GiB maximum only bounds what JS may create; nothing is reserved).
const LDFLAGS = [
  '--no-entry', '--import-memory', '--stack-first', '-z', 'stack-size=65536',
  '--max-memory=1073741824', '--gc-sections', '--strip-all', '-O3',
];
const OUTPUTS = [
  { file: 'spatial-dropout.wasm', flags: [] },
  { file: 'spatial-dropout-shared.wasm', flags: ['--shared-memory'] },
];

function works(tool) {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function findTool(envName, names) {
  const candidates = process.env[envName] ? [process.env[envName]] : names;
  return candidates.find(works);
}

function run(tool, args) {
  const r = spawnSync(tool, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build-wasm: ${tool} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const ifAvailable = process.argv.includes('--if-available');
const clang = findTool('CLANG', ['clang-14', 'clang']);
const wasmLd = findTool('WASM_LD', ['wasm-ld-14', 'wasm-ld']);
if (clang === undefined || wasmLd === undefined) {
  const missing = [clang === undefined && 'clang (CLANG)', wasmLd === undefined && 'wasm-ld (WASM_LD)'].filter(Boolean);
  const message = `build-wasm: ${missing.join(' and ')} not found; the WebAssembly backend is not built ` +
    '(on Debian/Ubuntu: apt-get install clang-14 lld-14, then npm run build:wasm)';
  if (ifAvailable) {
    console.log(`${message}. Skipping.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'spatial-dropout-wasm-'));
try {
  const objects = SOURCES.map((source) => {
    const object = path.join(work, `${path.basename(source, '.cc')}.o`);
    run(clang, [...CFLAGS, '-c', path.join(root, source), '-o', object]);
    return object;
  });
  mkdirSync(outDir, { recursive: true });
  for (const { file, flags } of OUTPUTS) {
    run(wasmLd, [...LDFLAGS, ...flags, ...objects, '-o', path.join(outDir, file)]);
  }
  console.log(`build-wasm: built ${OUTPUTS.map((o) => path.relative(root, path.join(outDir, o.file))).join(', ')} with ${clang}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
