// How a call is streamed through a bounded wasm buffer: split into pieces that
// each fit it and are each a self-contained job for the kernel (SPEC section 2
// makes keep(n, c) depend on the global sample and channel only, so a piece
// needs nothing but its first sample and its first channel).
import type { Layout } from '../types.js';

/** The extents a split needs. */
export interface PieceShape {
  samples: number;
  spatial: number;
  channels: number;
  layout: Layout;
}

/** A part of a call whose elements are contiguous in the caller's array. */
export interface Piece {
  /** Batch index of its first sample. */
  sample: number;
  samples: number;
  spatial: number;
  channels: number;
  /** Index, within the sample, of the piece's channel 0. */
  channelOffset: number;
  /** Element index of its first element in the caller's array. */
  first: number;
  /** Elements: samples * spatial * channels. */
  length: number;
  /** Where its samples x channels keep flags start in the call's N x C mask. */
  maskStart: number;
}

function piece(s: PieceShape, sample: number, samples: number, spatial: number, channels: number,
  channelOffset: number, first: number): Piece {
  return {
    sample, samples, spatial, channels, channelOffset, first,
    length: samples * spatial * channels,
    maskStart: sample * s.channels + channelOffset,
  };
}

/**
 * The pieces of a call, in order, each at most `capacity` elements (>= 1):
 * runs of whole samples when one fits; else, within a sample, runs of whole
 * rows (timesteps in channelsLast, channels in channelsFirst); else runs of
 * one row. In channelsLast every piece of a row-run shares the sample's flags,
 * so consecutive pieces repeat `maskStart` and the flags need drawing once.
 */
export function* pieces(s: PieceShape, capacity: number): Generator<Piece> {
  const { samples: N, spatial: T, channels: C } = s;
  const sampleLength = T * C;
  if (sampleLength === 0 || N === 0) return;
  if (sampleLength <= capacity) {
    const per = Math.floor(capacity / sampleLength);
    for (let n = 0; n < N; n += per) {
      yield piece(s, n, Math.min(per, N - n), T, C, 0, n * sampleLength);
    }
    return;
  }
  const last = s.layout === 'channelsLast';
  // A row: C channels of one timestep (channelsLast) or T timesteps of one channel.
  const rows = last ? T : C, rowLength = last ? C : T;
  for (let n = 0; n < N; n++) {
    const base = n * sampleLength;
    if (rowLength <= capacity) {
      const per = Math.floor(capacity / rowLength);
      for (let r = 0; r < rows; r += per) {
        const count = Math.min(per, rows - r);
        yield last
          ? piece(s, n, 1, count, C, 0, base + r * C)
          : piece(s, n, 1, T, count, r, base + r * T);
      }
    } else if (last) {
      // Channel ranges outermost, so each range's flags serve every timestep.
      for (let c = 0; c < C; c += capacity) {
        const count = Math.min(capacity, C - c);
        for (let t = 0; t < T; t++) yield piece(s, n, 1, 1, count, c, base + t * C + c);
      }
    } else {
      for (let c = 0; c < C; c++) {
        for (let t = 0; t < T; t += capacity) {
          yield piece(s, n, 1, Math.min(capacity, T - t), 1, c, base + c * T + t);
        }
      }
    }
  }
}
