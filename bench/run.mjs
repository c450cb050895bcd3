// npm run bench: spatial-dropout against the machine's memory-bandwidth ceiling
// and its peers, side by side in one run. Prints a Markdown table and writes
// JSON and an SVG chart to bench/results/.
//
//   node bench/run.mjs [--threads 2] [--working-set-mib 16] [--quick]
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTfjs, plainLoop, tfjsContender } from './lib/peers.mjs';
import { chart, save, table } from './lib/report.mjs';
import { collectGarbage } from './lib/heap.mjs';
import { ARRAYS, RATE, SHAPES, elementsOf, makeSets } from './lib/shapes.mjs';
import { timeBlocks, timeInterleaved, timePerCall } from './lib/timing.mjs';
import { ISSUE_TORCH_GBPS, startTorch } from './lib/torch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    'working-set-mib': { type: 'string', default: '16' },
    quick: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('node bench/run.mjs [--threads 2] [--working-set-mib 16] [--quick]\n' +
    '  --threads          threads for the native backend and the ceiling (PyTorch gets the same)\n' +
    '  --working-set-mib  buffers each shape rotates through (at least this many MiB)\n' +
    '  --quick            fewer repetitions: a rough table in about a minute');
  process.exit(0);
}
const THREADS = Number(args.threads);
const WORKING_SET = Number(args['working-set-mib']) * 2 ** 20;
const QUICK = args.quick;
const TIMING = QUICK ? { reps: 11, warmup: 2, budgetMs: 800 } : { reps: 101, warmup: 5, budgetMs: 4000 };
// Native calls against the ceiling and PyTorch: back-to-back blocks (timing.mjs).
const BLOCKS = QUICK ? { rounds: 3, perBlock: 4, warmup: 2 } : { rounds: 20, perBlock: 5, warmup: 5 };

if (!existsSync(`${root}dist/index.js`) || statSync(`${root}dist/index.js`).mtimeMs < statSync(`${root}lib/index.ts`).mtimeMs) {
  console.error('dist/ is missing or older than lib/: run `npm run build:ts` (or npm install) first.');
  process.exit(1);
}
const sd = require(`${root}dist/index.js`);
const { loadNativeBinding } = require(`${root}dist/backend/native-load.js`);
const { jsBackend } = require(`${root}dist/backend/js.js`);
const { validateCall } = require(`${root}dist/validate.js`);
const { drawMask } = require(`${root}dist/mask.js`);

const binding = loadNativeBinding();
const info = sd.backendInfo();
if (info.backend !== 'native') {
  console.error(`the native backend is not in use (${info.reason}): nothing to measure`);
  process.exit(1);
}
sd.setNumThreads(THREADS);
const FORWARD = { name: 'input', requireSeed: false, async: false };
const SEED = 42;
const rows = [];
const record = { machine: {}, settings: {}, sections: {} };
const gbps = (bytes, ms) => bytes / ms / 1e6;
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

function log(line) {
  process.stderr.write(`${line}\n`);
}

// --- the machine -----------------------------------------------------------
record.machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  node: process.version,
  simd: info.simd,
  simdLevels: binding.info().simdLevels,
  threads: THREADS,
  loadAverage: os.loadavg(),
};
record.settings = { rate: RATE, workingSetBytes: WORKING_SET, timing: TIMING, blocks: BLOCKS, seed: SEED };
log(`spatial-dropout benchmark: ${record.machine.cpu}, ${record.machine.cpus} CPUs, ${info.simd}, ${THREADS} threads, node ${process.version}`);
log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine shows up as noise)`);

// The ceiling: the same bytes copied with the same threads, non-temporal and
// regular stores; the faster is the ceiling for that size.
function ceilingContenders() {
  return [
    { name: 'ceiling-nt', run: (s) => binding._ceilingCopy(s.x, s.out, true) },
    { name: 'ceiling-regular', run: (s) => binding._ceilingCopy(s.x, s.out, false) },
  ];
}
function ceilingOf(times, bytes) {
  const nt = times.get('ceiling-nt'), regular = times.get('ceiling-regular');
  const best = nt.ms <= regular.ms ? ['non-temporal', nt] : ['regular', regular];
  return { ms: best[1].ms, gbps: gbps(bytes, best[1].ms), stores: best[0] };
}

// --- warm-up -----------------------------------------------------------------
// V8 optimizes the call path (validation, record encoding) only after some
// thousands of calls: without this, the first shape measured would pay for it.
{
  const shape = [4, 16, 64], n = 4 * 16 * 64;
  for (const dtype of Object.keys(ARRAYS)) {
    const x = new ARRAYS[dtype](n), out = new ARRAYS[dtype](n);
    for (let i = 0; i < 3000; i++) sd.spatialDropout1d({ data: x, shape, dtype }, { rate: RATE, seed: SEED, step: i, out });
  }
  const x = new Float32Array(n);
  for (let i = 0; i < 3000; i++) sd.spatialDropout1d({ data: x, shape }, { rate: RATE, seed: SEED, step: i });
  for (let i = 0; i < 1000; i++) await sd.spatialDropout1dAsync({ data: x, shape }, { rate: RATE, seed: SEED, step: i });
}

// --- 1. shapes A-F, float32 into a caller's out -------------------------------
log('\n1. shapes A-F, float32, channelsLast, into a caller\'s out');
const tfjs = await loadTfjs();
const torch = await startTorch({ rate: RATE, threads: THREADS, workingSetBytes: WORKING_SET });
record.sections.torch = torch.unavailable ? torch : { python: torch.python, version: torch.version, threads: torch.threads, results: {} };
if (torch.unavailable) log(`   PyTorch not measured: ${torch.unavailable}`);

const chartValues = {};
for (const [name, dims] of Object.entries(SHAPES)) {
  const [N, T, C] = dims;
  const elements = elementsOf(dims), bytes = 2 * elements * 4;
  collectGarbage();
  // One set at least for each of the three contenders timed together below.
  const sets = makeSets('float32', elements, WORKING_SET, { atLeast: 3 });
  const keep = sd.dropoutMask({ rate: RATE, seed: SEED }, N, C), drawn = new Uint8Array(N * C);
  const k = Math.fround(1 - RATE);
  log(`   ${name} (${dims.join(', ')}): ${sets.length} buffer set(s) ...`);
  // Ours, the ceiling and PyTorch (another process, rotating through as many
  // sets of its own) in back-to-back blocks, the way each is called in a
  // training loop and PyTorch's own timing loop runs: one regime for all.
  const times = await timeBlocks([
    { name: 'native', run: (s, call) => sd.spatialDropout1d({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step: call, out: s.out }) },
    ...ceilingContenders(),
    ...(torch.unavailable ? [] : [{ name: 'pytorch', block: (count) => torch.measure(dims, count, sets.length) }]),
  ], sets, BLOCKS);
  if (!torch.unavailable) record.sections.torch.results[name] = times.get('pytorch');
  const jsTimes = await timeInterleaved([
    { name: 'js-fallback', run: (s, call) => jsBackend.run(validateCall({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step: call, out: s.out }, FORWARD), s.out) },
    { name: 'plain-js', run: (s) => plainLoop(s.x, s.out, keep, N, T, C, k) },
    // The same loop doing the whole job: its mask drawn first, by the
    // library's own Philox (the fallback's mask costs are then on both sides).
    { name: 'plain-js-drawn', run: (s, call) => {
      drawMask(validateCall({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step: call, out: s.out }, FORWARD), drawn);
      plainLoop(s.x, s.out, drawn, N, T, C, k);
    } },
  ], sets, { ...TIMING, warmup: 2, budgetMs: TIMING.budgetMs / 2 });
  for (const [name, t] of jsTimes) times.set(name, t);
  const peerTimes = new Map();
  if (!tfjs.unavailable) {
    for (const backend of ['cpu', 'wasm']) {
      const contender = await tfjsContender(backend, sets, dims, RATE);
      const t = await timeInterleaved([contender], sets, { ...TIMING, warmup: 1, budgetMs: TIMING.budgetMs / 2, minReps: 3 });
      peerTimes.set(contender.name, t.get(contender.name));
      contender.dispose();
    }
  }
  const ceiling = ceilingOf(times, bytes);
  const peerGbps = {
    pytorch: times.has('pytorch') ? gbps(bytes, times.get('pytorch').ms) : undefined,
    'tfjs-cpu': peerTimes.has('tfjs-cpu') ? gbps(bytes, peerTimes.get('tfjs-cpu').ms) : undefined,
    'tfjs-wasm': peerTimes.has('tfjs-wasm') ? gbps(bytes, peerTimes.get('tfjs-wasm').ms) : undefined,
    'plain-js': gbps(bytes, times.get('plain-js').ms),
  };
  const ours = gbps(bytes, times.get('native').ms);
  const vs = (g) => Object.fromEntries(Object.entries(peerGbps).map(([p, v]) => [p, v === undefined ? undefined : g / v]));
  const shape = `${name} ${dims.join('x')}`;
  const base = { shape, dtype: 'float32', layout: 'channelsLast' };
  rows.push({ ...base, backend: `native ${info.simd} ${THREADS}t`, ms: times.get('native').ms, gbps: ours, vsCeiling: ours / ceiling.gbps, vs: vs(ours) });
  rows.push({ ...base, backend: 'ceiling (copy)', ms: ceiling.ms, gbps: ceiling.gbps, note: `${ceiling.stores} stores, ${THREADS} threads` });
  if (times.has('pytorch')) {
    rows.push({ ...base, backend: `PyTorch ${torch.version}`, ms: times.get('pytorch').ms, gbps: peerGbps.pytorch, vsCeiling: peerGbps.pytorch / ceiling.gbps, note: `x * mask into out, ${torch.threads} threads` });
  } else if (ISSUE_TORCH_GBPS[name]) {
    rows.push({ ...base, backend: 'PyTorch 1.13 (issue)', gbps: ISSUE_TORCH_GBPS[name], note: 'REFERENCE figure from the issue, not measured here' });
  }
  for (const peer of ['tfjs-cpu', 'tfjs-wasm']) {
    if (peerTimes.has(peer)) rows.push({ ...base, backend: peer, ms: peerTimes.get(peer).ms, gbps: peerGbps[peer], vsCeiling: peerGbps[peer] / ceiling.gbps, note: 'tf.dropout, noise shape [N, 1, C]' });
  }
  const jsGbps = gbps(bytes, times.get('js-fallback').ms);
  rows.push({ ...base, backend: 'plain JS loop', ms: times.get('plain-js').ms, gbps: peerGbps['plain-js'], vsCeiling: peerGbps['plain-js'] / ceiling.gbps, note: 'out[i] = keep ? x[i] / k : 0' });
  const drawnMs = times.get('plain-js-drawn').ms;
  rows.push({ ...base, backend: 'plain JS loop + mask', ms: drawnMs, gbps: gbps(bytes, drawnMs), vsCeiling: gbps(bytes, drawnMs) / ceiling.gbps, note: 'the same loop, its mask drawn first (drawMask)' });
  rows.push({ ...base, backend: 'JS fallback', ms: times.get('js-fallback').ms, gbps: jsGbps, vsCeiling: jsGbps / ceiling.gbps, vs: { 'plain-js': jsGbps / peerGbps['plain-js'] }, note: `${(drawnMs / times.get('js-fallback').ms).toFixed(2)}x the plain loop + mask` });
  chartValues[name] = { ours: ours, ceiling: ceiling.gbps, PyTorch: peerGbps.pytorch, 'TF.js CPU': peerGbps['tfjs-cpu'], 'TF.js wasm': peerGbps['tfjs-wasm'], 'plain JS': peerGbps['plain-js'], 'JS fallback': jsGbps };
  record.sections[`shape ${name}`] = { dims, sets: sets.length, times: Object.fromEntries(times), peers: Object.fromEntries(peerTimes), ceiling };
}
if (!torch.unavailable) torch.close();

// A call after 1 ms of other work. Two things have changed since the last
// call: the pool's worker has gone to sleep (it spins 200 us), so the call
// pays its wake-up or runs alone until it comes; and the buffers have had
// time to leave the caches (the host's other guests share the L3). Each
// thread count is timed twice in alternation: as is ("cold"), and with the
// call's buffers read back into this core's caches after the pause ("warm"),
// which leaves only the wake-up; one thread has no worker to wake.
{
  const dims = SHAPES.A, elements = elementsOf(dims), bytes = 2 * elements * 4;
  collectGarbage();
  const sets = makeSets('float32', elements, WORKING_SET);
  const busy = (ms) => {
    const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
    while (process.hrtime.bigint() < end);
  };
  let sink = 0;
  const touch = (s) => {
    for (let i = 0; i < s.x.length; i += 16) sink += s.x[i] + s.out[i];
  };
  const run = (s, step) => sd.spatialDropout1d({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step, out: s.out });
  const section = {};
  for (const threads of new Set([THREADS, 1])) {
    sd.setNumThreads(threads);
    const times = await timeInterleaved([
      { name: 'cold', run, before: () => busy(1) },
      { name: 'warm', run, before: (s) => { busy(1); touch(s); } },
    ], sets, TIMING);
    const cold = times.get('cold').ms, warm = times.get('warm').ms;
    rows.push({ shape: `A ${dims.join('x')}`, dtype: 'float32', layout: 'channelsLast', backend: `native ${info.simd} ${threads}t`, ms: cold, gbps: gbps(bytes, cold), note: `after a pause: 1 ms of other work before each call; ${warm.toFixed(4)} ms with its buffers read back first` });
    section[`${threads} threads`] = { cold, warm };
  }
  sd.setNumThreads(THREADS);
  record.sections['A after a pause'] = { ...section, sink };
}

// --- 2. other dtypes, channelsFirst and in place, 32 MiB --------------------
log('\n2. float64, float16, bfloat16, channelsFirst and in place at 32 MiB');
const BIG = [
  ['float64', 'channelsLast', [64, 512, 128], false],
  ['float16', 'channelsLast', [64, 512, 512], false],
  ['bfloat16', 'channelsLast', [64, 512, 512], false],
  ['float32', 'channelsFirst', [64, 256, 512], false],
  ['float32', 'channelsLast', [64, 512, 256], true],
];
for (const [dtype, layout, dims, inPlace] of BIG) {
  const elements = elementsOf(dims), bytes = 2 * elements * ARRAYS[dtype].BYTES_PER_ELEMENT;
  collectGarbage();
  const sets = makeSets(dtype, elements, WORKING_SET, { atLeast: 3 });
  log(`   ${dtype} ${layout}${inPlace ? ' in place' : ''} ...`);
  const times = await timeBlocks([
    { name: 'native', run: (s, call) => sd.spatialDropout1d({ data: s.x, shape: dims, dtype }, { rate: RATE, seed: SEED, step: call, layout, out: inPlace ? s.x : s.out }) },
    ...ceilingContenders(),
  ], sets, BLOCKS);
  const ceiling = ceilingOf(times, bytes);
  const ours = gbps(bytes, times.get('native').ms);
  rows.push({ shape: `32 MiB ${dims.join('x')}`, dtype, layout, backend: `native ${info.simd} ${THREADS}t`, ms: times.get('native').ms, gbps: ours, vsCeiling: ours / ceiling.gbps, note: `${inPlace ? 'in place; ' : ''}ceiling ${ceiling.gbps.toFixed(1)} GB/s` });
  record.sections[`big ${dtype} ${layout}${inPlace ? ' in place' : ''}`] = { dims, times: Object.fromEntries(times), ceiling };
}

// --- 3. thread scaling on B and E -------------------------------------------
// The ceiling is timed the same way, so the table shows how far the memory
// system itself lets a second thread help.
log('\n3. 1 thread against 2 on B and E');
for (const name of ['B', 'E']) {
  const dims = SHAPES[name], elements = elementsOf(dims), bytes = 2 * elements * 4;
  collectGarbage();
  const sets = makeSets('float32', elements, WORKING_SET, { atLeast: 2 });
  const contenders = [
    { name: 'native', run: (s, call) => sd.spatialDropout1d({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step: call, out: s.out }) },
    ceilingContenders()[0],
  ];
  // Pool size changes rebuild the pool, so alternate whole blocks.
  const ms = { 1: { native: [], ceiling: [] }, [THREADS]: { native: [], ceiling: [] } };
  for (let block = 0; block < 3; block++) {
    for (const threads of new Set([THREADS, 1])) {
      sd.setNumThreads(threads);
      const t = await timeBlocks(contenders, sets, { ...BLOCKS, rounds: Math.ceil(BLOCKS.rounds / 3) });
      ms[threads].native.push(t.get('native').ms);
      ms[threads].ceiling.push(t.get('ceiling-nt').ms);
    }
  }
  sd.setNumThreads(THREADS);
  const mid = (a) => [...a].sort((x, y) => x - y)[1];
  const one = mid(ms[1].native), many = mid(ms[THREADS].native);
  const ceilingScaling = mid(ms[1].ceiling) / mid(ms[THREADS].ceiling);
  rows.push({ shape: `${name} ${dims.join('x')}`, dtype: 'float32', layout: 'channelsLast', backend: `native ${info.simd} 1t`, ms: one, gbps: gbps(bytes, one), note: `${THREADS} threads: ${(one / many).toFixed(2)}x faster than 1 (the ceiling: ${ceilingScaling.toFixed(2)}x)` });
  record.sections[`threads ${name}`] = ms;
}

// --- 4. a fresh output against new Float32Array + copy, 32 MiB --------------
log('\n4. fresh output at 32 MiB');
{
  const dims = SHAPES.B, elements = elementsOf(dims), bytes = 2 * elements * 4;
  collectGarbage();
  const sets = makeSets('float32', elements, WORKING_SET);
  // Each call yields to the event loop afterwards (untimed), as a program
  // would between batches: Node returns collected outputs to the allocator
  // only there (native/addon/allocator.h).
  const fresh = { name: 'fresh', async: true, run: async (s, call) => sd.spatialDropout1d({ data: s.x, shape: dims }, { rate: RATE, seed: SEED, step: call }) };
  const newCopy = { name: 'new+copy', async: true, run: async (s) => new Float32Array(elements).set(s.x) };
  // Blocks of calls rather than alternation: the baseline's 32 MiB of garbage
  // per call (and V8 unmapping it) would otherwise land in the middle of ours.
  // Where the time goes besides the kernel: V8's GC pauses that fall inside
  // each contender's calls, and fresh outputs the allocator had to map anew.
  const gcPauses = [];
  const observer = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const windows = new Map();
  let newlyMapped = 0;
  const withYield = async (contenders) => {
    const out = new Map();
    for (const c of contenders) {
      out.set(c.name, []);
      windows.set(c.name, []);
    }
    // Warm-up: the allocator's first outputs are new mappings, faulted in.
    for (const c of contenders) {
      for (let i = 0; i < 5; i++) {
        await c.run(sets[0], 1000 + i);
        await yieldToLoop();
      }
    }
    for (let block = 0; block < 3; block++) {
      for (const c of contenders) {
        for (let round = 0; round < (QUICK ? 4 : 9); round++) {
          if (c === fresh && binding.allocatorStats()[1] === 0) newlyMapped++;
          const start = performance.now(), t0 = process.hrtime.bigint();
          await c.run(sets[0], block * 100 + round);
          out.get(c.name).push(Number(process.hrtime.bigint() - t0) / 1e6);
          windows.get(c.name).push([start, performance.now()]);
          await yieldToLoop();
        }
      }
    }
    return new Map([...out].map(([n, s]) => [n, s.sort((a, b) => a - b)[s.length >> 1]]));
  };
  const times = await withYield([fresh, newCopy]);
  await yieldToLoop();
  observer.disconnect();
  const gcPerCall = (name) => {
    const calls = windows.get(name);
    const inside = gcPauses.filter((g) => calls.some(([a, b]) => g.startTime >= a && g.startTime < b));
    return inside.reduce((sum, g) => sum + g.duration, 0) / calls.length;
  };
  // The same call in a loop that never yields: after 256 MiB of outputs not
  // yet returned, the allocator declines and outputs are ordinary arrays.
  const syncTimes = [];
  for (let i = 0; i < (QUICK ? 12 : 24); i++) {
    const t0 = process.hrtime.bigint();
    sd.spatialDropout1d({ data: sets[0].x, shape: dims }, { rate: RATE, seed: SEED, step: i });
    syncTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await yieldToLoop();
  const f = times.get('fresh'), nc = times.get('new+copy');
  const syncMedian = [...syncTimes].sort((a, b) => a - b)[syncTimes.length >> 1];
  rows.push({ shape: `B ${dims.join('x')}`, dtype: 'float32', layout: 'channelsLast', backend: 'native, fresh output', ms: f, gbps: gbps(bytes, f), note: `${(nc / f).toFixed(1)}x faster than new Float32Array + copy (loop yields between calls); GC pauses ${gcPerCall('fresh').toFixed(2)} ms/call; ${newlyMapped} of ${windows.get('fresh').length} newly mapped` });
  rows.push({ shape: `B ${dims.join('x')}`, dtype: 'float32', layout: 'channelsLast', backend: 'new Float32Array + copy', ms: nc, gbps: gbps(bytes, nc), note: `the baseline of target 2; GC pauses ${gcPerCall('new+copy').toFixed(2)} ms/call` });
  rows.push({ shape: `B ${dims.join('x')}`, dtype: 'float32', layout: 'channelsLast', backend: 'native, fresh, sync loop', ms: syncMedian, gbps: gbps(bytes, syncMedian), note: `never yields: ${(nc / syncMedian).toFixed(1)}x new+copy (first ${QUICK ? 12 : 24} calls)` });
  record.sections.fresh = { freshMs: f, newCopyMs: nc, syncLoopMs: syncTimes, allocator: binding.allocatorStats(), gcPauseMsPerCall: { fresh: gcPerCall('fresh'), newCopy: gcPerCall('new+copy') }, newlyMapped };
}

// --- 5. small calls: per-call overhead ---------------------------------------
log('\n5. per-call overhead, (1, 1, 16)');
{
  const x = new Float32Array(16).fill(0.5), out = new Float32Array(16);
  const tensor = { data: x, shape: [1, 1, 16] };
  const sync = await timePerCall((i) => sd.spatialDropout1d(tensor, { rate: RATE, seed: SEED, step: i, out }));
  const syncFresh = await timePerCall((i) => sd.spatialDropout1d(tensor, { rate: RATE, seed: SEED, step: i }));
  const asyncCall = await timePerCall((i) => sd.spatialDropout1dAsync(tensor, { rate: RATE, seed: SEED, step: i, out }), { async: true, perBatch: 500 });
  const us = (ms) => `${(ms * 1000).toFixed(2)} us per call`;
  rows.push({ shape: '1x1x16', dtype: 'float32', layout: 'channelsLast', backend: 'native sync, out', ms: sync, note: `${us(sync)} (target <= 2 us)` });
  rows.push({ shape: '1x1x16', dtype: 'float32', layout: 'channelsLast', backend: 'native sync, fresh', ms: syncFresh, note: us(syncFresh) });
  rows.push({ shape: '1x1x16', dtype: 'float32', layout: 'channelsLast', backend: 'native async, out', ms: asyncCall, note: `${us(asyncCall)} (target <= 25 us)` });
  record.sections.small = { syncMs: sync, syncFreshMs: syncFresh, asyncMs: asyncCall };
}

// --- output --------------------------------------------------------------------
record.rows = rows;
record.machine.loadAverageAtEnd = os.loadavg();
const text = table(rows);
const svg = chart(
  `spatial-dropout, float32, ${THREADS} threads, ${record.machine.cpu}: GB/s per shape`,
  Object.keys(SHAPES),
  [['ours', '#1f77b4'], ['ceiling', '#7f7f7f'], ['PyTorch', '#ff7f0e'], ['TF.js CPU', '#2ca02c'], ['TF.js wasm', '#98df8a'], ['plain JS', '#d62728'], ['JS fallback', '#9467bd']],
  chartValues,
);
const paths = save(`${root}bench/results`, record, svg);
console.log(text);
console.log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`results: ${paths.json}\nchart:   ${paths.svg}`);
