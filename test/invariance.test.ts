// SPEC section 2's consequences: the result depends on (seed, step, rate,
// global sample index, channel) only, never on threads, sync/async, layout, or
// how the batch was split.
import { afterAll, describe, expect, it } from 'vitest';
import { spatialDropout1d, spatialDropout1dAsync, setNumThreads, backendInfo } from '../lib/index.js';
import { DTYPES, DTYPE_NAMES } from '../lib/dtype.js';
import type { FloatArray } from '../lib/types.js';
import { validateCall } from '../lib/validate.js';
import { backendsUnderTest, nativeBinding } from './helpers/backends.js';
import { firstDifference, randomData, rng } from './helpers/data.js';

const FORWARD = { name: 'input', requireSeed: false, async: false } as const;
const FORWARD_ASYNC = { ...FORWARD, async: true } as const;

// (N, X, Y) -> (N, Y, X)
function transpose(a: FloatArray, N: number, X: number, Y: number): FloatArray {
  const out = new (a.constructor as new (n: number) => FloatArray)(a.length);
  for (let n = 0; n < N; n++) for (let x = 0; x < X; x++) for (let y = 0; y < Y; y++) out[(n * Y + y) * X + x] = a[(n * X + x) * Y + y];
  return out;
}

describe.runIf(nativeBinding !== undefined)('native thread counts', () => {
  const initial = nativeBinding?.info().threads ?? 1;
  afterAll(() => setNumThreads(initial));

  it('gives the same bits with 1, 2 and 8 threads, sync and async, on every SIMD level', async () => {
    const random = rng(11);
    // Large enough to be split: several MB per call.
    for (const [N, T, C] of [[48, 128, 96], [1, 30000, 40], [3, 3000, 130]] as const) {
      for (const dtype of DTYPE_NAMES) for (const layout of ['channelsLast', 'channelsFirst'] as const) {
        const data = randomData(dtype, N * T * C, random);
        const shape = layout === 'channelsLast' ? [N, T, C] : [N, C, T];
        const options = { rate: 0.4, seed: 99, step: 3, layout };
        let first: FloatArray | undefined;
        for (const { label, backend, activate } of backendsUnderTest.filter((b) => b.label.startsWith('native'))) {
          activate();
          for (const threads of [1, 2, 8]) {
            backend.setThreads(threads);
            const sync = DTYPES[dtype].create(data.length), async = DTYPES[dtype].create(data.length);
            backend.run(validateCall({ data, shape, dtype }, options, FORWARD), sync);
            await backend.runAsync(validateCall({ data, shape, dtype }, options, FORWARD_ASYNC), async);
            first ??= sync;
            expect(firstDifference(sync, first), `${label} ${threads} threads sync`).toBe(-1);
            expect(firstDifference(async, first), `${label} ${threads} threads async`).toBe(-1);
          }
        }
      }
    }
  });
});

describe(`public API on the ${backendInfo().backend} backend`, () => {
  it('channelsFirst of the transposed tensor is the transposed result', () => {
    const random = rng(5);
    for (const dtype of DTYPE_NAMES) for (const [N, T, C] of [[3, 7, 5], [2, 1, 33], [4, 20, 1], [1, 300, 17]] as const) {
      const data = randomData(dtype, N * T * C, random);
      const last = spatialDropout1d({ data, shape: [N, T, C], dtype }, { rate: 0.5, seed: 3n ** 30n, step: 8 });
      const first = spatialDropout1d({ data: transpose(data, N, T, C), shape: [N, C, T], dtype }, { rate: 0.5, seed: 3n ** 30n, step: 8, layout: 'channelsFirst' });
      expect(firstDifference(transpose(first.data, N, C, T), last.data)).toBe(-1);
    }
  });

  it('rank 2 is one unbatched sample: the same as batch [1, ...]', () => {
    const data = randomData('float32', 6 * 10, rng(2));
    for (const layout of ['channelsLast', 'channelsFirst'] as const) {
      const two = spatialDropout1d({ data, shape: [6, 10] }, { rate: 0.5, seed: 1, layout });
      const three = spatialDropout1d({ data, shape: [1, 6, 10] }, { rate: 0.5, seed: 1, layout });
      expect(two.shape).toEqual([6, 10]);
      expect(firstDifference(two.data, three.data)).toBe(-1);
    }
  });

  it('shards with sampleOffset reproduce the whole batch exactly, at random split points', () => {
    const random = rng(8);
    for (const dtype of DTYPE_NAMES) for (const layout of ['channelsLast', 'channelsFirst'] as const) {
      const [N, T, C] = [37, 11, 13];
      const data = randomData(dtype, N * T * C, random);
      const shape = layout === 'channelsLast' ? [N, T, C] : [N, C, T];
      const options = { rate: 0.35, seed: 2n ** 63n + 5n, step: 12, layout };
      const whole = spatialDropout1d({ data, shape, dtype }, options);
      const cuts = [0, ...Array.from({ length: 4 }, () => Math.floor(random() * N)).sort((a, b) => a - b), N];
      const rows = T * C;
      for (let i = 0; i + 1 < cuts.length; i++) {
        const [a, b] = [cuts[i], cuts[i + 1]];
        const part = spatialDropout1d(
          { data: data.subarray(a * rows, b * rows), shape: [b - a, shape[1], shape[2]], dtype },
          { ...options, sampleOffset: a },
        );
        expect(firstDifference(part.data, whole.data.subarray(a * rows, b * rows)), `shard [${a}, ${b})`).toBe(-1);
      }
    }
  });

  it('async gives the same result as sync', async () => {
    const data = randomData('float32', 16 * 64 * 48, rng(9));
    const options = { rate: 0.2, seed: 1234, step: 77 };
    const sync = spatialDropout1d({ data, shape: [16, 64, 48] }, options);
    const async = await spatialDropout1dAsync({ data, shape: [16, 64, 48] }, options);
    expect(firstDifference(async.data, sync.data)).toBe(-1);
  });

  it('in place equals out-of-place', () => {
    const data = randomData('float64', 5 * 9 * 31, rng(10));
    const options = { rate: 0.6, seed: 17, step: 2 };
    const fresh = spatialDropout1d({ data, shape: [5, 9, 31] }, options);
    const copy = data.slice();
    const inPlace = spatialDropout1d({ data: copy, shape: [5, 9, 31] }, { ...options, out: copy });
    expect(inPlace.data).toBe(copy);
    expect(firstDifference(copy, fresh.data)).toBe(-1);
  });
});
