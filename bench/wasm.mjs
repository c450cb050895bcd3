#!/usr/bin/env node
// The WebAssembly backend measured against its yardsticks in one run, one
// thread, float32 unless said otherwise:
//   - end to end, a JS Float32Array into a caller's `out` (the public API on
//     the wasm backend), against TypedArray.prototype.set of the same bytes
//     and a plain JS loop (targets: >= 0.4x set at 32 MiB, >= 10x the loop);
//   - the kernel alone with the data already in wasm memory (>= 0.8x set);
//   - TensorFlow.js's wasm backend (tf.dropout with noiseShape [N, 1, C],
//     tensor in and data out) on the issue's shapes A-F (>= 20x).
// Contenders are interleaved round by round (medians after warm-up), so a
// noisy machine slows them alike; inputs and outputs rotate over enough
// buffers that no shape is served from cache.
//
// Usage: node bench/wasm.mjs [--quick] [--json FILE]
// Or: import { runWasmBench } from './wasm.mjs' (returns the rows it prints).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SHAPES } from './lib/shapes.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const MiB = 1 << 20;
const RATE = 0.3, SEED = 42;

/** Median ms of each contender, timed one call at a time, round-robin. */
function race(contenders, { rounds, warmup = 2 }) {
  const times = contenders.map(() => []);
  for (let w = 0; w < warmup; w++) for (const c of contenders) c.run();
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, i) => {
      const start = process.hrtime.bigint();
      c.run();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

async function raceAsync(contenders, { rounds, warmup = 2 }) {
  const times = contenders.map(() => []);
  for (let w = 0; w < warmup; w++) for (const c of contenders) await c.run();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const start = process.hrtime.bigint();
      await contenders[i].run();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

/** `count` arrays of `length` from `make`, cycling: enough that they outgrow the caches. */
function rotation(make, length, bytesPerElement) {
  const count = Math.max(2, Math.min(64, Math.ceil((96 * MiB) / (length * bytesPerElement))));
  const arrays = Array.from({ length: count }, () => make(length));
  let i = 0;
  return () => arrays[i++ % count];
}

function randomFloat32(length) {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

// The plain loop a user would write: precomputed mask, one branch per element.
function plainLoop(x, out, keep, [N, T, C], k) {
  for (let n = 0, i = 0; n < N; n++) {
    const row = n * C;
    for (let t = 0; t < T; t++) for (let c = 0; c < C; c++, i++) out[i] = keep[row + c] ? x[i] / k : 0;
  }
}

const gbps = (bytes, ms) => (2 * bytes) / 1e6 / ms; // read + written

function fmt(n, digits = 2) {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n${line(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${rows.map(line).join('\n')}`);
}

/** Loads the package on the wasm backend, plus the internals the kernel-only figure needs. */
function loadPackage() {
  process.env.SPATIAL_DROPOUT_BACKEND = 'wasm';
  const sd = require(path.join(root, 'dist', 'index.js'));
  const info = sd.backendInfo();
  if (info.backend !== 'wasm') throw new Error(`expected the wasm backend, got ${JSON.stringify(info)}`);
  return {
    sd, info,
    module: require(path.join(root, 'dist', 'backend', 'wasm-module.js')),
    arena: require(path.join(root, 'dist', 'backend', 'wasm-arena.js')),
    record: require(path.join(root, 'dist', 'backend', 'record.js')),
    validate: require(path.join(root, 'dist', 'validate.js')),
  };
}

// End to end at one shape: the public API vs set vs the plain loop.
function endToEnd(pkg, shape, { rounds, dtype = 'float32', layout = 'channelsLast', plain = true }) {
  const [N, T, C] = shape;
  const length = N * T * C;
  const make = dtype === 'float64' ? (n) => new Float64Array(n).map(() => Math.random())
    : dtype === 'float32' ? randomFloat32 : (n) => new Uint16Array(n).map(() => 0x3c00 + ((Math.random() * 0x400) | 0));
  const bytes = length * (dtype === 'float64' ? 8 : dtype === 'float32' ? 4 : 2);
  const inputs = rotation(make, length, bytes / length), outs = rotation((n) => make(n).fill(0), length, bytes / length);
  const tensorShape = layout === 'channelsLast' ? shape : [N, C, T];
  const keep = pkg.sd.dropoutMask({ rate: RATE, seed: SEED }, N, C);
  const k = Math.fround(1 - RATE);
  const contenders = [
    { run: () => pkg.sd.spatialDropout1d({ data: inputs(), shape: tensorShape, dtype }, { rate: RATE, seed: SEED, layout, out: outs() }) },
    { run: () => outs().set(inputs()) },
  ];
  if (plain) contenders.push({ run: () => plainLoop(inputs(), outs(), keep, shape, k) });
  const [wasm, set, loop] = race(contenders, { rounds });
  return { bytes, wasm, set, loop };
}

// The kernel alone: input and output already in wasm memory, one sd_run over the whole tensor.
function kernelOnly(pkg, shape, { rounds }) {
  const [N, T, C] = shape;
  const length = N * T * C, bytes = length * 4;
  const { modules, layout } = (() => {
    const m = pkg.module.loadWasmModules();
    return { modules: m, layout: pkg.module.probeLayout(m.plain, false) };
  })();
  const scratch = Math.ceil(layout.heapBase / 4096) * 4096;
  const block = scratch + Math.ceil(layout.scratchBytes / 64) * 64;
  // Two input/output pairs, each half a page off the other, rotated.
  const base = Math.ceil((block + 1024) / 4096) * 4096 + 2048;
  const regions = [0, 1, 2, 3].map((i) => base + i * (bytes + 4096));
  const flags = regions[3] + bytes + 64;
  const pages = Math.ceil((flags + N * C) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const exports = pkg.module.instantiate(modules.plain, memory);
  const { PIECE } = pkg.arena;
  const fields = new Float64Array(memory.buffer, block, PIECE.count);
  const r = pkg.validate.validateCall({ data: new Float32Array(length), shape }, { rate: RATE, seed: SEED }, { name: 'input', requireSeed: false, async: false });
  pkg.record.encodeRecord(r, fields);
  Object.assign(fields, { [PIECE.firstSample]: 0, [PIECE.samples]: N, [PIECE.spatial]: T, [PIECE.channels]: C, [PIECE.channelOffset]: 0 });
  fields[PIECE.drawMask] = 1;
  fields[PIECE.scratch] = scratch;
  fields[PIECE.mask] = flags;
  for (const region of regions) new Float32Array(memory.buffer, region, length).set(randomFloat32(Math.min(length, 1 << 16)));
  let turn = 0;
  const kernel = () => {
    const pair = turn++ & 1;
    fields[PIECE.input] = regions[2 * pair];
    fields[PIECE.output] = regions[2 * pair + 1];
    if (exports.sd_run(block) !== 0) throw new Error('sd_run refused the bench block');
  };
  const inputs = rotation(randomFloat32, length, 4), outs = rotation((n) => new Float32Array(n), length, 4);
  const [wasm, set] = race([{ run: kernel }, { run: () => outs().set(inputs()) }], { rounds });
  return { bytes, wasm, set };
}

async function asyncEndToEnd(pkg, shape, { rounds }) {
  const [N, T, C] = shape;
  const length = N * T * C, bytes = length * 4;
  const inputs = rotation(randomFloat32, length, 4), outs = rotation((n) => new Float32Array(n), length, 4);
  const [wasm, set] = await raceAsync([
    { run: () => pkg.sd.spatialDropout1dAsync({ data: inputs(), shape }, { rate: RATE, seed: SEED, out: outs() }) },
    { run: async () => outs().set(inputs()) },
  ], { rounds });
  return { bytes, wasm, set };
}

async function loadTensorFlow() {
  try {
    const tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) failed');
    await tf.ready();
    return tf;
  } catch (error) {
    return { error: error.message };
  }
}

function tensorFlow(tf, shape, { rounds }) {
  const [N, T, C] = shape;
  const length = N * T * C;
  const inputs = rotation(randomFloat32, length, 4), outs = rotation((n) => new Float32Array(n), length, 4);
  const run = () => {
    const y = tf.tidy(() => tf.dropout(tf.tensor3d(inputs(), shape), RATE, [N, 1, C], SEED));
    outs().set(y.dataSync());
    y.dispose();
  };
  return race([{ run }], { rounds, warmup: 1 })[0];
}

/** Runs every measurement, prints the tables, returns the rows. */
export async function runWasmBench({ quick = false } = {}) {
  const pkg = loadPackage();
  const rounds = (bytes) => Math.max(quick ? 3 : 7, Math.min(quick ? 15 : 61, Math.round((quick ? 2e8 : 1e9) / bytes)));
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`spatial-dropout wasm bench: node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x ${os.cpus().length}, ` +
    `backend ${JSON.stringify(pkg.info)}, one thread, float32 unless said; load average ${load()}`);

  // 1. End to end and kernel only at 32 MiB (shape B).
  const headline = [];
  const b = endToEnd(pkg, SHAPES.B, { rounds: rounds(32 * MiB) });
  headline.push(['end to end, public API (B, 32 MiB)', fmt(b.wasm), fmt(gbps(b.bytes, b.wasm), 1), fmt(b.set / b.wasm),
    fmt(b.loop / b.wasm, 1), '>= 0.4x set, >= 10x loop']);
  headline.push(['(set of the same bytes)', fmt(b.set), fmt(gbps(b.bytes, b.set), 1), '1.00', fmt(b.loop / b.set, 1), '']);
  const kern = kernelOnly(pkg, SHAPES.B, { rounds: rounds(32 * MiB) });
  headline.push(['kernel only, data in wasm memory (B)', fmt(kern.wasm), fmt(gbps(kern.bytes, kern.wasm), 1), fmt(kern.set / kern.wasm), '', '>= 0.8x set']);
  const asyncB = await asyncEndToEnd(pkg, SHAPES.B, { rounds: rounds(32 * MiB) });
  headline.push(['async end to end, worker (B)', fmt(asyncB.wasm), fmt(gbps(asyncB.bytes, asyncB.wasm), 1), fmt(asyncB.set / asyncB.wasm), '', '']);
  for (const [dtype, layout] of [['float64', 'channelsLast'], ['float16', 'channelsLast'], ['bfloat16', 'channelsLast'], ['float32', 'channelsFirst']]) {
    const shape = dtype === 'float64' ? [32, 512, 256] : dtype === 'float32' ? SHAPES.B : [128, 512, 256];
    const m = endToEnd(pkg, shape, { rounds: rounds(32 * MiB), dtype, layout, plain: false });
    headline.push([`end to end, ${dtype} ${layout} (32 MiB)`, fmt(m.wasm), fmt(gbps(m.bytes, m.wasm), 1), fmt(m.set / m.wasm), '', '']);
  }
  table('32 MiB, one thread (GB/s = bytes read + written / median time)',
    ['measurement', 'ms', 'GB/s', 'x set', 'x JS loop', 'target'], headline);

  // 2. The issue's shapes against TensorFlow.js's wasm backend.
  const tf = await loadTensorFlow();
  const shapeRows = [];
  for (const [name, shape] of Object.entries(SHAPES)) {
    const bytes = shape[0] * shape[1] * shape[2] * 4;
    const e = endToEnd(pkg, shape, { rounds: rounds(bytes) });
    const tfMs = tf.error === undefined ? tensorFlow(tf, shape, { rounds: Math.max(3, Math.min(15, Math.round(3e8 / bytes))) }) : NaN;
    shapeRows.push([`${name} (${shape.join(',')})`, fmt(bytes / MiB, 1), fmt(e.wasm, 3), fmt(gbps(bytes, e.wasm), 1), fmt(gbps(bytes, e.set), 1),
      fmt(gbps(bytes, e.loop), 1), fmt(gbps(bytes, tfMs), 2), fmt(e.set / e.wasm), fmt(e.loop / e.wasm, 1), fmt(e.loop / e.set, 1),
      fmt(tfMs / e.wasm, 1), fmt(tfMs / e.set, 1)]);
  }
  // "set x": what a copy of the same bytes achieves against the same peer,
  // the bound for any end-to-end ratio that has to read and write the data.
  table(`Shapes A-F, end to end into a caller's out${tf.error ? ` (TensorFlow.js unavailable: ${tf.error})` : ''}`,
    ['shape', 'MiB', 'wasm ms', 'wasm GB/s', 'set GB/s', 'JS loop GB/s', 'tfjs-wasm GB/s', 'x set', 'x JS loop (>= 10)', 'set x JS loop',
      'x tfjs-wasm (>= 20)', 'set x tfjs-wasm'], shapeRows);
  console.log(`\nload average at the end: ${load()}`);
  return { info: pkg.info, headline, shapes: shapeRows };
}

const invoked = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invoked) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--json');
  const result = await runWasmBench({ quick });
  if (at > 0) {
    const file = process.argv[at + 1];
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, JSON.stringify(result, null, 2));
  }
  // The async worker is unref'd, TensorFlow's threads are not ours: leave now.
  process.exit(0);
}
