import { philox4x32 } from './philox.js';
import type { MaskRequest } from './validate.js';

const TWO32 = 2 ** 32;
// Philox output words, reused: drawn once per block of every call.
const words = new Uint32Array(4);

/**
 * Keep flags (1 = kept) of batch samples [n0, n1), channels [0, channels),
 * row after row into `keep` from its start (SPEC section 2). The samples' global
 * index is counted up in two 32-bit words rather than split per sample, and a
 * block's flags are stored without a loop. Against sample by sample, on 4096
 * samples of 3 channels: 87-101 against 103-125 ns per sample alone (ten
 * rounds in alternation); in the whole JS kernel on that shape, 0.57-0.86
 * against 0.62-0.91 ms (eight).
 */
export function drawKeepRows(m: MaskRequest, n0: number, n1: number, keep: Uint8Array): void {
  const { channels, threshold, step } = m, { low, high } = m.seed;
  const first = m.sampleOffset + n0;
  let gHigh = Math.floor(first / TWO32), gLow = first - gHigh * TWO32;
  for (let n = n0, row = 0; n < n1; n++, row += channels) {
    for (let c = 0; c < channels; c += 4) {
      philox4x32(c >>> 2, gLow, gHigh, step, low, high, words);
      const left = channels - c, i = row + c;
      keep[i] = words[0] >= threshold ? 1 : 0;
      if (left > 1) keep[i + 1] = words[1] >= threshold ? 1 : 0;
      if (left > 2) keep[i + 2] = words[2] >= threshold ? 1 : 0;
      if (left > 3) keep[i + 3] = words[3] >= threshold ? 1 : 0;
    }
    if (++gLow === TWO32) {
      gLow = 0;
      gHigh++;
    }
  }
}

/** Keep flags of every sample, samples x channels. */
export function drawMask(m: MaskRequest, keep: Uint8Array): void {
  drawKeepRows(m, 0, m.samples, keep);
}
