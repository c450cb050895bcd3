// Why a fresh output is wrapped for JavaScript only after the kernel has filled
// it (native runFresh): wrapping a 32 MiB output adds it to V8's external
// memory, and every other one starts a full GC whose concurrent marking shares
// the two CPUs with the kernel. Times, in alternating blocks in one process,
// fresh (64, 512, 256) float32 calls made both ways: wrap first (allocate(),
// then run() into it: the previous release's order) and fill first
// (runFresh()), each call followed by a yield to the event loop, where Node
// returns collected outputs to the allocator.
//
//   node bench/fresh-order.mjs [--rounds 15] [--busy-ms 0]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const sd = require(`${root}dist/index.js`);
const { loadNativeBinding } = require(`${root}dist/backend/native-load.js`);
const { encodeRecord } = require(`${root}dist/backend/record.js`);
const { validateCall } = require(`${root}dist/validate.js`);

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '15' }, 'busy-ms': { type: 'string', default: '0' } },
});
const ROUNDS = Number(args.rounds), BUSY_MS = Number(args['busy-ms']);
const binding = loadNativeBinding();
sd.setNumThreads(2);
const dims = [64, 512, 256], n = 64 * 512 * 256;
const x = Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const record = new Float64Array(binding.recordFields);
const FORWARD = { name: 'input', requireSeed: false, async: false };

// Both fall back to an ordinary array where the allocator declines (too much
// outstanding), as the library does.
const orders = {
  'wrap first': (r) => {
    const buffer = binding.allocate(n * 4);
    const out = buffer === undefined ? new Float32Array(n) : new Float32Array(buffer);
    binding.run(r.input, out, null, encodeRecord(r, record));
    return out;
  },
  'fill first': (r) => {
    const buffer = binding.runFresh(r.input, undefined, null, encodeRecord(r, record));
    return buffer === undefined ? orders['wrap first'](r) : new Float32Array(buffer);
  },
};

const times = Object.fromEntries(Object.keys(orders).map((name) => [name, []]));
const settle = () => new Promise((resolve) => setImmediate(resolve));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(orders)) {
    for (let i = 0; i < 10; i++) {
      const r = validateCall({ data: x, shape: dims }, { rate: 0.2, seed: 1, step: i }, FORWARD);
      const start = performance.now();
      const out = run(r);
      times[name].push(performance.now() - start);
      if (out.length !== n) throw new Error(`${name}: output of ${out.length} elements`);
      // Other work of the program's, if asked for.
      for (const until = performance.now() + BUSY_MS; performance.now() < until;);
      await settle();
    }
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(`fresh (${dims.join(', ')}) float32 outputs, ${BUSY_MS} ms of other work between calls, ${ROUNDS * 10} calls each:`);
for (const [name, t] of Object.entries(times)) console.log(`  ${name}: median ${median(t).toFixed(2)} ms`);
