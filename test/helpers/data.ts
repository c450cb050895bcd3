// Reproducible test inputs: a small seeded generator (mulberry32) and tensors
// salted with the values that break kernels: NaN, infinities, signed zeros,
// subnormals, the largest finite values.
import type { DType, FloatArray } from '../../lib/types.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL_FLOAT = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-45, 3.4028234663852886e38, 5e-324, 1.7976931348623157e308];
const SPECIAL_16 = [0x7e00, 0x7c01, 0x7c00, 0xfc00, 0x0000, 0x8000, 0x0001, 0x03ff, 0x7bff, 0x7f80, 0x7fc1, 0xff81, 0x0080, 0x7f7f];

/** `length` values of `dtype`, about one in eight special. */
export function randomData(dtype: DType, length: number, random: () => number): FloatArray {
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const a = new Uint16Array(length);
    for (let i = 0; i < length; i++) a[i] = random() < 0.125 ? SPECIAL_16[Math.floor(random() * SPECIAL_16.length)] : Math.floor(random() * 65536);
    return a;
  }
  const a = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  for (let i = 0; i < length; i++) {
    a[i] = random() < 0.125
      ? SPECIAL_FLOAT[Math.floor(random() * SPECIAL_FLOAT.length)]
      : (random() - 0.5) * 10 ** (random() * 12 - 6);
  }
  return a;
}

/** A copy of `a` placed `offset` elements into a larger buffer: a view that is not vector-aligned. */
export function unalignedCopy<A extends FloatArray>(a: A, offset: number): A {
  const C = a.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => A;
  const view = new C(new ArrayBuffer((a.length + offset + 3) * a.BYTES_PER_ELEMENT), offset * a.BYTES_PER_ELEMENT, a.length);
  view.set(a as never);
  return view;
}

const isNaN16: Record<DType, (h: number) => boolean> = {
  float16: (h) => (h & 0x7fff) > 0x7c00,
  bfloat16: (h) => (h & 0x7fff) > 0x7f80,
  float32: Number.isNaN,
  float64: Number.isNaN,
};

/**
 * Index of the first element that differs, or -1. Values must be identical
 * (Object.is: +0 and -0 differ; exact bits for 16-bit types), except that any
 * NaN equals any NaN: SPEC fixes that NaN stays NaN, and a NaN made by the
 * division itself (0/0 when the divisor rounds to 0) is the platform's default
 * NaN, whose sign differs between x86, ARM and JavaScript. Input NaN payloads
 * are checked separately (test/exactness.test.ts).
 */
export function firstDifference(a: FloatArray, b: FloatArray, dtype?: DType): number {
  if (a.length !== b.length) return -2;
  const nan = dtype === undefined ? (a instanceof Uint16Array ? () => false : Number.isNaN) : isNaN16[dtype];
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (!(Object.is(x, y) || (nan(x) && nan(y)))) return i;
  }
  return -1;
}

/** Resizable ArrayBuffers (Node 20 on): tests of them run only where they exist. */
export const hasResizableBuffers = typeof (ArrayBuffer.prototype as { resize?: unknown }).resize === 'function';
