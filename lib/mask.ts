import { philox4x32 } from './philox.js';
import type { MaskRequest } from './validate.js';

const TWO32 = 2 ** 32;
// Philox output words, reused: drawKeepRow runs once per sample of every call.
const words = new Uint32Array(4);

/**
 * Keep flags (1 = kept) of batch sample n, channels [0, channels), into `keep`
 * starting at `at` (SPEC section 2).
 */
export function drawKeepRow(m: MaskRequest, n: number, keep: Uint8Array, at = 0): void {
  const g = m.sampleOffset + n;
  const gHigh = Math.floor(g / TWO32), gLow = g - gHigh * TWO32;
  const { channels, threshold, step } = m, { low, high } = m.seed;
  for (let c = 0; c < channels; c += 4) {
    philox4x32(c >>> 2, gLow, gHigh, step, low, high, words);
    const end = Math.min(4, channels - c);
    for (let j = 0; j < end; j++) keep[at + c + j] = words[j] >= threshold ? 1 : 0;
  }
}

/** Keep flags of every sample, samples x channels. */
export function drawMask(m: MaskRequest, keep: Uint8Array): void {
  for (let n = 0; n < m.samples; n++) drawKeepRow(m, n, keep, n * m.channels);
}
