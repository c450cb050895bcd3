// SPEC section 4, row by row: the error class, a message that names the
// argument and the value, a stable code, and every caller buffer untouched.
import { describe, expect, it } from 'vitest';
import {
  dropoutMask, spatialDropout1d, spatialDropout1dAsync, spatialDropout1dBackward, setNumThreads, SpatialDropout1D,
} from '../lib/index.js';
import type { DropoutOptions, Tensor } from '../lib/types.js';

type ErrorClass = typeof TypeError | typeof RangeError;

interface Case {
  what: string;
  input?: () => unknown;
  options: () => Record<string, unknown>;
  error: ErrorClass;
  /** Text the message must contain: the argument's name and the value. */
  names: string[];
}

const base = () => ({ data: Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i + 0.5), shape: [2, 3, 4] });

const CASES: Case[] = [
  // rate
  { what: 'rate NaN', options: () => ({ rate: NaN }), error: RangeError, names: ['rate', 'NaN'] },
  { what: 'rate below 0', options: () => ({ rate: -0.1 }), error: RangeError, names: ['rate', '-0.1'] },
  { what: 'rate above 1', options: () => ({ rate: 1.5 }), error: RangeError, names: ['rate', '1.5'] },
  { what: 'rate Infinity', options: () => ({ rate: Infinity }), error: RangeError, names: ['rate', 'Infinity'] },
  { what: 'rate as a string', options: () => ({ rate: '0.5' }), error: TypeError, names: ['rate', '"0.5"'] },
  { what: 'rate missing', options: () => ({}), error: TypeError, names: ['rate', 'undefined'] },
  // shape
  { what: 'shape rank 4', input: () => ({ ...base(), shape: [1, 2, 3, 4] }), options: () => ({ rate: 0.5 }), error: RangeError, names: ['shape', '4'] },
  { what: 'shape rank 1', input: () => ({ ...base(), shape: [24] }), options: () => ({ rate: 0.5 }), error: RangeError, names: ['shape', '1'] },
  { what: 'shape negative', input: () => ({ ...base(), shape: [-2, 3, -4] }), options: () => ({ rate: 0.5 }), error: RangeError, names: ['shape[0]', '-2'] },
  { what: 'shape fractional', input: () => ({ ...base(), shape: [2, 1.5, 8] }), options: () => ({ rate: 0.5 }), error: RangeError, names: ['shape[1]', '1.5'] },
  { what: 'shape of strings', input: () => ({ ...base(), shape: ['2', 3, 4] }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['shape[0]', '"2"'] },
  { what: 'shape product != length', input: () => ({ ...base(), shape: [2, 3, 5] }), options: () => ({ rate: 0.5 }), error: RangeError, names: ['shape', '24', '[2, 3, 5]'] },
  { what: 'shape not an array', input: () => ({ ...base(), shape: '2,3,4' }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['shape', '"2,3,4"'] },
  // data
  { what: 'data Int32Array', input: () => ({ data: new Int32Array(24), shape: [2, 3, 4] }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['.data', 'Int32Array'] },
  { what: 'data plain array', input: () => ({ data: [1, 2], shape: [1, 1, 2] }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['.data', 'array'] },
  { what: 'Uint16Array without dtype', input: () => ({ data: new Uint16Array(24), shape: [2, 3, 4] }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['.dtype', 'undefined'] },
  { what: 'dtype not matching the array', input: () => ({ data: new Float32Array(24), shape: [2, 3, 4], dtype: 'float16' }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['.dtype', 'float16'] },
  { what: 'unknown dtype', input: () => ({ data: new Uint16Array(24), shape: [2, 3, 4], dtype: 'half' }), options: () => ({ rate: 0.5 }), error: TypeError, names: ['.dtype', '"half"'] },
  { what: 'input not a tensor', input: () => 42, options: () => ({ rate: 0.5 }), error: TypeError, names: ['tensor', '42'] },
  // seed
  { what: 'seed negative', options: () => ({ rate: 0.5, seed: -1 }), error: RangeError, names: ['seed', '-1'] },
  { what: 'seed fractional', options: () => ({ rate: 0.5, seed: 1.5 }), error: RangeError, names: ['seed', '1.5'] },
  { what: 'seed beyond safe integers', options: () => ({ rate: 0.5, seed: 2 ** 53 }), error: RangeError, names: ['seed', '9007199254740992'] },
  { what: 'seed bigint 2^64', options: () => ({ rate: 0.5, seed: 2n ** 64n }), error: RangeError, names: ['seed', '18446744073709551616n'] },
  { what: 'seed bigint negative', options: () => ({ rate: 0.5, seed: -1n }), error: RangeError, names: ['seed', '-1n'] },
  { what: 'seed string', options: () => ({ rate: 0.5, seed: '42' }), error: TypeError, names: ['seed', '"42"'] },
  // step
  { what: 'step negative', options: () => ({ rate: 0.5, step: -1 }), error: RangeError, names: ['step', '-1'] },
  { what: 'step 2^32', options: () => ({ rate: 0.5, step: 2 ** 32 }), error: RangeError, names: ['step', '4294967296'] },
  { what: 'step fractional', options: () => ({ rate: 0.5, step: 0.5 }), error: RangeError, names: ['step', '0.5'] },
  { what: 'step bigint', options: () => ({ rate: 0.5, step: 1n }), error: TypeError, names: ['step', '1n'] },
  // sampleOffset
  { what: 'sampleOffset negative', options: () => ({ rate: 0.5, sampleOffset: -3 }), error: RangeError, names: ['sampleOffset', '-3'] },
  { what: 'sampleOffset + N beyond 2^53', options: () => ({ rate: 0.5, sampleOffset: 2 ** 53 - 1 }), error: RangeError, names: ['sampleOffset', '9007199254740991'] },
  { what: 'sampleOffset NaN', options: () => ({ rate: 0.5, sampleOffset: NaN }), error: RangeError, names: ['sampleOffset', 'NaN'] },
  // out
  { what: 'out of another type', options: () => ({ rate: 0.5, out: new Float64Array(24) }), error: TypeError, names: ['out', 'Float64Array'] },
  { what: 'out too short', options: () => ({ rate: 0.5, out: new Float32Array(23) }), error: RangeError, names: ['out', '23'] },
  // mask
  { what: 'mask of another type', options: () => ({ rate: 0.5, mask: new Int8Array(8) }), error: TypeError, names: ['mask', 'Int8Array'] },
  { what: 'mask wrong length', options: () => ({ rate: 0.5, mask: new Uint8Array(7) }), error: RangeError, names: ['mask', '7'] },
  { what: 'mask value 2', options: () => ({ rate: 0.5, mask: Uint8Array.of(1, 0, 1, 2, 0, 0, 0, 0) }), error: RangeError, names: ['mask[3]', '2'] },
  // options themselves
  { what: 'misspelled option', options: () => ({ rate: 0.5, sampleoffset: 3 }), error: TypeError, names: ['options.sampleoffset', 'misspelled'] },
  { what: 'layout unknown', options: () => ({ rate: 0.5, layout: 'NCW' }), error: TypeError, names: ['layout', '"NCW"'] },
];

function snapshot(values: unknown[]): unknown[] {
  return values.map((v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
}

describe.each(CASES)('$what', ({ input, options, error, names }) => {
  const run = (call: (t: Tensor, o: DropoutOptions) => unknown) => {
    const tensor = (input ?? base)() as Tensor;
    const opts = options();
    const buffers = [tensor?.data, opts.out, opts.mask].filter(ArrayBuffer.isView);
    const before = snapshot(buffers);
    let thrown: unknown;
    try {
      call(tensor, opts as unknown as DropoutOptions);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(error);
    const message = (thrown as Error).message;
    for (const text of names) expect(message).toContain(text);
    expect((thrown as { code?: string }).code).toBe(error === TypeError ? 'ERR_INVALID_ARG_TYPE' : 'ERR_OUT_OF_RANGE');
    expect(snapshot(buffers)).toEqual(before);
  };

  it('spatialDropout1d throws it and writes nothing', () => run(spatialDropout1d));
  it('spatialDropout1dBackward throws it and writes nothing', () => run((t, o) => spatialDropout1dBackward(t, { seed: 1, ...o })));
  it('spatialDropout1dAsync rejects with it and writes nothing', async () => {
    const tensor = (input ?? base)() as Tensor;
    const opts = options();
    const buffers = [tensor?.data, opts.out, opts.mask].filter(ArrayBuffer.isView);
    const before = snapshot(buffers);
    const promise = spatialDropout1dAsync(tensor, opts as unknown as DropoutOptions);
    await expect(promise).rejects.toBeInstanceOf(error);
    expect(snapshot(buffers)).toEqual(before);
  });
});

describe('other argument errors', () => {
  it('out overlapping the input without being it is a RangeError', () => {
    const buffer = new Float32Array(30);
    const input = buffer.subarray(0, 24), out = buffer.subarray(4, 28);
    const before = Array.from(buffer);
    expect(() => spatialDropout1d({ data: input, shape: [2, 3, 4] }, { rate: 0.5, out })).toThrow(/options.out/);
    expect(Array.from(buffer)).toEqual(before);
  });

  it('a separate view of the same bytes as the input counts as in place', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i + 1);
    const alias = new Float32Array(data.buffer, 0, 24);
    const expected = spatialDropout1d({ data: data.slice(), shape: [2, 3, 4] }, { rate: 0.5, seed: 0 }).data;
    const y = spatialDropout1d({ data, shape: [2, 3, 4] }, { rate: 0.5, seed: 0, out: alias });
    expect(y.data).toBe(alias);
    expect(Array.from(alias)).toEqual(Array.from(expected));
  });

  it('backward without a seed or mask is a TypeError naming the seed', () => {
    expect(() => spatialDropout1dBackward(base(), { rate: 0.5 })).toThrow(/options.seed/);
  });

  it('dropoutMask checks its counts and its seed', () => {
    expect(() => dropoutMask({ rate: 0.5, seed: 1 }, -1, 4)).toThrow(RangeError);
    expect(() => dropoutMask({ rate: 0.5, seed: 1 }, 2, 1.5)).toThrow(/channels/);
    expect(() => dropoutMask({ rate: 0.5 } as never, 2, 2)).toThrow(/options.seed/);
    expect(() => dropoutMask({ rate: 2, seed: 1 }, 2, 2)).toThrow(RangeError);
  });

  it('setNumThreads takes an integer from 1 to 1024', () => {
    for (const bad of [0, -1, 1.5, 1025, NaN]) expect(() => setNumThreads(bad)).toThrow(RangeError);
    expect(() => setNumThreads('2' as never)).toThrow(TypeError);
  });

  it('a throwing getter becomes a TypeError naming the property, not a crash', () => {
    const options = { rate: 0.5, get seed(): number { throw new Error('boom'); } };
    expect(() => spatialDropout1d(base(), options)).toThrow(/options.seed/);
  });

  it('a Proxy around a typed array is not taken for one', () => {
    const data = new Proxy(new Float32Array(24), {});
    expect(() => spatialDropout1d({ data, shape: [2, 3, 4] }, { rate: 0.5 })).toThrow(TypeError);
  });

  it('the layer refuses misspelled config keys and call options, and an undefined step', () => {
    const named = (name: string) => expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: expect.stringContaining(name) });
    expect(() => new SpatialDropout1D({ rate: 0.5, sed: 42 } as never)).toThrow(named('config.sed'));
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    expect(() => layer.call(base(), { trainig: true } as never)).toThrow(named('options.trainig'));
    expect(() => { layer.step = undefined as never; }).toThrow(named('step'));
    expect(layer.step).toBe(0);
    // A Keras config carries keys the layer does not take: fromConfig ignores them.
    expect(SpatialDropout1D.fromConfig({ rate: 0.5, seed: 1, trainable: true, noise_shape: null, step: 3 }).step).toBe(3);
  });

  it('a shape or dtype policy that cannot be read is a coded TypeError naming it', () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable([2, 3, 4], {});
      revoke();
      return proxy;
    };
    const named = (name: string) => expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: expect.stringContaining(`for ${name} `) });
    expect(() => spatialDropout1d({ data: new Float32Array(24), shape: revoked() }, { rate: 0.5 })).toThrow(named('input.shape'));
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    expect(() => layer.computeOutputShape(revoked())).toThrow(named('shape'));
    const throwingLength = new Proxy([1, 2, 3], { get: (t, k) => { if (k === 'length') throw new Error('boom'); return t[k as never]; } });
    expect(() => layer.computeOutputShape(throwingLength)).toThrow(named('shape.length'));
    expect(() => layer.computeOutputShape([2, , 3] as never)).toThrow(named('shape[1]')); // a hole
    const policy = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error('boom'); } });
    expect(() => SpatialDropout1D.fromConfig({ rate: 0.5, seed: 1, dtype: policy })).toThrow(named('config.dtype'));
  });

  it('a shape that does not fit is shown in full', () => {
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    layer.call({ data: new Float32Array(64), shape: [4, 2, 8] }, { training: true });
    expect(() => layer.backward({ data: new Float32Array(6), shape: [2, 1, 3] })).toThrow(/\[4, 2, 8\] for gradOutput.shape but received \[2, 1, 3\]$/);
  });

  it('the layer checks its config and the dtype of its inputs', () => {
    expect(() => new SpatialDropout1D({ rate: 7 })).toThrow(/config.rate/);
    expect(() => new SpatialDropout1D({ rate: 0.5, dtype: 'int8' as never })).toThrow(/config.dtype/);
    const layer = new SpatialDropout1D({ rate: 0.5, dtype: 'float64' });
    expect(() => layer.call(base(), { training: true })).toThrow(/float64/);
    expect(layer.step).toBe(0);
  });
});

describe('what is accepted at the edges of SPEC section 4', () => {
  it('a backward call at rate 0 needs no seed: the gradient is the identity', () => {
    const dy = { data: Float32Array.from({ length: 24 }, (_, i) => i - 7), shape: [2, 3, 4] };
    expect([...spatialDropout1dBackward(dy, { rate: 0 }).data]).toEqual([...dy.data]);
    expect(() => spatialDropout1dBackward(dy, { rate: 0.5 })).toThrow(expect.objectContaining({ message: expect.stringContaining('options.seed') }));
  });

  it('a zero dimension makes an empty tensor, however large the other two', async () => {
    for (const shape of [[2 ** 32, 0, 2 ** 32], [2 ** 53 - 1, 0, 2 ** 53 - 1], [0, 2 ** 40, 2 ** 40]]) {
      const x = { data: new Float32Array(0), shape };
      expect(spatialDropout1d(x, { rate: 0.5, seed: 1 }).data.length, String(shape)).toBe(0);
      expect(spatialDropout1d(x, { rate: 0.5, seed: 1, out: new Float32Array(0) }).data.length).toBe(0);
      expect(spatialDropout1dBackward(x, { rate: 0.5, seed: 1 }).data.length).toBe(0);
      expect((await spatialDropout1dAsync(x, { rate: 0.5, seed: 1 })).data.length).toBe(0);
    }
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    expect(layer.call({ data: new Float32Array(0), shape: [2 ** 40, 1, 0] }, { training: true }).data.length).toBe(0);
    expect(layer.step).toBe(1);
    // No flags to draw, however many samples (every backend used to walk them).
    expect(layer.lastMask()!.length).toBe(0);
    expect(dropoutMask({ rate: 0.5, seed: 1 }, 2 ** 53 - 1, 0).length).toBe(0);
  });

  it('an empty out or input shares no bytes with a mask, wherever it starts', () => {
    const bytes = new ArrayBuffer(16), mask = new Uint8Array(bytes, 0, 6).fill(1);
    const y = spatialDropout1d({ data: new Float32Array(0), shape: [2, 0, 3] }, { rate: 0.5, mask, out: new Float32Array(bytes, 4, 0) });
    expect(y.data.length).toBe(0);
  });

  it('a -0 dimension is a zero-size one, and the result says 0', () => {
    const y = spatialDropout1d({ data: new Float32Array(0), shape: [-0, 3, 4] }, { rate: 0.5, seed: 1 });
    expect(Object.is(y.shape[0], 0)).toBe(true);
  });
});
