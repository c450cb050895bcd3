// SPEC section 2's published vectors: Philox4x32-10 itself, and the masks.
import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../lib/philox.js';
import { validateMaskCall } from '../lib/validate.js';
import { MASKS } from './consumer/known-answers.cjs';
import { backendsUnderTest } from './helpers/backends.js';

const hex = (words: Uint32Array) => Array.from(words, (w) => w.toString(16).padStart(8, '0')).join(' ');

describe('Philox4x32-10 known answers (Random123)', () => {
  const cases: [number[], number[], string][] = [
    [[0, 0, 0, 0], [0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
  ];
  it.each(cases)('counter %j key %j', (ctr, key, expected) => {
    const out = new Uint32Array(4);
    philox4x32(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], out);
    expect(hex(out)).toBe(expected);
  });
});

describe.each(backendsUnderTest)('mask known answers on $label', ({ backend, activate }) => {
  it.each(MASKS.map((row) => [...row] as const))('rate %d seed %d step %d offset %d (%d x %d)', (rate, seed, step, sampleOffset, n, c, rows) => {
    activate();
    const request = validateMaskCall({ rate, seed, step, sampleOffset }, n, c);
    const keep = new Uint8Array(n * c);
    backend.drawMask(request, keep);
    const text = Array.from({ length: n }, (_, i) => keep.subarray(i * c, (i + 1) * c).join('')).join(' ');
    expect(text).toBe(rows);
  });
});
