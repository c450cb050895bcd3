// Measures the two size thresholds of native/kernel/run.h on this machine:
// - bytes per thread: from which size splitting a call over 2 threads beats
//   one thread (below it no worker is woken);
// - streaming output: from which output size non-temporal stores beat plain
//   ones.
// Each size is timed both ways, interleaved, through the public API.
//
//   node bench/thresholds.mjs [--threads 2]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeSets } from './lib/shapes.mjs';
import { timeInterleaved } from './lib/timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const sd = require(`${root}dist/index.js`);
const { loadNativeBinding } = require(`${root}dist/backend/native-load.js`);
const binding = loadNativeBinding();

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '2' } } });
sd.setNumThreads(Number(args.threads));
const [perThread, streamBytes] = binding._tune();
const NEVER = 2 ** 52;
const KiB = 1024, MiB = 1024 * KiB;
const size = (b) => (b >= MiB ? `${b / MiB} MiB` : `${b / KiB} KiB`);

async function sweep(title, sizes, settings) {
  console.log(`\n${title}`);
  console.log(`| bytes moved | ${settings.map(([name]) => name).join(' | ')} | faster |`);
  console.log(`|---|${settings.map(() => '---').join('|')}|---|`);
  let crossover;
  for (const bytes of sizes) {
    const elements = bytes / 8, dims = [elements / 4096, 64, 64];
    const sets = makeSets('float32', elements, 16 * MiB, { atLeast: 2 });
    const contenders = settings.map(([name, tune]) => ({
      name,
      run: (s, call) => {
        binding._tune(...tune);
        sd.spatialDropout1d({ data: s.x, shape: dims }, { rate: 0.2, seed: 1, step: call, out: s.out });
      },
    }));
    const times = await timeInterleaved(contenders, sets, { reps: 61, warmup: 8, budgetMs: 3000 });
    const ms = settings.map(([name]) => times.get(name).ms);
    const best = ms[1] < ms[0] ? 1 : 0;
    if (best === 1 && crossover === undefined) crossover = bytes;
    if (best === 0) crossover = undefined;
    console.log(`| ${size(bytes)} | ${ms.map((m) => `${(m * 1000).toFixed(1)} us`).join(' | ')} | ${settings[best][0]} |`);
  }
  binding._tune(perThread, streamBytes);
  return crossover;
}

const split = await sweep(
  `1. one thread against ${args.threads} (plain stores), float32`,
  [64 * KiB, 128 * KiB, 256 * KiB, 512 * KiB, MiB, 2 * MiB, 4 * MiB],
  [['1 thread', [NEVER, NEVER]], [`${args.threads} threads`, [1, NEVER]]],
);
console.log(split === undefined ? 'splitting never won' : `splitting wins from ${size(split)} moved: bytes per thread ~${size(split / 2)} (in force: ${size(perThread)})`);

const stream = await sweep(
  `2. plain against non-temporal stores, ${args.threads} threads, float32 (output = half the bytes moved)`,
  [4 * MiB, 8 * MiB, 16 * MiB, 32 * MiB, 64 * MiB, 128 * MiB],
  [['plain', [perThread, NEVER]], ['streaming', [perThread, 1]]],
);
console.log(stream === undefined ? 'streaming never won' : `streaming wins from ${size(stream)} moved: outputs from ~${size(stream / 2)} (in force: ${size(streamBytes)})`);
