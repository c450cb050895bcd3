// A slow reference written from SPEC alone, sharing no code with lib/: Philox in
// BigInt arithmetic, 16-bit rounding by searching the sorted table of every
// representable value. If lib/ and this agree, both read SPEC the same way.
import type { DType, FloatArray, Layout } from '../../lib/types.js';

const MASK32 = 0xffffffffn;

export function philoxReference(counter: bigint[], key: bigint[]): bigint[] {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + 0x9e3779b9n) & MASK32;
      k1 = (k1 + 0xbb67ae85n) & MASK32;
    }
    const p0 = 0xd2511f53n * c0, p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & MASK32, (p0 >> 32n) ^ c3 ^ k1, p0 & MASK32];
  }
  return [c0, c1, c2, c3];
}

export interface MaskSpec {
  rate: number;
  seed: number | bigint;
  step?: number;
  sampleOffset?: number;
}

/** keep(n, c) of SPEC section 2. */
export function keepReference(m: MaskSpec, n: number, c: number): boolean {
  const seed = BigInt(m.seed), g = BigInt((m.sampleOffset ?? 0) + n);
  const counter = [BigInt(Math.floor(c / 4)), g & MASK32, g >> 32n, BigInt(m.step ?? 0)];
  const u = philoxReference(counter, [seed & MASK32, seed >> 32n])[c % 4];
  const threshold = BigInt(Math.floor(m.rate * 2 ** 32 + 0.5));
  return u >= threshold;
}

export function maskReference(m: MaskSpec, samples: number, channels: number): Uint8Array {
  const keep = new Uint8Array(samples * channels);
  for (let n = 0; n < samples; n++) for (let c = 0; c < channels; c++) keep[n * channels + c] = keepReference(m, n, c) ? 1 : 0;
  return keep;
}

// Every finite value of a 16-bit format, decoded by formula, sorted, with its bits.
interface Format16 {
  values: number[];
  bits: number[];
  decode(h: number): number;
  quiet: number;
}

function format16(decode: (h: number) => number, quiet: number): Format16 {
  const pairs: [number, number][] = [];
  for (let h = 0; h < 65536; h++) {
    const v = decode(h);
    if (Number.isFinite(v) && !Object.is(v, -0)) pairs.push([v, h]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { values: pairs.map((p) => p[0]), bits: pairs.map((p) => p[1]), decode, quiet };
}

const F16 = format16((h) => {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 31, m = h & 1023;
  if (e === 31) return m ? NaN : s * Infinity;
  return e === 0 ? s * m * 2 ** -24 : s * (1 + m / 1024) * 2 ** (e - 15);
}, 0x0200);

const BF16 = format16((h) => {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 7) & 255, m = h & 127;
  if (e === 255) return m ? NaN : s * Infinity;
  return e === 0 ? s * m * 2 ** -133 : s * (1 + m / 128) * 2 ** (e - 127);
}, 0x0040);

// Nearest representable value, ties to the even significand; beyond the largest
// finite value by half an ulp or more: infinity. Returns the bits.
function nearest(f: Format16, x: number): number {
  const { values, bits } = f;
  if (Number.isNaN(x)) throw new Error('nearest(NaN)');
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const infinity = f === F16 ? 0x7c00 : 0x7f80;
  if (x === 0) return sign;
  let lo = 0, hi = values.length - 1;
  if (x >= values[hi]) {
    const ulp = values[hi] - values[hi - 1];
    return x - values[hi] >= ulp / 2 ? infinity : bits[hi];
  }
  if (x <= values[0]) {
    const ulp = values[1] - values[0];
    return values[0] - x >= ulp / 2 ? 0x8000 | infinity : bits[0];
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (values[lo] === x) return bits[lo] || sign;
  const dLo = x - values[lo], dHi = values[hi] - x;
  const pick = dLo < dHi ? lo : dHi < dLo ? hi : bits[lo] % 2 === 0 ? lo : hi;
  const result = bits[pick];
  // A result of zero keeps the sign of x.
  return (result & 0x7fff) === 0 ? sign : result;
}

/** RN_dtype(1 - rate) as a number. */
export function divisorReference(rate: number, dtype: DType): number {
  const d = 1 - rate;
  if (dtype === 'float64') return d;
  if (dtype === 'float32') return Math.fround(d);
  const f = dtype === 'float16' ? F16 : BF16;
  return f.decode(nearest(f, d));
}

/** y for one kept element x (raw bits for 16-bit types). */
export function quotientReference(x: number, rate: number, dtype: DType): number {
  const k = divisorReference(rate, dtype);
  if (dtype === 'float64') return x / k;
  if (dtype === 'float32') return Math.fround(x / k);
  const f = dtype === 'float16' ? F16 : BF16;
  const v = f.decode(x);
  if (Number.isNaN(v)) return x | f.quiet;
  const q = Math.fround(v / k);
  // 0/0, when the divisor rounds to 0: some NaN (its sign is the platform's).
  return Number.isNaN(q) ? (f === F16 ? 0x7e00 : 0x7fc0) : nearest(f, q);
}

export interface ReferenceCall {
  data: FloatArray;
  dtype: DType;
  layout: Layout;
  samples: number;
  spatial: number;
  channels: number;
  rate: number;
  seed: number | bigint;
  step?: number;
  sampleOffset?: number;
  mask?: Uint8Array;
}

/** The whole operation, element by element. */
export function dropoutReference(r: ReferenceCall): FloatArray {
  const { samples: N, spatial: T, channels: C } = r;
  const out = new (r.data.constructor as new (n: number) => FloatArray)(r.data.length);
  const keep = r.mask ?? maskReference(r, N, C);
  for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) {
    const i = r.layout === 'channelsLast' ? (n * T + t) * C + c : (n * C + c) * T + t;
    out[i] = keep[n * C + c] ? quotientReference(r.data[i], r.rate, r.dtype) : 0;
  }
  return out;
}
