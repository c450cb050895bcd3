// What the demo verifies on its own output, in the contract's terms (SPEC
// sections 2 and 3): statistics of the mask, the exact arithmetic, layout and
// shard invariance. Each check reports pass/fail with the evidence.
import { spatialDropout1d, type DropoutOptions } from '../index.js';
import { toChannelsFirst, type DemoShape } from './demo-data.js';

export interface DemoRun {
  shape: DemoShape;
  x: Float32Array;
  y: Float32Array;
  mask: Uint8Array;
  options: DropoutOptions & { seed: number | bigint };
}

export interface DropStatistics {
  dropped: number;
  pairs: number;
  fraction: number;
  /** Binomial standard error of the fraction at the requested rate. */
  standardError: number;
  perSample: number[];
  /** Expected drops per sample and its binomial standard deviation. */
  perSampleMean: number;
  perSampleSd: number;
}

export function dropStatistics({ shape, mask, options }: DemoRun): DropStatistics {
  const { samples, channels } = shape;
  const perSample = Array.from({ length: samples }, (_, n) =>
    mask.subarray(n * channels, (n + 1) * channels).reduce((sum, keep) => sum + 1 - keep, 0));
  const dropped = perSample.reduce((a, b) => a + b, 0);
  const pairs = samples * channels;
  const r = options.rate;
  return {
    dropped, pairs, fraction: pairs === 0 ? 0 : dropped / pairs,
    standardError: Math.sqrt((r * (1 - r)) / pairs),
    perSample, perSampleMean: channels * r, perSampleSd: Math.sqrt(channels * r * (1 - r)),
  };
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Kept values are Math.fround(x / Math.fround(1 - rate)) bit for bit; dropped ones are +0. */
export function arithmeticChecks({ shape, x, y, mask, options }: DemoRun): Check[] {
  const { samples, timesteps, channels } = shape;
  const k = Math.fround(1 - options.rate);
  let keptOk = 0, keptBad = 0, droppedOk = 0, droppedBad = 0;
  for (let n = 0; n < samples; n++) {
    for (let t = 0; t < timesteps; t++) {
      for (let c = 0; c < channels; c++) {
        const i = (n * timesteps + t) * channels + c;
        if (mask[n * channels + c]) {
          if (Object.is(y[i], Math.fround(x[i] / k))) keptOk++; else keptBad++;
        } else if (Object.is(y[i], 0)) droppedOk++; else droppedBad++;
      }
    }
  }
  return [
    { name: 'kept values', ok: keptBad === 0, detail: `${keptOk} of ${keptOk + keptBad} equal x / (1 - rate) exactly (float32)` },
    { name: 'dropped values', ok: droppedBad === 0, detail: `${droppedOk} of ${droppedOk + droppedBad} are +0` },
  ];
}

const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The same logical batch in channelsFirst, and the batch split in two shards, give the same result. */
export function invarianceChecks({ shape, x, y, options }: DemoRun): Check[] {
  const { samples, timesteps, channels } = shape;
  const first = spatialDropout1d(
    { data: toChannelsFirst(x, shape), shape: [samples, channels, timesteps] }, { ...options, layout: 'channelsFirst' },
  ).data as Float32Array;
  const half = Math.floor(samples / 2);
  const sampleSize = timesteps * channels;
  const shard = (start: number, count: number) => spatialDropout1d(
    { data: x.subarray(start * sampleSize, (start + count) * sampleSize), shape: [count, timesteps, channels] },
    { ...options, sampleOffset: start },
  ).data as Float32Array;
  const joined = new Float32Array(x.length);
  joined.set(shard(0, half), 0);
  joined.set(shard(half, samples - half), half * sampleSize);
  return [
    { name: 'channelsFirst', ok: sameBits(first, toChannelsFirst(y, shape)), detail: 'the transposed batch gives the transposed output (same mask)' },
    { name: 'sharded', ok: sameBits(joined, y), detail: `samples [0, ${half}) and [${half}, ${samples}) with sampleOffset give the whole batch's output` },
  ];
}
