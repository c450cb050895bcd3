// `spatial-dropout apply`: spatial dropout (or its gradient) over a .npy file,
// streamed in chunks of whole samples, written atomically.
import { backendInfo, dropoutMask, type Layout } from '../index.js';
import { randomSeed } from '../seed.js';
import { abortApplyFiles, closeApplyInputs, commitApplyFiles, openApplyFiles } from './apply-files.js';
import { drawnSeedLine, summaryJson, summaryLine, type ApplySummary } from './apply-report.js';
import { streamChunks } from './apply-stream.js';
import { DEFAULT_CHUNK_BYTES } from './chunks.js';
import { UsageError } from './errors.js';
import { checkDistinctPaths } from './paths.js';
import { createProgress } from './progress.js';

export interface ApplyOptions {
  rate: number;
  seed?: number | bigint;
  step: number;
  sampleOffset: number;
  layout: Layout;
  maskIn?: string;
  maskOut?: string;
  backward?: boolean;
  json?: boolean;
  quiet?: boolean;
  chunkBytes?: number;
}

export async function apply(input: string, output: string, o: ApplyOptions): Promise<void> {
  await checkDistinctPaths([
    { label: 'the input', path: input, written: false },
    { label: 'the output', path: output, written: true },
    ...(o.maskIn === undefined ? [] : [{ label: '--mask-in', path: o.maskIn, written: false }]),
    ...(o.maskOut === undefined ? [] : [{ label: '--mask-out', path: o.maskOut, written: true }]),
  ]);
  if (o.backward === true && o.seed === undefined && o.maskIn === undefined) {
    throw new UsageError("--backward needs the forward run's --seed (and --step, --sample-offset), or its mask with --mask-in");
  }
  const seed = o.maskIn !== undefined ? undefined : (o.seed ?? randomSeed());
  // The library checks rate, seed, step and sampleOffset; a zero-channel mask
  // asks it to, before any file is created.
  const check = (samples: number) => dropoutMask({ rate: o.rate, seed: seed ?? 0, step: o.step, sampleOffset: o.sampleOffset }, samples, 0);
  check(0);

  const started = performance.now();
  const files = await openApplyFiles({ input, output, maskIn: o.maskIn, maskOut: o.maskOut }, o.layout);
  // Once the run can start: a seed for a run that never happened means nothing.
  if (seed !== undefined && o.seed === undefined) process.stderr.write(`${drawnSeedLine(seed)}\n`);
  const { samples, channels } = files.geometry;
  const progress = createProgress(samples, o.quiet === true);
  let dropped: number;
  try {
    check(samples);
    dropped = await streamChunks(files, { ...o, seed, backward: o.backward === true, chunkBytes: o.chunkBytes ?? DEFAULT_CHUNK_BYTES }, progress);
    await commitApplyFiles(files);
  } catch (error) {
    await abortApplyFiles(files);
    throw error;
  } finally {
    progress.stop();
    await closeApplyInputs(files);
  }
  const summary: ApplySummary = {
    input, output, maskIn: o.maskIn ?? null, maskOut: o.maskOut ?? null,
    dtype: files.dtype, shape: files.input.header.shape, layout: o.layout, backward: o.backward === true,
    rate: o.rate, seed, seedDrawn: seed !== undefined && o.seed === undefined, step: o.step, sampleOffset: o.sampleOffset,
    samples, channels, dropped, bytes: files.input.dataBytes, seconds: (performance.now() - started) / 1000,
    backend: backendInfo(),
  };
  if (o.json === true) process.stdout.write(`${summaryJson(summary)}\n`);
  else if (o.quiet !== true) process.stderr.write(`${summaryLine(summary)}\n`);
}
