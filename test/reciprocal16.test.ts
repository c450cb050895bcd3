// The 16-bit kernels multiply by the float32 reciprocal of the divisor instead
// of dividing (native/kernel/arith.h). native/test/reciprocal16_test.cc proves
// that exact for every divisor on the x86 SIMD levels; this checks every
// backend and level the machine runs (NEON too, under scripts/test-arm64.sh,
// and the WebAssembly kernel) on all 65536 inputs, at divisors spread over the
// whole of (0, 1], against the JS kernel, which divides and is itself checked
// here against the SPEC reference on a sample of inputs.
import { describe, expect, it } from 'vitest';
import { jsBackend } from '../lib/backend/js.js';
import { bfloat16ToNumber, float16ToNumber } from '../lib/float16.js';
import type { DType } from '../lib/types.js';
import { validateCall } from '../lib/validate.js';
import { backendsUnderTest } from './helpers/backends.js';
import { firstDifference } from './helpers/data.js';
import { quotientReference } from './helpers/reference.js';

const FORWARD = { name: 'input', requireSeed: false, async: false } as const;
// Divisors drawn from the bits `from` up to 1.0 (`one`): the whole float16
// range, and bfloat16 from 2^-45 (1 - k is exact in double from there on, so
// the rate 1 - k gives this divisor back; smaller ones no rate reaches).
const FORMATS: { dtype: DType; from: number; one: number; decode: (h: number) => number }[] = [
  { dtype: 'float16', from: 0x0001, one: 0x3c00, decode: float16ToNumber },
  { dtype: 'bfloat16', from: 0x2900, one: 0x3f80, decode: bfloat16ToNumber },
];
// Divisors per format, evenly spread over their bit patterns (every exponent
// has some), in tests of GROUP each: a test stays well under vitest's worker
// timeout when emulated.
const DIVISORS = 256, GROUP = 32;

const inputs = Uint16Array.from({ length: 65536 }, (_, h) => h);
const underTest = backendsUnderTest.filter((b) => b.label !== 'js');

const on = underTest.map((b) => b.label).join(', ') || 'no other backend';
const groups = Array.from({ length: DIVISORS / GROUP }, (_, g) => g * GROUP);

describe.each(FORMATS)('$dtype: the reciprocal multiply at divisors across (0, 1]', ({ dtype, from, one, decode }) => {
  it.each(groups)(`all 65536 inputs, divisors %i.. of ${DIVISORS}, on ${on}`, (first) => {
    for (let i = first; i < first + GROUP; i++) {
      const k = decode(from + Math.round(((one - from) * i) / (DIVISORS - 1)));
      const rate = 1 - k;
      const r = validateCall({ data: inputs, shape: [1, inputs.length, 1], dtype }, { rate, seed: 1, mask: new Uint8Array([1]) }, FORWARD);
      expect(r.divisor, `the divisor of rate ${rate}`).toBe(k);
      const expected = new Uint16Array(inputs.length);
      jsBackend.run(r, expected);
      const wrong = [];
      for (let h = 0; h < inputs.length; h += 61) {
        if (expected[h] !== quotientReference(h, rate, dtype)) wrong.push(h.toString(16));
      }
      expect(wrong, `js, ${dtype} inputs / ${k} that differ from the reference`).toEqual([]);
      for (const { label, backend, activate } of underTest) {
        activate();
        const out = new Uint16Array(inputs.length);
        backend.run(r, out);
        const at = firstDifference(out, expected, dtype);
        expect(at, `${label}: ${dtype} x ${at.toString(16)} / ${k}: ${out[at]?.toString(16)} vs ${expected[at]?.toString(16)}`).toBe(-1);
      }
    }
  });
});
