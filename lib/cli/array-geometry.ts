// How a .npy array splits into samples for streaming: the sample axis is the
// first of a rank-3 array; a rank-2 array is one unbatched sample.
import type { DType, FloatArray, Layout } from '../index.js';
import { DataError } from './errors.js';

export interface Geometry {
  samples: number;
  channels: number;
  /** Elements in one sample. */
  sampleElements: number;
  /** The shape of a chunk of `count` whole samples. */
  chunkShape(count: number): number[];
}

const describeShape = (shape: readonly number[]) => `(${shape.join(', ')})`;

export function geometryOf(shape: readonly number[], layout: Layout): Geometry {
  if (shape.length !== 2 && shape.length !== 3) {
    throw new DataError(
      `expected a rank-3 array (samples, timesteps, channels) or a rank-2 one (a single sample), got shape ${describeShape(shape)}`,
    );
  }
  const sample = shape.length === 3 ? shape.slice(1) : shape.slice();
  // channelsLast: (timesteps, channels) per sample; channelsFirst: (channels, timesteps).
  const channels = layout === 'channelsLast' ? sample[1] : sample[0];
  return {
    samples: shape.length === 3 ? shape[0] : 1,
    channels,
    sampleElements: sample[0] * sample[1],
    chunkShape: (count) => (shape.length === 3 ? [count, ...sample] : sample),
  };
}

const VIEWS = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array } as const;

/** A typed array of `dtype` over a whole buffer (which must be a multiple of the element size). */
export function floatView(dtype: DType, buffer: ArrayBuffer): FloatArray {
  return new VIEWS[dtype](buffer);
}
