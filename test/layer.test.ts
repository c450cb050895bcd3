// The Keras layer: inference is the identity, training walks the steps, and a
// checkpoint (getConfig/fromConfig) resumes the exact mask sequence.
import { describe, expect, it } from 'vitest';
import { SpatialDropout1D, dropoutMask, spatialDropout1d } from '../lib/index.js';
import { firstDifference, randomData, rng } from './helpers/data.js';

const input = () => ({ data: randomData('float32', 4 * 6 * 10, rng(1)), shape: [4, 6, 10] });

describe('SpatialDropout1D', () => {
  it('returns its input itself in inference, and with rate 0', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    expect(layer.call(x)).toBe(x);
    expect(layer.call(x, { training: false })).toBe(x);
    expect(new SpatialDropout1D({ rate: 0 }).call(x, { training: true })).toBe(x);
    expect(layer.step).toBe(0);
  });

  it('counts a training call at rate 0 as one: the step advances, backward is the identity, the mask keeps all', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0, seed: 1 });
    expect(layer.call(x, { training: true })).toBe(x);
    expect(layer.step).toBe(1);
    const dy = { data: randomData('float32', 240, rng(2)), shape: [4, 6, 10] };
    expect(firstDifference(layer.backward(dy).data, dy.data)).toBe(-1);
    expect(Array.from(layer.lastMask()!)).toEqual(new Array(40).fill(1));
  });

  it('refuses options that are not an object (call(x, true) is Python\'s habit, not inference)', () => {
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    for (const options of [true, false, 1, 'training', null]) {
      expect(() => layer.call(input(), options as never), String(options)).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }));
    }
    expect(layer.step).toBe(0);
  });

  it('backward refuses a gradient that is not the shape or dtype of the last training call', () => {
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1 });
    layer.call({ data: new Float32Array(4 * 2 * 8), shape: [4, 2, 8] }, { training: true });
    expect(() => layer.backward({ data: new Float32Array(6), shape: [2, 1, 3] })).toThrow(expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('gradOutput.shape') }));
    expect(() => layer.backward({ data: new Float32Array(64), shape: [4, 8, 2] })).toThrow(RangeError); // same size, other shape
    expect(() => layer.backward({ data: new Float64Array(64), shape: [4, 2, 8] })).toThrow(TypeError);
    expect(layer.backward({ data: new Float32Array(64).fill(1), shape: [4, 2, 8] }).data.length).toBe(64);
  });

  it('uses the current step, then advances it', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 77n });
    for (let step = 0; step < 4; step++) {
      const y = layer.call(x, { training: true });
      const expected = spatialDropout1d(x, { rate: 0.5, seed: 77n, step });
      expect(firstDifference(y.data, expected.data)).toBe(-1);
      expect(layer.step).toBe(step + 1);
    }
  });

  it('callAsync matches call and advances the step at once', async () => {
    const x = input();
    const a = new SpatialDropout1D({ rate: 0.3, seed: 5 }), b = new SpatialDropout1D({ rate: 0.3, seed: 5 });
    const pending = [a.callAsync(x, { training: true }), a.callAsync(x, { training: true })];
    expect(a.step).toBe(2);
    const results = await Promise.all(pending);
    for (const y of results) expect(firstDifference(y.data, b.call(x, { training: true }).data)).toBe(-1);
  });

  it('round-trips through getConfig/fromConfig and continues the same masks', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0.4, seed: 2n ** 64n - 2n, name: 'drop', layout: 'channelsLast' });
    layer.call(x, { training: true });
    layer.call(x, { training: true });
    const config = JSON.parse(JSON.stringify(layer.getConfig()));
    expect(config).toEqual({
      name: 'drop', trainable: true, dtype: 'float32', rate: 0.4, seed: '18446744073709551614', layout: 'channelsLast', step: 2,
    });
    const resumed = SpatialDropout1D.fromConfig(config);
    for (let i = 0; i < 3; i++) {
      expect(firstDifference(resumed.call(x, { training: true }).data, layer.call(x, { training: true }).data)).toBe(-1);
    }
    expect(resumed.step).toBe(5);
  });

  it('reads each config property once, so a getter cannot hand it two values', () => {
    const reads: string[] = [];
    const counted = (fields: Record<string, unknown>) => Object.defineProperties({}, Object.fromEntries(Object.entries(fields).map(
      ([key, value]) => [key, { enumerable: true, get: () => { reads.push(key); return typeof value === 'function' ? value() : value; } }],
    )));
    // A name that is a string when checked and an object when stored, were it read twice.
    let names = 0;
    const layer = new SpatialDropout1D(counted({ rate: 0.5, seed: 3, dtype: 'float32', layout: 'channelsLast', name: () => (names++ === 0 ? 'ok' : {}) }) as never);
    expect(layer.name).toBe('ok');
    expect(reads.sort()).toEqual(['dtype', 'layout', 'name', 'rate', 'seed']);
    reads.length = 0;
    const resumed = SpatialDropout1D.fromConfig(counted({ ...layer.getConfig(), step: 4 }));
    expect(resumed.step).toBe(4);
    expect(reads.filter((key) => key === 'seed' || key === 'step')).toEqual(['seed', 'step']);
    const throwing = Object.defineProperty({ rate: 0.5 }, 'seed', { get() { throw new Error('no'); } });
    expect(() => new SpatialDropout1D(throwing as never)).toThrow(expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('config.seed') }));
  });

  it('fromConfig takes a Keras config: seed null draws one, a dtype policy gives its name', () => {
    const keras = { name: 'sd', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float64' } }, rate: 0.25, seed: null };
    const layer = SpatialDropout1D.fromConfig(keras);
    expect(layer.dtype).toBe('float64');
    expect(layer.rate).toBe(0.25);
    expect(typeof layer.getConfig().seed === 'number' || typeof layer.getConfig().seed === 'string').toBe(true);
    expect(() => SpatialDropout1D.fromConfig({ ...keras, dtype: { config: { name: 'int8' } } })).toThrow(/config\.dtype/);
  });

  it('draws a seed once when none is given, and reports it', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0.5 });
    const { seed } = layer.getConfig();
    const y = layer.call(x, { training: true });
    const again = spatialDropout1d(x, { rate: 0.5, seed: typeof seed === 'string' ? BigInt(seed) : seed, step: 0 });
    expect(firstDifference(y.data, again.data)).toBe(-1);
    expect(new SpatialDropout1D({ rate: 0.5 }).getConfig().seed).not.toEqual(seed);
  });

  it('backward applies the last training call\'s mask and scale to the gradient', () => {
    const x = input(), grad = { data: randomData('float32', 240, rng(2)), shape: [4, 6, 10] };
    const layer = new SpatialDropout1D({ rate: 0.25, seed: 9 });
    expect(() => layer.backward(grad)).toThrow(/training call/);
    layer.call(x, { training: true });
    layer.call(x, { training: true });
    const g = layer.backward(grad);
    const expected = spatialDropout1d(grad, { rate: 0.25, seed: 9, step: 1 });
    expect(firstDifference(g.data, expected.data)).toBe(-1);
  });

  it('lastMask is the mask of the last training call, null otherwise', () => {
    const x = input();
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 3, layout: 'channelsLast' });
    expect(layer.lastMask()).toBeNull();
    const y = layer.call(x, { training: true });
    const mask = layer.lastMask()!;
    expect(Array.from(mask)).toEqual(Array.from(dropoutMask({ rate: 0.5, seed: 3, step: 0 }, 4, 10)));
    for (let n = 0; n < 4; n++) for (let c = 0; c < 10; c++) {
      if (!mask[n * 10 + c]) expect(y.data[n * 60 + c]).toBe(0);
    }
    layer.call(x);
    expect(layer.lastMask()).toBeNull();
  });

  it('honours channelsFirst: the mask follows the channel axis', () => {
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 4, layout: 'channelsFirst' });
    const x = { data: new Float32Array(2 * 10 * 6).fill(1), shape: [2, 10, 6] };
    const y = layer.call(x, { training: true });
    const mask = layer.lastMask()!;
    expect(mask.length).toBe(20);
    for (let n = 0; n < 2; n++) for (let c = 0; c < 10; c++) for (let t = 0; t < 6; t++) {
      expect(y.data[(n * 10 + c) * 6 + t]).toBe(mask[n * 10 + c] * 2);
    }
  });

  it('computes output shapes and names itself like Keras', () => {
    const layer = new SpatialDropout1D({ rate: 0.1 });
    expect(layer.computeOutputShape([8, 100, 16])).toEqual([8, 100, 16]);
    expect(layer.computeOutputShape([null, 100, 16])).toEqual([null, 100, 16]);
    expect(layer.name).toMatch(/^spatial_dropout1d(_\d+)?$/);
    const other = new SpatialDropout1D({ rate: 0.1 });
    expect(other.name).not.toBe(layer.name);
  });

  it('runs float16 layers on Uint16Array inputs', () => {
    const layer = new SpatialDropout1D({ rate: 0.5, seed: 1, dtype: 'float16' });
    const x = { data: new Uint16Array(2 * 3 * 4).fill(0x3c00), shape: [2, 3, 4], dtype: 'float16' as const };
    const y = layer.call(x, { training: true });
    expect(y.dtype).toBe('float16');
    for (const v of y.data) expect([0, 0x4000]).toContain(v);
  });
});
