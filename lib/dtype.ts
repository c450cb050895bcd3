import type { DType, FloatArray } from './types.js';

/** Per-dtype facts shared by validation, backends and allocation. */
export interface DTypeInfo {
  /** Record code, fixed by the native record layout (native/kernel/job.h). */
  code: number;
  /** `Symbol.toStringTag` of the storage array. */
  arrayTag: 'Float32Array' | 'Float64Array' | 'Uint16Array';
  bytes: number;
  create(length: number): FloatArray;
  /** A view of the whole of `buffer` (a multiple of `bytes` long). */
  view(buffer: ArrayBufferLike): FloatArray;
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  float32: { code: 0, arrayTag: 'Float32Array', bytes: 4, create: (n) => new Float32Array(n), view: (b) => new Float32Array(b) },
  float64: { code: 1, arrayTag: 'Float64Array', bytes: 8, create: (n) => new Float64Array(n), view: (b) => new Float64Array(b) },
  float16: { code: 2, arrayTag: 'Uint16Array', bytes: 2, create: (n) => new Uint16Array(n), view: (b) => new Uint16Array(b) },
  bfloat16: { code: 3, arrayTag: 'Uint16Array', bytes: 2, create: (n) => new Uint16Array(n), view: (b) => new Uint16Array(b) },
};

export const DTYPE_NAMES = Object.keys(DTYPES) as DType[];

/**
 * Rounds a double to the nearest value of `dtype`, ties to even (SPEC section 3:
 * the divisor is `RN_dtype(1 - rate)`, rounded once, straight from double).
 */
export function roundToDType(x: number, dtype: DType): number {
  switch (dtype) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return roundBinary(x, 11, -14, 65504);
    case 'bfloat16':
      return roundBinary(x, 8, -126, 3.3895313892515355e38);
  }
}

// Round to a binary format of `precision` significand bits, smallest normal
// exponent `minExponent`, largest finite value `max`.
function roundBinary(x: number, precision: number, minExponent: number, max: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  const quantum = 2 ** (Math.max(e, minExponent) - (precision - 1));
  const scaled = a / quantum; // exact: a power-of-two scaling
  let whole = Math.floor(scaled);
  const fraction = scaled - whole;
  if (fraction > 0.5 || (fraction === 0.5 && whole % 2 === 1)) whole += 1;
  const y = whole * quantum;
  return Math.sign(x) * (y > max ? Infinity : y);
}
