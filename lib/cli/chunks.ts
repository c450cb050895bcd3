// Splits a run over `samples` into chunks of whole samples of about
// `chunkBytes` each (at least one sample per chunk).

/** Default chunk size: large enough to amortize calls, small enough for any machine. */
export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;

export interface Chunk {
  /** Index of the chunk's first sample in the file. */
  start: number;
  count: number;
}

export function planChunks(samples: number, sampleBytes: number, chunkBytes: number): Chunk[] {
  const perChunk = sampleBytes === 0 ? Math.max(samples, 1) : Math.max(1, Math.floor(chunkBytes / sampleBytes));
  const chunks: Chunk[] = [];
  for (let start = 0; start < samples; start += perChunk) {
    chunks.push({ start, count: Math.min(perChunk, samples - start) });
  }
  return chunks;
}
