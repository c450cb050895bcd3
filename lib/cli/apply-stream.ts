// The chunk loop of `apply`: whole samples at a time, each chunk's mask drawn
// with sampleOffset = the global index of its first sample, so the result is
// byte for byte the whole array's (SPEC section 2, shard invariance). I/O
// overlaps the work: chunk i + 1 is read and chunk i - 1 written while chunk i
// is computed off the main thread.
import { dropoutMask, spatialDropout1dAsync, spatialDropout1dBackward, type DropoutOptions, type Layout } from '../index.js';
import { DTYPES } from '../dtype.js';
import type { ApplyFiles } from './apply-files.js';
import { planChunks, type Chunk } from './chunks.js';
import { DataError } from './errors.js';
import type { Progress } from './progress.js';

export interface StreamSettings {
  rate: number;
  /** Absent when the mask comes from a file. */
  seed: number | bigint | undefined;
  step: number;
  sampleOffset: number;
  layout: Layout;
  backward: boolean;
  chunkBytes: number;
}

interface ChunkData {
  chunk: Chunk;
  buffer: ArrayBuffer;
  mask: Uint8Array | undefined;
}

async function readChunk(files: ApplyFiles, chunk: Chunk, sampleBytes: number): Promise<ChunkData> {
  const { channels } = files.geometry;
  const [buffer, maskBuffer] = await Promise.all([
    files.input.read(chunk.start * sampleBytes, chunk.count * sampleBytes),
    files.maskIn?.read(chunk.start * channels, chunk.count * channels),
  ]);
  const mask = maskBuffer === undefined ? undefined : new Uint8Array(maskBuffer);
  const bad = mask?.findIndex((flag) => flag > 1) ?? -1;
  if (bad >= 0) {
    const at = chunk.start * channels + bad;
    throw new DataError(`${files.maskIn!.path}: the mask holds ${mask![bad]} at [${Math.floor(at / channels)}, ${at % channels}]; flags must be 0 or 1`);
  }
  return { chunk, buffer, mask };
}

/** Applies dropout (or its gradient) to one chunk in place; returns the mask it applied. */
async function computeChunk(files: ApplyFiles, s: StreamSettings, { chunk, buffer, mask: maskIn }: ChunkData): Promise<Uint8Array> {
  const { geometry, dtype } = files;
  const mask = maskIn ?? dropoutMask(
    { rate: s.rate, seed: s.seed!, step: s.step, sampleOffset: s.sampleOffset + chunk.start }, chunk.count, geometry.channels,
  );
  const data = DTYPES[dtype].view(buffer);
  const tensor = { data, shape: geometry.chunkShape(chunk.count), dtype };
  // Rate 0 with a drawn mask is the identity, bits included (no NaN quieting), as in the library.
  const identity = s.rate === 0 && maskIn === undefined;
  const options: DropoutOptions = { rate: s.rate, layout: s.layout, out: data, ...(identity ? { seed: s.seed } : { mask }) };
  if (s.backward) spatialDropout1dBackward(tensor, options);
  else await spatialDropout1dAsync(tensor, options);
  return mask;
}

/** Runs every chunk; returns how many (sample, channel) pairs were dropped. */
export async function streamChunks(files: ApplyFiles, s: StreamSettings, progress: Progress): Promise<number> {
  const { geometry, dtype } = files;
  const sampleBytes = geometry.sampleElements * DTYPES[dtype].bytes;
  const chunks = planChunks(geometry.samples, sampleBytes, s.chunkBytes);
  let dropped = 0;
  let next = chunks.length > 0 ? readChunk(files, chunks[0], sampleBytes) : undefined;
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < chunks.length; i++) {
    const { chunk, buffer, mask: maskIn } = await next!;
    next = i + 1 < chunks.length ? readChunk(files, chunks[i + 1], sampleBytes) : undefined;
    next?.catch(() => undefined); // awaited next turn; a failure now must not go unhandled
    const mask = await computeChunk(files, s, { chunk, buffer, mask: maskIn });
    await writing;
    progress.update(chunk.start, chunk.start * sampleBytes);
    writing = Promise.all([files.output.write(new Uint8Array(buffer)), files.maskOut?.write(mask)]);
    writing.catch(() => undefined); // awaited next turn, as above
    for (const flag of mask) dropped += 1 - flag;
  }
  await writing;
  progress.update(geometry.samples, geometry.samples * sampleBytes);
  return dropped;
}
