#!/usr/bin/env node
// Soak: many mixed calls (sync and async, every dtype and layout, fresh outputs,
// in place, caller masks, layers, masks alone), printing RSS before and after.
// Exits 1 if RSS after the run exceeds RSS after warm-up by more than 10%. The
// warm-up (20,000 calls) lets the allocator and V8's heap reach their working
// size: with 64 calls in flight the high-water mark takes a while to settle
// (after 10,000, one CI run's RSS still rose 13% in the next 7,500 calls and
// then stayed flat; 12 runs here after 20,000 grew by -7 to 5%, and keeping
// one output in 64 alive grows it by 60%).
//   node --expose-gc scripts/soak.mjs [calls=100000]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sd = require('../dist/index.js');

const total = Number(process.argv[2] ?? 100_000);
const gc = globalThis.gc ?? (() => {});
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().rss;
};

const SHAPES = [[1, 1, 16], [8, 64, 32], [32, 128, 64], [2, 1000, 3], [4, 16, 300]];
const DTYPES = [['float32', Float32Array], ['float64', Float64Array], ['float16', Uint16Array], ['bfloat16', Uint16Array]];
const inputs = SHAPES.flatMap(([n, t, c]) =>
  DTYPES.map(([dtype, A]) => ({ data: new A(n * t * c).fill(dtype.includes('16') ? 0x3c00 : 1), shape: [n, t, c], dtype })));
const layer = new sd.SpatialDropout1D({ rate: 0.3, seed: 1 });

async function call(i) {
  const x = inputs[i % inputs.length];
  const options = { rate: 0.1 + (i % 9) / 10, seed: i, step: i % 1000, layout: i % 2 ? 'channelsFirst' : 'channelsLast' };
  switch (i % 6) {
    case 0: return sd.spatialDropout1d(x, options);
    case 1: return sd.spatialDropout1dAsync(x, options);
    case 2: return sd.spatialDropout1d(x, { ...options, out: x.data.slice() });
    case 3: return sd.spatialDropout1dBackward(x, { ...options, mask: new Uint8Array(x.shape[0] * x.shape[options.layout === 'channelsLast' ? 2 : 1]).fill(1) });
    case 4: return x.dtype === 'float32' ? layer.call(x, { training: true }) : sd.dropoutMask({ rate: 0.5, seed: i }, 64, 64);
    default: return sd.spatialDropout1dAsync(x, { ...options, out: x.data.slice() });
  }
}

async function run(count, from) {
  for (let i = from; i < from + count; i += 64) {
    await Promise.all(Array.from({ length: Math.min(64, from + count - i) }, (_, j) => call(i + j)));
  }
}

const info = sd.backendInfo();
console.log(`soak: ${total} calls on ${info.backend} (${info.simd}, ${info.threads} threads)${globalThis.gc ? '' : ' (run with --expose-gc for exact numbers)'}`);
const start = await settle();
const WARM_UP = 20_000;
await run(WARM_UP, 0);
const warm = await settle();
const t0 = performance.now();
const quarter = Math.ceil(total / 4);
for (let done = 0; done < total; done += quarter) {
  await run(Math.min(quarter, total - done), WARM_UP + done);
  console.log(`  after ${Math.min(total, done + quarter)} calls: RSS ${mb(await settle())} MB`);
}
const end = await settle();
const growth = (end - warm) / warm;
console.log(`RSS start ${mb(start)} MB, after warm-up ${mb(warm)} MB, end ${mb(end)} MB: ${(growth * 100).toFixed(1)}% over ${((performance.now() - t0) / 1000).toFixed(1)} s`);
if (growth > 0.1) {
  console.error('RSS grew by more than 10%');
  process.exit(1);
}
