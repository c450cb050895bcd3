// SPEC section 2's published vectors: Philox4x32-10 itself, and the masks.
import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../lib/philox.js';
import { validateMaskCall } from '../lib/validate.js';
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
  const cases: [number, number | bigint, number, number, number, number, string][] = [
    [0.5, 0, 0, 0, 4, 8, '01111010 01000110 00111011 11011000'],
    [0.3, 42, 0, 0, 3, 10, '1101111111 0101011100 1111111010'],
    [0.3, 42, 1, 0, 3, 10, '0111010101 0011011101 0111111100'],
    [0.3, 42, 0, 2, 1, 10, '1111111010'],
    [0.25, 2n ** 64n - 1n, 7, 2 ** 32, 2, 6, '111111 111101'],
  ];
  it.each(cases)('rate %d seed %d step %d offset %d (%d x %d)', (rate, seed, step, sampleOffset, n, c, rows) => {
    activate();
    const request = validateMaskCall({ rate, seed, step, sampleOffset }, n, c);
    const keep = new Uint8Array(n * c);
    backend.drawMask(request, keep);
    const text = Array.from({ length: n }, (_, i) => keep.subarray(i * c, (i + 1) * c).join('')).join(' ');
    expect(text).toBe(rows);
  });
});
