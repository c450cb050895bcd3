// The pure TypeScript kernel: SPEC section 3 element by element, with the mask
// row drawn once per sample and applied as runs (no per-element branch on it).
import { float16ToNumber, float32Bits, float32BitsToBfloat16, float32BitsToFloat16, bfloat16ToNumber } from '../float16.js';
import { drawKeepRow } from '../mask.js';
import type { DType, FloatArray } from '../types.js';
import type { Request } from '../validate.js';

/** y[i] = RN(x[i] / k) for i in [start, end). */
type DivideRange = (x: FloatArray, y: FloatArray, start: number, end: number, k: number) => void;

// float32 and float64: assigning a double quotient to the typed array rounds it
// once more, and a double quotient of two float32 values rounds to the
// correctly rounded float32 quotient (53 >= 2 * 24 + 2).
const divideFloat: DivideRange = (x, y, start, end, k) => {
  for (let i = start; i < end; i++) y[i] = x[i] / k;
};

function divide16(decode: (h: number) => number, encode: (bits: number) => number, exponentMask: number, quiet: number): DivideRange {
  // Decoding by table: 65536 float32 values, built on first use.
  let table: Float32Array | undefined;
  return (x, y, start, end, k) => {
    table ??= Float32Array.from({ length: 65536 }, (_, h) => decode(h));
    for (let i = start; i < end; i++) {
      const h = x[i];
      // NaN keeps its payload and is quieted, as the hardware conversion does.
      y[i] = (h & 0x7fff) > exponentMask ? h | quiet : encode(float32Bits(table[h] / k));
    }
  };
}

const DIVIDE: Record<DType, DivideRange> = {
  float32: divideFloat,
  float64: divideFloat,
  float16: divide16(float16ToNumber, float32BitsToFloat16, 0x7c00, 0x0200),
  bfloat16: divide16(bfloat16ToNumber, float32BitsToBfloat16, 0x7f80, 0x0040),
};

/**
 * Runs of equal keep flags in a row: [start0, end0, kept0, start1, ...], so the
 * inner loops never test a flag per element.
 */
function runsOf(keep: Uint8Array, channels: number, runs: Int32Array): number {
  let count = 0;
  for (let c = 0; c < channels;) {
    let end = c + 1;
    while (end < channels && keep[end] === keep[c]) end++;
    runs[count++] = c;
    runs[count++] = end;
    runs[count++] = keep[c];
    c = end;
  }
  return count;
}

/** Computes a checked request into `out` (which may be the input). */
export function runJsKernel(r: Request, out: FloatArray): void {
  const { samples: N, spatial: T, channels: C, input: x, divisor: k } = r;
  const divide = DIVIDE[r.dtype];
  const keep = new Uint8Array(C);
  const runs = new Int32Array(3 * C);
  const last = r.layout === 'channelsLast';
  // channelsLast: a row is one timestep, runs repeat every C elements.
  // channelsFirst: a run of channels is one contiguous stretch of T each.
  const unit = last ? 1 : T, rows = last ? T : 1, rowLength = last ? C : C * T;
  for (let n = 0; n < N; n++) {
    let flags: Uint8Array = keep;
    if (r.mask !== undefined) flags = r.mask.subarray(n * C, (n + 1) * C);
    else drawKeepRow(r, n, keep);
    const count = runsOf(flags, C, runs);
    for (let row = 0; row < rows; row++) {
      const base = n * T * C + row * rowLength;
      for (let i = 0; i < count; i += 3) {
        const start = base + runs[i] * unit, end = base + runs[i + 1] * unit;
        if (runs[i + 2] === 1) divide(x, out, start, end, k);
        else out.fill(0, start, end);
      }
    }
  }
}
