// Every backend and SIMD level against the slow reference, bit for bit, on the
// shapes and values that trip kernels up (SPEC section 3).
import { describe, expect, it } from 'vitest';
import { DTYPES, DTYPE_NAMES } from '../lib/dtype.js';
import type { Layout } from '../lib/types.js';
import { validateCall, validateMaskCall } from '../lib/validate.js';
import { backendsUnderTest } from './helpers/backends.js';
import { firstDifference, randomData, rng, unalignedCopy } from './helpers/data.js';
import { dropoutReference, maskReference, quotientReference } from './helpers/reference.js';

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 1], [2, 1, 7], [1, 9, 17], [4, 3, 16], [2, 7, 33], [5, 2, 3], [3, 4, 130],
  [2, 3, 4099], [1, 65, 9], [6, 31, 8], [0, 4, 5], [3, 0, 5], [3, 4, 0], [2, 40, 2], [7, 1, 64],
];
const RATES = [0, 1, 1e-9, 1 - 1e-9, 0.5, 0.3];
const LAYOUTS: Layout[] = ['channelsLast', 'channelsFirst'];
const FORWARD = { name: 'input', requireSeed: false, async: false } as const;

describe.each(backendsUnderTest)('$label matches the reference bit for bit', ({ backend, activate }) => {
  for (const dtype of DTYPE_NAMES) {
    it(`${dtype}: every shape, layout and rate, aligned and unaligned views`, () => {
      activate();
      const random = rng(DTYPES[dtype].code + 1);
      let cases = 0;
      for (const [N, T, C] of SHAPES) for (const layout of LAYOUTS) for (const rate of RATES) {
        const data = unalignedCopy(randomData(dtype, N * T * C, random), cases % 3);
        const seed = Math.floor(random() * 2 ** 53), step = Math.floor(random() * 2 ** 32);
        const shape = layout === 'channelsLast' ? [N, T, C] : [N, C, T];
        const r = validateCall({ data, shape, dtype }, { rate, seed, step, layout }, FORWARD);
        const out = unalignedCopy(DTYPES[dtype].create(data.length), (cases + 1) % 3);
        backend.run(r, out);
        const expected = dropoutReference({ data, dtype, layout, samples: N, spatial: T, channels: C, rate, seed, step });
        const at = firstDifference(out, expected, dtype);
        expect(at, `${layout} ${N}x${T}x${C} rate ${rate} at ${at}: ${out[at]} vs ${expected[at]}`).toBe(-1);
        cases++;
      }
    });

    it(`${dtype}: in place, and with a caller's mask`, () => {
      activate();
      const random = rng(100 + DTYPES[dtype].code);
      for (const [N, T, C] of [[3, 17, 5], [2, 4, 40], [4, 1, 300]] as const) for (const layout of LAYOUTS) {
        const data = randomData(dtype, N * T * C, random);
        const shape = layout === 'channelsLast' ? [N, T, C] : [N, C, T];
        const mask = Uint8Array.from({ length: N * C }, () => (random() < 0.5 ? 1 : 0));
        const expected = dropoutReference({ data, dtype, layout, samples: N, spatial: T, channels: C, rate: 0.25, seed: 0, mask });
        const inPlace = data.slice();
        backend.run(validateCall({ data: inPlace, shape, dtype }, { rate: 0.25, mask, layout, out: inPlace }, FORWARD), inPlace);
        expect(firstDifference(inPlace, expected, dtype)).toBe(-1);
      }
    });
  }

  it('keeps the payload of NaN inputs, quieted, in every dtype', () => {
    activate();
    const cases = {
      float16: [[0x7c01, 0x7e01], [0xfd55, 0xff55], [0x7e00, 0x7e00]],
      bfloat16: [[0x7f81, 0x7fc1], [0xff85, 0xffc5], [0x7fc0, 0x7fc0]],
      float32: [[0x7f800001, 0x7fc00001], [0xff812345, 0xffc12345]],
      float64: [[0x7ff0000000000001n, 0x7ff8000000000001n]],
    } as const;
    for (const [dtype, pairs] of Object.entries(cases) as [keyof typeof cases, readonly (readonly (number | bigint)[])[]][]) {
      const bits = dtype === 'float64' ? new BigUint64Array(pairs.map((p) => BigInt(p[0])))
        : dtype === 'float32' ? new Uint32Array(pairs.map((p) => Number(p[0]))) : new Uint16Array(pairs.map((p) => Number(p[0])));
      const data = dtype === 'float64' ? new Float64Array(bits.buffer) : dtype === 'float32' ? new Float32Array(bits.buffer) : (bits as Uint16Array);
      const r = validateCall({ data, shape: [1, 1, pairs.length], dtype }, { rate: 0.5, mask: new Uint8Array(pairs.length).fill(1) }, FORWARD);
      const out = DTYPES[dtype].create(pairs.length);
      backend.run(r, out);
      const outBits = dtype === 'float64' ? new BigUint64Array(out.buffer) : dtype === 'float32' ? new Uint32Array(out.buffer) : out;
      expect(Array.from(outBits as ArrayLike<number | bigint>, (v) => v.toString(16)), dtype).toEqual(pairs.map((p) => p[1].toString(16)));
    }
  });

  it('draws the same masks as the reference', () => {
    activate();
    const random = rng(7);
    for (let i = 0; i < 20; i++) {
      const m = { rate: random(), seed: BigInt(Math.floor(random() * 2 ** 32)) << 32n | 12345n, step: i * 977, sampleOffset: Math.floor(random() * 2 ** 40) };
      const N = 1 + (i % 5), C = 1 + ((i * 7) % 23);
      const keep = new Uint8Array(N * C);
      backend.drawMask(validateMaskCall(m, N, C), keep);
      expect(Array.from(keep)).toEqual(Array.from(maskReference(m, N, C)));
    }
  });

  // The vector Philox takes 1, 2 or 4 vectors of counters a pass (of 2 to 16
  // lanes each, by level) and a sample count below one vector its own path:
  // sample counts on both sides of each of those sizes, channel counts of one
  // block, a few and many, with a sample offset whose low word wraps inside a
  // pass. The mask alone (byte flags) and through a call (bit flags when the
  // channels fit a lane).
  it('draws the reference masks for sample counts around every pass size', () => {
    activate();
    const counts = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 97, 128, 129];
    const m = { rate: 0.4, seed: 0xfeed_beefn, step: 5, sampleOffset: 2 ** 32 - 19 };
    for (const N of counts) for (const C of [3, 8, 16, 27, 64, 130]) {
      const keep = new Uint8Array(N * C);
      backend.drawMask(validateMaskCall(m, N, C), keep);
      const expected = maskReference(m, N, C);
      expect(Array.from(keep), `mask ${N}x${C}`).toEqual(Array.from(expected));
      const T = 8, data = new Float32Array(N * T * C).fill(1);
      const out = new Float32Array(data.length);
      backend.run(validateCall({ data, shape: [N, T, C] }, { ...m, out }, FORWARD), out);
      const dropped = out.findIndex((v, i) => (v === 0) !== (expected[Math.floor(i / (T * C)) * C + (i % C)] === 0));
      expect(dropped, `call ${N}x${T}x${C}`).toBe(-1);
    }
  });
});

describe('the reference itself', () => {
  it('rounds 16-bit quotients as SPEC says (hand-checked values)', () => {
    // 1.0 / 0.7 in float16: 0.7 rounds to 0x399a (0.7001953125); 1/0.7001953125 = 1.42817... -> 0x3db6 (1.427734375)
    expect(quotientReference(0x3c00, 0.3, 'float16').toString(16)).toBe('3db6');
    // bfloat16: 1 / RN_bf16(0.7)=0.69921875 -> 1.43017... -> 0x3fb7 (1.4296875)
    expect(quotientReference(0x3f80, 0.3, 'bfloat16').toString(16)).toBe('3fb7');
    // NaN keeps its payload, quieted
    expect(quotientReference(0x7c01, 0.3, 'float16').toString(16)).toBe('7e01');
  });
});
