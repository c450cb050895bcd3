// What `apply` tells when it is done: one JSON line on stdout with --json,
// else one human line on stderr (unless --quiet).
import type { BackendInfo, DType, Layout } from '../index.js';
import { seedForJson } from '../seed.js';

export interface ApplySummary {
  input: string;
  output: string;
  maskIn: string | null;
  maskOut: string | null;
  dtype: DType;
  shape: number[];
  layout: Layout;
  backward: boolean;
  rate: number;
  seed: number | bigint | undefined;
  seedDrawn: boolean;
  step: number;
  sampleOffset: number;
  samples: number;
  channels: number;
  dropped: number;
  bytes: number;
  seconds: number;
  backend: BackendInfo;
}

const dropFraction = (s: ApplySummary) => (s.samples * s.channels === 0 ? 0 : s.dropped / (s.samples * s.channels));

/** The --json line: the seed is a string when it is above 2^53 - 1, null when the mask came from a file. */
export function summaryJson(s: ApplySummary): string {
  return JSON.stringify({
    command: 'apply',
    input: s.input, output: s.output, maskIn: s.maskIn, maskOut: s.maskOut,
    dtype: s.dtype, shape: s.shape, layout: s.layout, backward: s.backward,
    rate: s.rate, seed: s.seed === undefined ? null : seedForJson(s.seed), seedDrawn: s.seedDrawn,
    step: s.step, sampleOffset: s.sampleOffset,
    samples: s.samples, channels: s.channels, dropped: s.dropped, dropFraction: dropFraction(s),
    bytes: s.bytes, seconds: Math.round(s.seconds * 1e6) / 1e6,
    backend: s.backend.backend, simd: s.backend.simd, threads: s.backend.threads,
  });
}

export function summaryLine(s: ApplySummary): string {
  const pairs = s.samples * s.channels;
  const source = s.seed === undefined ? `mask ${s.maskIn}` : `seed ${s.seed}, step ${s.step}`;
  const size = s.bytes >= 1e5 ? `${(s.bytes / 1e6).toFixed(1)} MB` : `${(s.bytes / 1e3).toFixed(1)} kB`;
  return `${s.output}: ${s.backward ? 'gradient, ' : ''}dropped ${s.dropped} of ${pairs} channels `
    + `(${(dropFraction(s) * 100).toFixed(1)}%, rate ${s.rate}, ${source}); `
    + `${size} in ${s.seconds.toFixed(2)} s on ${s.backend.backend} ${s.backend.simd}`;
}

/** The line that makes a run with a drawn seed reproducible. */
export const drawnSeedLine = (seed: number | bigint) => `seed ${seed} (drawn; pass --seed ${seed} to repeat this run)`;
