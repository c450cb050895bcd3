// The native binding called directly, bypassing TypeScript validation, with
// garbage: it must throw a TypeError or RangeError (or compute, when the
// garbage happens to be a safe job), and never crash the process, which would
// fail this whole file.
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativeBackend } from '../lib/backend/native.js';
import { encodeRecord, RECORD_DIVISOR, RECORD_FIELDS } from '../lib/backend/record.js';
import { validateCall, validateMaskCall } from '../lib/validate.js';
import { nativeBinding } from './helpers/backends.js';
import { hasResizableBuffers } from './helpers/data.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const FORWARD = { name: 'input', requireSeed: false, async: false };

const arrayArb = fc.oneof(
  fc.constantFrom('f32', 'f64', 'u16', 'u8', 'i32').chain((kind) =>
    fc.tuple(fc.constant(kind), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 3 }), fc.boolean()),
  ).map(([kind, length, offset, shared]) => {
    const C = { f32: Float32Array, f64: Float64Array, u16: Uint16Array, u8: Uint8Array, i32: Int32Array }[kind]!;
    const B = shared ? SharedArrayBuffer : ArrayBuffer;
    return new C(new B((length + offset) * C.BYTES_PER_ELEMENT), offset * C.BYTES_PER_ELEMENT, length);
  }),
  fc.constantFrom<unknown>(null, undefined, 0, 'x', {}, [], 1n),
);

const fieldArb = fc.oneof(
  fc.integer({ min: -2, max: 70 }), fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53, 2 ** 64, -0, 0.5, 1e-300),
  fc.double(),
);

const recordArb = fc.oneof(
  fc.array(fieldArb, { minLength: RECORD_FIELDS, maxLength: RECORD_FIELDS }).map((f) => Float64Array.from(f)),
  fc.array(fieldArb, { minLength: 0, maxLength: RECORD_FIELDS - 1 }).map((f) => Float64Array.from(f)),
  fc.constantFrom<unknown>(null, new Float32Array(RECORD_FIELDS), {}, 3),
);

describe.runIf(nativeBinding !== undefined)('native binding with garbage arguments', () => {
  const b = nativeBinding!;
  const check = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e instanceof TypeError || e instanceof RangeError, String(e)).toBe(true);
    }
  };

  it('run() throws a TypeError/RangeError or computes; never crashes', () => {
    fc.assert(
      fc.property(arrayArb, arrayArb, arrayArb, recordArb, (x, y, mask, record) => {
        check(() => b.run(x as never, y as never, mask as never, record as never));
      }),
      { numRuns: RUNS, seed: 1 },
    );
  });

  it('small consistent shapes with hostile records, overlapping views and masks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: -8, max: 8 }), recordArb,
        (n, t, c, shift, record) => {
          const buffer = new ArrayBuffer(4 * (n * t * c + 48));
          const x = new Float32Array(buffer, 64, n * t * c);
          const y = new Float32Array(buffer, 64 + 4 * shift, n * t * c); // overlapping x unless shift covers it
          if (record instanceof Float64Array && record.length >= 5) record.set([0, 0, n, t, c]);
          check(() => b.run(x, y, new Uint8Array(buffer, 0, n * c), record as never));
        }),
      { numRuns: RUNS, seed: 2 },
    );
  });

  it('runFresh() throws a TypeError/RangeError or declines on garbage; never crashes', () => {
    fc.assert(
      fc.property(arrayArb, arrayArb, recordArb, (x, mask, record) => {
        check(() => b.runFresh(x as never, undefined, mask as never, record as never));
      }),
      { numRuns: RUNS / 4, seed: 4 },
    );
  });

  it('runFresh() on consistent shapes with hostile records returns a buffer the input\'s size, or throws', () => {
    let returned = 0;
    // Half the records valid but for the shape (written below), half hostile.
    const valid = fc.constant(null).map(() => encodeRecord(validateMaskCall({ rate: 0.2, seed: 2 ** 40 + 3 }, 1, 1)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.oneof(valid, recordArb),
        (n, t, c, record) => {
          const x = new Float32Array(n * t * c);
          if (record instanceof Float64Array && record.length >= 5) record.set([0, 0, n, t, c]);
          check(() => {
            const out = b.runFresh(x, undefined, null, record as never);
            if (out === undefined) return;
            returned++;
            expect(out).toBeInstanceOf(ArrayBuffer);
            expect(out.byteLength).toBe(x.byteLength);
          });
        }),
      { numRuns: RUNS / 4, seed: 5 },
    );
    // Some records were valid, so the size was checked.
    expect(returned).toBeGreaterThan(0);
  });

  it('drawMask() and setThreads() refuse garbage', () => {
    fc.assert(
      fc.property(arrayArb, recordArb, fc.oneof(fieldArb, fc.constantFrom<unknown>('2', null, 2n)), (keep, record, threads) => {
        check(() => b.drawMask(keep as never, record as never));
        check(() => b.setThreads(threads as never));
      }),
      { numRuns: RUNS, seed: 3 },
    );
    b.setThreads(2);
  });

  it('refuses an output that overlaps the input, and a mask that overlaps the output', () => {
    const buffer = new ArrayBuffer(4 * 40);
    const record = Float64Array.from([0, 0, 2, 2, 4, 0, 0, 0, 0, 0, 1]);
    expect(() => b.run(new Float32Array(buffer, 0, 16), new Float32Array(buffer, 8, 16), null, record)).toThrow(RangeError);
    const mask = new Uint8Array(buffer, 64 + 4, 8);
    expect(() => b.run(new Float32Array(buffer, 0, 16), new Float32Array(buffer, 64, 16), mask, record)).toThrow(RangeError);
  });

  it('refuses a divisor outside [0, 1], and leaves the output as it was', () => {
    const x = new Float32Array(16).fill(1), y = new Float32Array(16).fill(7);
    const withDivisor = (divisor: number) => {
      const record = Float64Array.from([0, 0, 2, 2, 4, 0, 0, 0, 0, 0, 1]);
      record[RECORD_DIVISOR] = divisor;
      return record;
    };
    for (const divisor of [NaN, -0.5, 1.5, Infinity]) {
      expect(() => b.run(x, y, null, withDivisor(divisor)), String(divisor)).toThrow(/divisor/);
    }
    expect([...y]).toEqual(new Array(16).fill(7));
    expect(() => b.run(x, y, null, withDivisor(0.5))).not.toThrow();
  });

  it('refuses sampleOffset + samples past 2^53 however the doubles round', () => {
    // 2^53 - 1 + 2 rounds to 2^53 in double arithmetic, which a check in doubles let through.
    const record = (offset: number, samples: number) => Float64Array.from([0, 0, samples, 1, 4, 1, 0, 0, offset, 0, 1]);
    expect(() => b.drawMask(new Uint8Array(8), record(2 ** 53 - 1, 2))).toThrow(RangeError);
    expect(() => b.drawMask(new Uint8Array(4), record(2 ** 53 - 1, 1))).not.toThrow();
  });

  it('takes an empty shape whose other dimensions overflow, but never as a mask length', () => {
    // 2^32 x 2^32 flags wrap to 0 in 64 bits: a zero-length mask or keep array
    // would pass a length check on the wrapped product, and the draw would run past it.
    const record = Float64Array.from([0, 0, 2 ** 32, 0, 2 ** 32, 1, 0, 0, 0, 0, 1]);
    expect(() => b.run(new Float32Array(0), new Float32Array(0), null, record)).not.toThrow();
    expect(() => b.run(new Float32Array(0), new Float32Array(0), new Uint8Array(0), record)).toThrow(RangeError);
    expect(() => b.drawMask(new Uint8Array(0), record)).toThrow(RangeError);
  });

  it.runIf(hasResizableBuffers)(
    'runAsync refuses a resizable buffer for a job it would queue, whatever realm made it', async () => {
      const n = 1 << 16; // large enough to leave the JS thread
      const record = Float64Array.from([0, 0, 1, n / 16, 16, 1, 0, 0, 0, 0, 0.5]);
      const resizable = (realm: 'here' | 'vm') => realm === 'here'
        ? new Float32Array(new ArrayBuffer(n * 4, { maxByteLength: n * 8 }))
        : vm.runInNewContext(`new Float32Array(new ArrayBuffer(${n * 4}, { maxByteLength: ${n * 8} }))`) as Float32Array;
      for (const realm of ['here', 'vm'] as const) {
        const x = new Float32Array(n), y = new Float32Array(n);
        expect(() => b.runAsync(resizable(realm), y, null, record), realm).toThrow(/resizable/);
        expect(() => b.runAsync(x, resizable(realm), null, record), realm).toThrow(/resizable/);
      }
      // Fixed-length and shared buffers are fine.
      await b.runAsync(new Float32Array(n), new Float32Array(new SharedArrayBuffer(n * 4)), null, record);
    });
});

describe.runIf(nativeBinding !== undefined)('the native backend behind the public API', () => {
  it('refuses an out over the input\'s memory that JavaScript cannot see (two SharedArrayBuffer objects), as the API words it', () => {
    const sab = new SharedArrayBuffer(64), alias = structuredClone(sab); // another object, the same memory
    const x = new Float32Array(sab, 0, 12).fill(1), out = new Float32Array(alias, 16, 12);
    const before = [...x];
    const call = () => nativeBackend(nativeBinding!).run(validateCall({ data: x, shape: [1, 3, 4] }, { rate: 0.5, seed: 1, out }, FORWARD), out);
    expect(call).toThrow(expect.objectContaining({ name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: expect.stringMatching(/^Expected .* for options\.out but received /) }));
    expect([...x]).toEqual(before);
  });
});
