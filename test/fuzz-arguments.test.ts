// A malformed-argument fuzzer: a valid call with one part replaced by something
// hostile (wrong types, huge or negative numbers, NaN, bigints where numbers
// go and back, detached buffers, proxies, getters that throw or that change
// the arrays while they are read). Every call must end in a TypeError or a
// RangeError with every caller buffer untouched, never a crash or a hang.
import vm from 'node:vm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dropoutMask, spatialDropout1d, spatialDropout1dAsync, spatialDropout1dBackward, SpatialDropout1D } from '../lib/index.js';
import { backendInfo } from '../lib/index.js';
import { hasResizableBuffers } from './helpers/data.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
let casesRun = 0;
afterAll(() => console.log(`argument fuzzer: ${casesRun} malformed calls, all refused cleanly`));

const detached = (): Float32Array => {
  const a = new Float32Array(24);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
};

// Values that are wrong wherever they go.
const hostile = fc.constantFrom<() => unknown>(
  () => undefined, () => null, () => NaN, () => -1, () => 1e300, () => -Infinity, () => 2 ** 64, () => 0.5,
  () => '0.5', () => 5n, () => -5n, () => 2n ** 70n, () => Symbol('x'), () => ({}), () => [], () => [2, 3],
  () => () => 1, () => true, () => new Proxy({}, {}), () => new Int32Array(24), () => new Uint8Array(24),
  () => new Float64Array(3), () => detached(), () => new Proxy(new Float32Array(24), {}),
  () => ({ valueOf: () => 0.5 }), () => Object.create(null),
);

type Slot = 'tensor' | 'data' | 'shape' | 'shape[1]' | 'dtype' | 'options' | 'rate' | 'seed' | 'step' | 'sampleOffset' | 'layout' | 'out' | 'mask';
const SLOTS: Slot[] = ['tensor', 'data', 'shape', 'shape[1]', 'dtype', 'options', 'rate', 'seed', 'step', 'sampleOffset', 'layout', 'out', 'mask'];

// Values that are fine for some slots: skip those pairs (they are not malformed).
function acceptable(slot: Slot, v: unknown): boolean {
  if (v === undefined) return ['dtype', 'seed', 'step', 'sampleOffset', 'layout', 'out', 'mask'].includes(slot);
  if (slot === 'rate') return v === 0.5;
  if (slot === 'seed') return v === 0.5 ? false : typeof v === 'bigint' ? v >= 0n && v < 2n ** 64n : false;
  return false;
}

function valid() {
  const data = Float32Array.from({ length: 24 }, (_, i) => i - 7.5);
  const out = new Float32Array(24).fill(-1);
  const mask = new Uint8Array(8).fill(1);
  const tensor: Record<string, unknown> = { data, shape: [2, 3, 4] };
  const options: Record<string, unknown> = { rate: 0.5, seed: 9, step: 1, sampleOffset: 3, layout: 'channelsLast', out, mask };
  return { data, out, mask, tensor, options };
}

function snapshot(arrays: ArrayBufferView[]): string {
  return arrays.map((a) => Array.from(new Uint8Array(a.buffer.byteLength === 0 ? new ArrayBuffer(0) : a.buffer)).join(',')).join('|');
}

function corrupt(slot: Slot, bad: unknown) {
  const v = valid();
  let tensor: unknown = v.tensor, options: unknown = v.options;
  if (slot === 'tensor') tensor = bad;
  else if (slot === 'options') options = bad;
  else if (slot === 'shape[1]') v.tensor.shape = [2, bad, 4];
  else if (slot === 'data' || slot === 'shape' || slot === 'dtype') v.tensor[slot] = bad;
  else v.options[slot] = bad;
  return { ...v, tensor, options };
}

const API: [string, (t: unknown, o: unknown) => unknown][] = [
  ['spatialDropout1d', (t, o) => spatialDropout1d(t as never, o as never)],
  ['spatialDropout1dBackward', (t, o) => spatialDropout1dBackward(t as never, o as never)],
  ['layer.call', (t, o) => new SpatialDropout1D({ rate: (o as { rate?: number })?.rate ?? 0.5, seed: 1 }).call(t as never, { training: true })],
];

function expectRefused(run: () => unknown, buffers: ArrayBufferView[]) {
  const before = snapshot(buffers);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error instanceof TypeError || error instanceof RangeError, `got ${String(error)}`).toBe(true);
  expect(snapshot(buffers)).toBe(before);
}

describe(`argument fuzzer on the ${backendInfo().backend} backend`, () => {
  it.each(API)('%s refuses every malformed call', (_, call) => {
    fc.assert(
      fc.property(fc.constantFrom(...SLOTS), hostile, (slot, make) => {
        const bad = make();
        fc.pre(!acceptable(slot, bad));
        if (call === API[2][1] && !['tensor', 'data', 'shape', 'shape[1]', 'dtype'].includes(slot)) return; // the layer owns its options
        const c = corrupt(slot, bad);
        expectRefused(() => call(c.tensor, c.options), [c.data, c.out, c.mask]);
        casesRun++;
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('async calls reject the same calls, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SLOTS), hostile, async (slot, make) => {
        const bad = make();
        fc.pre(!acceptable(slot, bad));
        const c = corrupt(slot, bad);
        const before = snapshot([c.data, c.out, c.mask]);
        const error = await spatialDropout1dAsync(c.tensor as never, c.options as never).then(() => undefined, (e) => e);
        expect(error instanceof TypeError || error instanceof RangeError, `got ${String(error)}`).toBe(true);
        expect(snapshot([c.data, c.out, c.mask])).toBe(before);
        casesRun++;
      }),
      { numRuns: RUNS / 4, seed: 8 },
    );
  });

  it('dropoutMask refuses malformed counts and options', () => {
    fc.assert(
      fc.property(fc.constantFrom('samples', 'channels', 'rate', 'seed', 'step', 'sampleOffset', 'options'), hostile, (slot, make) => {
        const bad = make();
        const args: Record<string, unknown> = { samples: 4, channels: 3 };
        const options: Record<string, unknown> = { rate: 0.5, seed: 1, step: 0, sampleOffset: 0 };
        if (slot === 'samples' || slot === 'channels') args[slot] = bad;
        else if (slot !== 'options') options[slot] = bad;
        fc.pre(!(bad === undefined && ['step', 'sampleOffset'].includes(slot)) && !(slot === 'rate' && bad === 0.5) && !(slot === 'seed' && typeof bad === 'bigint' && bad >= 0n && bad < 2n ** 64n));
        expectRefused(() => dropoutMask((slot === 'options' ? bad : options) as never, args.samples as never, args.channels as never), []);
        casesRun++;
      }),
      { numRuns: RUNS / 4, seed: 9 },
    );
  });

  it('getters that detach or shrink the arrays while options are read are caught', () => {
    for (const victim of ['data', 'out', 'mask'] as const) {
      const v = valid();
      const target = v[victim];
      const options = { ...v.options, get rate() { structuredClone(target.buffer, { transfer: [target.buffer] }); return 0.5; } };
      // The detached array is the caller's doing; the others must stay as they were.
      expectRefused(() => spatialDropout1d(v.tensor as never, options as never), [v.data, v.out, v.mask].filter((a) => a !== target));
      casesRun++;
    }
  });

  it.runIf(hasResizableBuffers)('a getter that shrinks a resizable buffer under the input is caught', () => {
    const buffer = new ArrayBuffer(24 * 4, { maxByteLength: 64 * 4 });
    const data = new Float32Array(buffer); // length-tracking
    data.fill(1);
    const options = { rate: 0.5, seed: 1, get step() { buffer.resize(8); return 0; } };
    expect(() => spatialDropout1d({ data, shape: [2, 3, 4] }, options)).toThrow(RangeError);
    casesRun++;
  });

  // A buffer from another realm is no instance of this realm's ArrayBuffer.
  it.runIf(hasResizableBuffers)('async calls refuse a resizable buffer from another realm too', async () => {
    const fromVm = (code: string) => vm.runInNewContext(code) as Float32Array;
    const data = fromVm('new Float32Array(new ArrayBuffer(96, { maxByteLength: 4096 }), 0, 24)');
    const out = fromVm('new Float32Array(new ArrayBuffer(96, { maxByteLength: 4096 }), 0, 24)');
    await expect(spatialDropout1dAsync({ data, shape: [2, 3, 4] }, { rate: 0.5, seed: 1 })).rejects.toThrow(TypeError);
    await expect(spatialDropout1dAsync({ data: new Float32Array(24), shape: [2, 3, 4] }, { rate: 0.5, seed: 1, out })).rejects.toThrow(TypeError);
    casesRun += 2;
  });

  it('no caller code runs once the call is checked: overridden methods and species of the arrays are never used', () => {
    const tensor = () => ({ data: new Float32Array(24).fill(1), shape: [2, 3, 4] });
    const poisoned = <T extends object>(a: T): T => {
      for (const method of ['subarray', 'set', 'fill', 'slice']) {
        Object.defineProperty(a, method, { value: () => { throw new Error(`caller's ${method} ran`); } });
      }
      Object.defineProperty(a, 'constructor', { get() { throw new Error("caller's constructor read"); } });
      return a;
    };
    // A given mask, read sample by sample.
    const y = spatialDropout1d(tensor(), { rate: 0.5, mask: poisoned(new Uint8Array(8).fill(1)) });
    expect([...y.data]).toEqual(new Array(24).fill(2));
    // Rate 0 into out: a copy.
    const out = poisoned(new Float32Array(24));
    spatialDropout1d({ data: new Float32Array(24).fill(3), shape: [2, 3, 4] }, { rate: 0, out });
    expect([...out]).toEqual(new Array(24).fill(3));
    // channelsFirst zero-fills dropped runs of out.
    const out2 = poisoned(new Float32Array(24).fill(9));
    const z = spatialDropout1d({ data: new Float32Array(24).fill(1), shape: [2, 4, 3] }, { rate: 0.5, seed: 7, layout: 'channelsFirst', out: out2 });
    for (const value of z.data) expect([0, 2]).toContain(value);
  });

  it('getters that rewrite the data are read once: the call sees one consistent snapshot', () => {
    const v = valid();
    let reads = 0;
    const tensor = { get data() { reads++; return v.data; }, shape: [2, 3, 4] };
    const options = { rate: 0.5, seed: 3, get step() { v.data.fill(2); return 0; } };
    const y = spatialDropout1d(tensor as never, options);
    expect(reads).toBe(1);
    for (const value of y.data) expect([0, 4]).toContain(value);
  });
});
