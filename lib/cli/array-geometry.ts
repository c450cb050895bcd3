// How a .npy array splits into samples for streaming: the sample axis is the
// first of a rank-3 array; a rank-2 array is one unbatched sample.
import type { Layout } from '../types.js';
import { axes } from '../validate.js';
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
  const [samples, spatial, channels] = axes([...shape], layout);
  return {
    samples,
    channels,
    sampleElements: spatial * channels,
    chunkShape: (count) => (shape.length === 3 ? [count, ...sample] : sample),
  };
}
