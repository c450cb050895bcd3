// Shows that outputs from the native allocator go back to the system: 10,000
// sync and 10,000 async calls returning fresh 4 MiB outputs, RSS sampled as
// they run, must stay where it settled after the first thousand (within a
// margin). A third phase never yields to the event loop, where Node cannot run
// the finalizers that return mappings (native/addon/allocator.h): there RSS
// may rise by the allocator's cap on outstanding mappings, then must stay flat.
// Last, 6 s without calls must leave the allocator's cache empty.
//
//   node bench/rss-flat.mjs [--calls 10000]     exit code 1 if RSS grows
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const sd = require(`${root}dist/index.js`);
const { loadNativeBinding } = require(`${root}dist/backend/native-load.js`);

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '10000' } } });
const CALLS = Number(args.calls);
const SHAPE = [16, 256, 256]; // 4 MiB of float32: above the native allocation threshold
const MARGIN_MIB = 64;
const CAP_MIB = 256; // kMaxOutstandingBytes in native/addon/allocator.cc
const IDLE_MS = 6000; // the cache's 2 s expiry plus a 2.5 s trim interval, and margin

const binding = loadNativeBinding();
const input = new Float32Array(SHAPE[0] * SHAPE[1] * SHAPE[2]).map(() => Math.random());
const mib = (bytes) => Math.round(bytes / 2 ** 20);
const rss = () => mib(process.memoryUsage().rss);
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
let checksum = 0;

async function phase(label, calls, step) {
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const y = await step(i);
    checksum += y.data[i % y.data.length];
    if ((i + 1) % (calls / 10) === 0) samples.push(rss());
  }
  const [cached, mappings, outstanding] = binding.allocatorStats();
  console.log(`${label.padEnd(44)} RSS MiB every ${calls / 10} calls: ${samples.join(' ')}  (cache ${mib(cached)} MiB in ${mappings}, outstanding ${mib(outstanding)} MiB)`);
  return samples;
}

console.log(`backend ${sd.backendInfo().backend} ${sd.backendInfo().simd}, output ${mib(input.byteLength)} MiB, start RSS ${rss()} MiB`);
const options = (i) => ({ rate: 0.2, seed: 7, step: i });
const sync = await phase(`${CALLS} sync calls, event loop turns between`, CALLS, async (i) => {
  const y = sd.spatialDropout1d({ data: input, shape: SHAPE }, options(i));
  await yieldToLoop();
  return y;
});
const asynchronous = await phase(`${CALLS} async calls`, CALLS, (i) => sd.spatialDropout1dAsync({ data: input, shape: SHAPE }, options(i)));
const burst = await phase(`${CALLS / 10} sync calls, loop never yields`, CALLS / 10, (i) => sd.spatialDropout1d({ data: input, shape: SHAPE }, options(i)));
await yieldToLoop();

const settled = sync[0];
const worst = Math.max(...sync, ...asynchronous);
const flat = worst - settled <= MARGIN_MIB;
// It allocates 10x the cap in that phase: staying under the cap means nothing piles up.
const burstFlat = Math.max(...burst) - settled <= CAP_MIB + MARGIN_MIB;
console.log(`RSS after the first ${CALLS / 10} calls ${settled} MiB, highest over the next ${2 * CALLS - CALLS / 10} ${worst} MiB: ${flat ? 'flat' : 'GROWING'} (margin ${MARGIN_MIB} MiB)`);
console.log(`never yielding: highest ${Math.max(...burst)} MiB after ${mib((CALLS / 10) * input.byteLength)} MiB of outputs: ${burstFlat ? `bounded by the ${CAP_MIB} MiB cap` : 'GROWING'} (checksum ${checksum.toFixed(3)})`);

// Then nothing: the allocator's unref'd trim timer must give the cache back.
const busy = rss();
await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
const [cachedIdle, mappingsIdle] = binding.allocatorStats();
const idleEmpty = mappingsIdle === 0;
console.log(`idle ${IDLE_MS / 1000} s: RSS ${busy} -> ${rss()} MiB, cache ${mib(cachedIdle)} MiB in ${mappingsIdle} mappings: ${idleEmpty ? 'given back' : 'STILL HELD'}`);
process.exit(flat && burstFlat && idleEmpty ? 0 : 1);
