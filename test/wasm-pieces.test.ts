// The wasm backend's split of a call into pieces (lib/backend/wasm-pieces.ts):
// every element exactly once, each piece contiguous, within capacity, and
// described so that the kernel sees the right samples and channels.
import { describe, expect, it } from 'vitest';
import { pieces, type Piece, type PieceShape } from '../lib/backend/wasm-pieces.js';
import type { Layout } from '../lib/types.js';
import { rng } from './helpers/data.js';

// (n, c) of element i of the caller's array.
function sampleChannel(s: PieceShape, i: number): [number, number] {
  const { spatial: T, channels: C } = s;
  const n = Math.floor(i / (T * C)), rest = i - n * T * C;
  return s.layout === 'channelsLast' ? [n, rest % C] : [n, Math.floor(rest / T)];
}

// (n, c) of element j of a piece, seen as its own (samples, spatial, channels) tensor.
function pieceSampleChannel(p: Piece, layout: Layout, j: number): [number, number] {
  const [n, c] = sampleChannel({ samples: p.samples, spatial: p.spatial, channels: p.channels, layout }, j);
  return [p.sample + n, p.channelOffset + c];
}

function check(s: PieceShape, capacity: number): number {
  const total = s.samples * s.spatial * s.channels;
  const seen = new Uint8Array(total);
  let count = 0;
  for (const p of pieces(s, capacity)) {
    count++;
    expect(p.length).toBe(p.samples * p.spatial * p.channels);
    expect(p.length).toBeGreaterThan(0);
    expect(p.length).toBeLessThanOrEqual(capacity);
    expect(p.maskStart).toBe(p.sample * s.channels + p.channelOffset);
    // Flags of a piece are one contiguous run of the N x C mask.
    expect(p.samples === 1 || (p.channelOffset === 0 && p.channels === s.channels)).toBe(true);
    for (let j = 0; j < p.length; j++) {
      const i = p.first + j;
      seen[i]++;
      const [n, c] = pieceSampleChannel(p, s.layout, j), [wantN, wantC] = sampleChannel(s, i);
      if (n !== wantN || c !== wantC) throw new Error(`element ${i}: piece says (${n}, ${c}), the tensor (${wantN}, ${wantC})`);
    }
  }
  expect(seen.every((v) => v === 1), 'every element exactly once').toBe(true);
  return count;
}

describe('pieces of a call', () => {
  it('cover every element once, contiguous, within capacity, with the right (sample, channel) for each', () => {
    const random = rng(31);
    for (let i = 0; i < 300; i++) {
      const s: PieceShape = {
        samples: 1 + Math.floor(random() * 6),
        spatial: 1 + Math.floor(random() * 12),
        channels: 1 + Math.floor(random() * 12),
        layout: random() < 0.5 ? 'channelsLast' : 'channelsFirst',
      };
      check(s, 1 + Math.floor(random() * 2 * s.spatial * s.channels));
    }
  });

  it('use each split level where it applies', () => {
    const last = (samples: number, spatial: number, channels: number): PieceShape => ({ samples, spatial, channels, layout: 'channelsLast' });
    const first = (samples: number, spatial: number, channels: number): PieceShape => ({ samples, spatial, channels, layout: 'channelsFirst' });
    // Whole samples, 3 per piece: 10 samples -> 4 pieces.
    expect(check(last(10, 4, 5), 60)).toBe(4);
    // Runs of timesteps: 2 samples x ceil(7 / 3) pieces.
    expect(check(last(2, 7, 5), 15)).toBe(6);
    // Parts of a row: 2 samples x 3 timesteps x ceil(11 / 4) channel ranges.
    expect(check(last(2, 3, 11), 4)).toBe(18);
    // Runs of channels: 2 samples x ceil(5 / 2) pieces.
    expect(check(first(2, 7, 5), 14)).toBe(6);
    // Parts of one channel's timesteps: 2 x 5 x ceil(7 / 3).
    expect(check(first(2, 7, 5), 3)).toBe(30);
  });

  it('repeat maskStart across a channelsLast sample, so its flags are drawn once', () => {
    const starts = [...pieces({ samples: 2, spatial: 9, channels: 4, layout: 'channelsLast' }, 8)].map((p) => p.maskStart);
    expect(starts).toEqual([0, 0, 0, 0, 0, 4, 4, 4, 4, 4]);
  });

  it('yield nothing for an empty call', () => {
    for (const [N, T, C] of [[0, 3, 4], [3, 0, 4], [3, 4, 0]]) {
      expect([...pieces({ samples: N, spatial: T, channels: C, layout: 'channelsLast' }, 5)]).toEqual([]);
    }
  });
});
