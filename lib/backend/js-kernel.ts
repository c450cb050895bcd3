// The pure TypeScript kernel: SPEC section 3, bit for bit what the native one
// computes. The keep flags of a block of samples are drawn once; in
// channelsLast whole samples (or blocks of rows of a large one) are computed in
// one pass and the dropped channels zeroed afterwards, column by column, so no
// element waits on a branch on its flag; in channelsFirst each run of equal
// flags is one stretch.
import { float16ToNumber, float32Bits, float32BitsToBfloat16, float32BitsToFloat16, bfloat16ToNumber } from '../float16.js';
import { drawKeepRows } from '../mask.js';
import { plainView, sameElements } from '../typed-array.js';
import type { DType, FloatArray } from '../types.js';
import type { Request } from '../validate.js';

/**
 * y[i] = RN(x[i] / k) for i in [start, end), k fixed by the call. x and y are
 * plain views (their methods run no caller code), and x is either y itself
 * (in place) or does not overlap it.
 */
type Quotient = (x: FloatArray, y: FloatArray, start: number, end: number) => void;

// float32: x * RN64(1/k) in double, rounded once to float32 by the store, is
// the correctly rounded x / k, and several times cheaper than a division here.
// Why: the double product is within 2^-51.9 (relative) of x/k, while x/k is at
// least 2^-49 (relative) away from every float32 rounding boundary (midpoints,
// the overflow threshold, subnormal midpoints), so both round alike. Writing
// x = X 2^a, k = K 2^b (X, K < 2^24 integers) and a midpoint m = M 2^c (M odd,
// 2^24 <= M < 2^25 for normal results): |x/k - m| = |X 2^a - M K 2^(b+c)| /
// (K 2^b) is a nonzero multiple of 2^min(a, b+c) over K 2^b (nonzero: the odd
// part of X is below 2^24 <= M; for subnormal results, because k <= 1 would
// make x finer than 2^-149), hence a relative distance above 2^-24 or 2^-49.
// NaN, Inf and zeros pass through the product as through a division.
// test/simd-parity.test.ts checks it against division for every significand.
function float32Quotient(k: number): Quotient {
  return k > 0 ? multiply(1 / k) : divideFloat(k);
}

// The loops below are unrolled by hand: V8 does not, and a loop of one typed
// array element per iteration runs about half as fast (measured: 2.8 -> 1.45
// ns per element for the multiply). Each is its own function on purpose: one
// generic loop calling an element operation would be a polymorphic call.

// One pass from x into y. Copying a chunk first (TypedArray.prototype.set)
// and scaling it in place had beaten it from memory on a Xeon VM; on the Zen 4
// VM this one is faster on every shape but C, which is within noise (a
// scratch timing of the two fallbacks and the plain loop in alternation, three
// runs: D 1.73-1.81x the plain loop -> 2.01-2.12x, A, B, E and F 3-15 % faster).
/** y[i] = x[i] * r. */
function multiply(r: number): Quotient {
  return (x, y, start, end) => {
    let i = start;
    for (; i + 8 <= end; i += 8) {
      y[i] = x[i] * r; y[i + 1] = x[i + 1] * r; y[i + 2] = x[i + 2] * r; y[i + 3] = x[i + 3] * r;
      y[i + 4] = x[i + 4] * r; y[i + 5] = x[i + 5] * r; y[i + 6] = x[i + 6] * r; y[i + 7] = x[i + 7] * r;
    }
    for (; i < end; i++) y[i] = x[i] * r;
  };
}

// 2^e === k for an integer e (k > 0), else undefined.
function exponentOf(k: number): number | undefined {
  const e = Math.round(Math.log2(k));
  return Number.isFinite(e) && 2 ** e === k ? e : undefined;
}

// float64: only a power-of-two divisor has an exact reciprocal.
function float64Quotient(k: number): Quotient {
  const e = k > 0 ? exponentOf(k) : undefined;
  return e !== undefined && e > -1023 ? multiply(2 ** -e) : divideFloat(k);
}

// Assigning the double quotient to a Float32Array rounds it once more, which
// gives the correctly rounded float32 quotient (53 >= 2 * 24 + 2).
function divideFloat(k: number): Quotient {
  return (x, y, start, end) => {
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const a = x[i] / k, b = x[i + 1] / k, c = x[i + 2] / k, d = x[i + 3] / k;
      y[i] = a; y[i + 1] = b; y[i + 2] = c; y[i + 3] = d;
    }
    for (; i < end; i++) y[i] = x[i] / k;
  };
}

interface Format16 {
  decode: (h: number) => number;
  encode: (bits: number) => number;
  exponentMask: number;
  quiet: number;
  /** Decoded values, built on first use. */
  values?: Float32Array;
  /** The last call's results for every input, and the divisor they are for. */
  results?: Uint16Array;
  resultsFor?: number;
}

const FORMATS: Record<'float16' | 'bfloat16', Format16> = {
  float16: { decode: float16ToNumber, encode: float32BitsToFloat16, exponentMask: 0x7c00, quiet: 0x0200 },
  bfloat16: { decode: bfloat16ToNumber, encode: float32BitsToBfloat16, exponentMask: 0x7f80, quiet: 0x0040 },
};

// Above this many elements a 16-bit call looks its results up in a table of all
// 65536 (built once per divisor, kept for the next call) instead of converting
// each element.
const TABLE_ELEMENTS = 1 << 16;

function quotient16(f: Format16, k: number, elements: number): Quotient {
  const values = (f.values ??= Float32Array.from({ length: 65536 }, (_, h) => f.decode(h)));
  // NaN keeps its payload and is quieted, as the hardware conversion does.
  const one = (h: number) => ((h & 0x7fff) > f.exponentMask ? h | f.quiet : f.encode(float32Bits(values[h] / k)));
  if (elements < TABLE_ELEMENTS) {
    return (x, y, start, end) => {
      for (let i = start; i < end; i++) y[i] = one(x[i]);
    };
  }
  if (f.resultsFor !== k || f.results === undefined) {
    const results = (f.results ??= new Uint16Array(65536));
    for (let h = 0; h < 65536; h++) results[h] = one(h);
    f.resultsFor = k;
  }
  const table = f.results;
  return (x, y, start, end) => {
    let i = start;
    for (; i + 8 <= end; i += 8) {
      const a = table[x[i]], b = table[x[i + 1]], c = table[x[i + 2]], d = table[x[i + 3]];
      const e = table[x[i + 4]], f = table[x[i + 5]], g = table[x[i + 6]], h = table[x[i + 7]];
      y[i] = a; y[i + 1] = b; y[i + 2] = c; y[i + 3] = d;
      y[i + 4] = e; y[i + 5] = f; y[i + 6] = g; y[i + 7] = h;
    }
    for (; i < end; i++) y[i] = table[x[i]];
  };
}

function quotientFor(dtype: DType, k: number, elements: number): Quotient {
  switch (dtype) {
    case 'float32':
      return float32Quotient(k);
    case 'float64':
      return float64Quotient(k);
    default:
      return quotient16(FORMATS[dtype], k, elements);
  }
}


/** Runs of equal keep flags keep[at, at + channels): [start0, end0, kept0, start1, ...]; returns its length. */
function runsOf(keep: Uint8Array, at: number, channels: number, runs: Int32Array): number {
  let count = 0;
  for (let c = 0; c < channels;) {
    const flag = keep[at + c];
    let end = c + 1;
    while (end < channels && keep[at + end] === flag) end++;
    runs[count++] = c;
    runs[count++] = end;
    runs[count++] = flag;
    c = end;
  }
  return count;
}

/**
 * Zeroes, in the rows of C elements in [start, end), the channels whose flag
 * keep[at + c] is 0: a strided pass per dropped channel, so the cost is what
 * was dropped and no element tests a flag.
 */
function zeroDropped(out: FloatArray, keep: Uint8Array, at: number, C: number, start: number, end: number): void {
  // Four rows per iteration: the stores are independent, and one per
  // iteration ran about 1.3 ns each against 0.9 (a scratch timing).
  const C2 = 2 * C, C3 = 3 * C, C4 = 4 * C;
  for (let c = 0; c < C; c++) {
    if (keep[at + c] !== 0) continue;
    let i = start + c;
    for (; i + C3 < end; i += C4) {
      out[i] = 0; out[i + C] = 0; out[i + C2] = 0; out[i + C3] = 0;
    }
    for (; i < end; i += C) out[i] = 0;
  }
}

// channelsLast computes this many elements (whole samples, at least one) in
// one pass before zeroing their dropped channels: a pass per sample would cost
// a call per few elements when samples are small, and the zeroing finds the
// block still in cache.
const BLOCK_ELEMENTS = 8192;

/**
 * The keep flags of samples [n0, n1) as (array, offset of sample n0): the
 * caller's mask (a plain view of it), or drawn into `scratch`.
 */
function flagsOf(r: Request, mask: Uint8Array | undefined, scratch: Uint8Array, n0: number, n1: number): number {
  if (mask !== undefined) return n0 * r.channels;
  drawKeepRows(r, n0, n1, scratch);
  return 0;
}

/** Computes a checked request into `out` (which may be the input). */
export function runJsKernel(r: Request, out: FloatArray): void {
  const { samples: N, spatial: T, channels: C } = r;
  if (N * T * C === 0) return;
  const q = quotientFor(r.dtype, r.divisor, N * T * C);
  const L = T * C;
  // Several small samples to a block, or one large one in blocks of rows.
  const perBlock = Math.max(1, Math.floor(BLOCK_ELEMENTS / L));
  // Plain views: their set and fill run none of the caller's code. In place,
  // the input is the target itself, so the quotients can tell.
  const mask = r.mask === undefined ? undefined : plainView(r.mask), target = plainView(out);
  const source = sameElements(r.input, out) ? target : plainView(r.input);
  const scratch = new Uint8Array(mask === undefined ? perBlock * C : 0);
  const keep = mask ?? scratch;
  if (r.layout === 'channelsLast') {
    // Every element computed in one pass, then the dropped channels zeroed.
    // Small samples go several to a block; a large one a block of rows at a time.
    const rows = Math.max(1, Math.floor(BLOCK_ELEMENTS / C)) * C;
    for (let n0 = 0; n0 < N; n0 += perBlock) {
      const n1 = Math.min(N, n0 + perBlock);
      const at = flagsOf(r, mask, scratch, n0, n1);
      if (n1 - n0 > 1) {
        q(source, target, n0 * L, n1 * L);
        for (let n = n0; n < n1; n++) zeroDropped(out, keep, at + (n - n0) * C, C, n * L, (n + 1) * L);
        continue;
      }
      for (let start = n0 * L; start < n1 * L; start += rows) {
        const end = Math.min(n1 * L, start + rows);
        q(source, target, start, end);
        zeroDropped(out, keep, at, C, start, end);
      }
    }
    return;
  }
  // channelsFirst: a run of channels is one stretch of T elements each.
  const runs = new Int32Array(3 * C);
  for (let n0 = 0; n0 < N; n0 += perBlock) {
    const n1 = Math.min(N, n0 + perBlock);
    const at = flagsOf(r, mask, scratch, n0, n1);
    for (let n = n0; n < n1; n++) {
      const count = runsOf(keep, at + (n - n0) * C, C, runs);
      for (let i = 0; i < count; i += 3) {
        const start = n * L + runs[i] * T, stop = n * L + runs[i + 1] * T;
        if (runs[i + 2] === 1) q(source, target, start, stop);
        else target.fill(0, start, stop);
      }
    }
  }
}
