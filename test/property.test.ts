// Property-based parity: random shapes, dtypes, layouts, options, offsets and
// views (shared byteOffsets, SharedArrayBuffer-backed arrays, in place, caller
// masks) against the slow reference, on every backend.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DTYPES, DTYPE_NAMES } from '../lib/dtype.js';
import type { DType, FloatArray, Layout } from '../lib/types.js';
import { validateCall } from '../lib/validate.js';
import { spatialDropout1d } from '../lib/index.js';
import { backendsUnderTest } from './helpers/backends.js';
import { firstDifference } from './helpers/data.js';
import { dropoutReference } from './helpers/reference.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
let casesRun = 0;
afterAll(() => console.log(`property tests: ${casesRun} random calls checked against the reference`));

interface Call {
  dtype: DType;
  layout: Layout;
  dims: [number, number, number];
  rank2: boolean;
  values: number[];
  rate: number;
  seed: number | bigint;
  step: number;
  offsetFraction: number;
  elementOffset: number;
  shared: boolean;
  placement: 'fresh' | 'out' | 'inPlace';
  mask: number[] | null;
}

const valueOf = (dtype: DType) =>
  dtype === 'float32' ? fc.float({ noDefaultInfinity: false, noNaN: false }).map((v) => v)
    : dtype === 'float64' ? fc.double()
      : fc.integer({ min: 0, max: 0xffff });

const callArb: fc.Arbitrary<Call> = fc
  .record({
    dtype: fc.constantFrom(...DTYPE_NAMES),
    layout: fc.constantFrom<Layout>('channelsLast', 'channelsFirst'),
    dims: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 70 })),
    rank2: fc.boolean(),
    rate: fc.oneof(fc.constantFrom(0, 1, 1e-9, 1 - 1e-9, 0.5, 0.75), fc.double({ min: 0, max: 1, noNaN: true })),
    seed: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.maxSafeNat()),
    step: fc.nat({ max: 2 ** 32 - 1 }),
    offsetFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    elementOffset: fc.integer({ min: 0, max: 5 }),
    shared: fc.boolean(),
    placement: fc.constantFrom<Call['placement']>('fresh', 'out', 'inPlace'),
    withMask: fc.boolean(),
  })
  .chain((c) => {
    const dims: [number, number, number] = c.rank2 ? [1, c.dims[1], c.dims[2]] : c.dims;
    const length = dims[0] * dims[1] * dims[2];
    return fc.record({
      values: fc.array(valueOf(c.dtype), { minLength: length, maxLength: length }),
      mask: c.withMask ? fc.array(fc.integer({ min: 0, max: 1 }), { minLength: dims[0] * dims[2], maxLength: dims[0] * dims[2] }) : fc.constant(null),
    }).map(({ values, mask }) => ({ ...c, dims, values, mask }));
  });

// The data as a view `elementOffset` elements into a larger (maybe shared) buffer.
function place(dtype: DType, values: number[], elementOffset: number, shared: boolean): FloatArray {
  const bytes = DTYPES[dtype].bytes;
  const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
  const buffer = new Buffer((values.length + elementOffset + 2) * bytes);
  const Ctor = DTYPES[dtype].create(0).constructor as new (b: ArrayBufferLike, o: number, n: number) => FloatArray;
  const view = new Ctor(buffer, elementOffset * bytes, values.length);
  view.set(values);
  return view;
}

function setUp(c: Call) {
  const [N, T, C] = c.dims;
  const data = place(c.dtype, c.values, c.elementOffset, c.shared);
  const logical = c.layout === 'channelsLast' ? [T, C] : [C, T];
  const shape = c.rank2 ? logical : [N, ...logical];
  const sampleOffset = Math.floor(c.offsetFraction * (2 ** 53 - N));
  const mask = c.mask === null ? undefined : Uint8Array.from(c.mask);
  const expected = dropoutReference({
    data, dtype: c.dtype, layout: c.layout, samples: N, spatial: T, channels: C,
    rate: c.rate, seed: c.seed, step: c.step, sampleOffset, mask,
  });
  const options = { rate: c.rate, seed: c.seed, step: c.step, sampleOffset, layout: c.layout, mask };
  return { data, shape, options, expected };
}

describe.each(backendsUnderTest)('$label agrees with the reference on random calls', ({ backend, activate }) => {
  it(`${RUNS} random calls`, () => {
    activate();
    fc.assert(
      fc.property(callArb, (c) => {
        const { data, shape, options, expected } = setUp(c);
        const out = c.placement === 'inPlace' ? data
          : place(c.dtype, new Array(data.length).fill(0), (c.elementOffset + 1) % 4, !c.shared);
        const r = validateCall({ data, shape, dtype: c.dtype }, { ...options, out }, { name: 'input', requireSeed: false, async: false });
        backend.run(r, out);
        casesRun++;
        return firstDifference(out, expected, c.dtype) === -1;
      }),
      { numRuns: RUNS, seed: 20261125 },
    );
  });
});

describe('the public API agrees with the reference on random calls', () => {
  it(`${RUNS} random calls (rate 0 without a mask returns the input's own array)`, () => {
    fc.assert(
      fc.property(callArb, (c) => {
        const { data, shape, options, expected } = setUp(c);
        const input = { data, shape, dtype: c.dtype };
        const y = spatialDropout1d(input, c.placement === 'inPlace' ? { ...options, out: data } : options);
        casesRun++;
        if (c.rate === 0 && c.mask === null) return y.data === data && y.dtype === c.dtype;
        return firstDifference(y.data, expected, c.dtype) === -1 && y.dtype === c.dtype && y.shape.join() === shape.join();
      }),
      { numRuns: RUNS, seed: 424242 },
    );
  });
});
