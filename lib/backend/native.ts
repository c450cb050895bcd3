import { DTYPES } from '../dtype.js';
import type { DType, FloatArray } from '../types.js';
import { allocateThenRun, type Backend } from './backend.js';
import { encodeRecord, RECORD_FIELDS } from './record.js';

/** The addon's exports (native/addon/addon.cc). */
export interface NativeBinding {
  run(input: FloatArray, output: FloatArray, mask: Uint8Array | null, record: Float64Array): void;
  /** run() into a recycled mapping, then wrapped as an ArrayBuffer; undefined where allocate() would decline. */
  runFresh(input: FloatArray, output: undefined, mask: Uint8Array | null, record: Float64Array): ArrayBuffer | undefined;
  runAsync(input: FloatArray, output: FloatArray, mask: Uint8Array | null, record: Float64Array): Promise<void>;
  drawMask(keep: Uint8Array, record: Float64Array): void;
  info(): { simd: string; simdLevels: string[]; threads: number };
  setThreads(threads: number): void;
  useSimd(level: string): void;
  /** Output storage from recycled huge-page mappings (native/addon/allocator.h); undefined: allocate in JS. */
  allocate(byteLength: number): ArrayBuffer | undefined;
  /** Huge-page advice for a fresh ordinary ArrayBuffer, used when allocate() declines. */
  adviseHugePages(buffer: ArrayBuffer): void;
  /** Unmaps cached mappings idle for 2 s; true while a mapping is cached or handed out. */
  trimAllocator(): boolean;
  /** [cached bytes, cached mappings, bytes handed out and not yet collected]. */
  allocatorStats(): [number, number, number];
  /** Benchmark only: the memory-bandwidth ceiling (native/addon/ceiling.h). */
  _ceilingCopy(src: ArrayBufferView, dst: ArrayBufferView, stream: boolean): void;
  /** Benchmark only: sets [bytes per thread, streaming output bytes] thresholds; returns those in force. */
  _tune(bytesPerThread?: number, streamOutputBytes?: number): [number, number];
  recordFields: number;
}

/**
 * Outputs at least this large come from the addon's allocator; below it an
 * ordinary array is cheaper than an external buffer (measured: bench/).
 */
export const NATIVE_ALLOCATION_BYTES = 2 << 20;

/** A backend over a loaded binding. */
export function nativeBackend(binding: NativeBinding): Backend {
  // Reused by every call: the addon copies the fields out before returning.
  const record = new Float64Array(RECORD_FIELDS);
  const backend: Backend = {
    name: 'native',
    simd: () => binding.info().simd,
    threads: () => binding.info().threads,
    setThreads: (threads) => binding.setThreads(threads),
    run: (r, out) => binding.run(r.input, out, r.mask ?? null, encodeRecord(r, record)),
    runAsync: (r, out) => binding.runAsync(r.input, out, r.mask ?? null, encodeRecord(r, record)),
    drawMask: (r, keep) => binding.drawMask(keep, encodeRecord(r, record)),
    allocate: (dtype, length) => allocate(binding, dtype, length),
    runFresh: (r) => {
      const length = r.samples * r.spatial * r.channels;
      if (length * DTYPES[r.dtype].bytes < NATIVE_ALLOCATION_BYTES) return allocateThenRun(backend, r);
      const filled = recycled(binding, r.dtype, binding.runFresh(r.input, undefined, r.mask ?? null, encodeRecord(r, record)));
      if (filled !== undefined) return filled;
      // Declined for the reasons allocate() would decline (or, once, computed
      // but refused by a runtime without external buffers): allocate()'s fallback.
      const out = ordinaryOutput(binding, r.dtype, length);
      backend.run(r, out);
      return out;
    },
  };
  return backend;
}

/** How often an idle allocator cache is checked for mappings to give back. */
const TRIM_INTERVAL_MS = 2500;

function allocate(binding: NativeBinding, dtype: DType, length: number): FloatArray {
  const info = DTYPES[dtype];
  const bytes = length * info.bytes;
  if (bytes < NATIVE_ALLOCATION_BYTES) return info.create(length);
  return recycled(binding, dtype, binding.allocate(bytes)) ?? ordinaryOutput(binding, dtype, length);
}

// A view of a buffer from the addon's allocator (scheduling the trim that gives
// its mapping back once calls stop), or undefined where it declined.
function recycled(binding: NativeBinding, dtype: DType, buffer: ArrayBuffer | undefined): FloatArray | undefined {
  if (buffer === undefined) return undefined;
  scheduleTrim(binding);
  return DTYPES[dtype].view(buffer);
}

// A large output the allocator declined: an ordinary array, advised for huge pages.
function ordinaryOutput(binding: NativeBinding, dtype: DType, length: number): FloatArray {
  const info = DTYPES[dtype];
  const buffer = new ArrayBuffer(length * info.bytes);
  binding.adviseHugePages(buffer);
  return info.view(buffer);
}

// The cache only gives memory back when something calls into it; this timer
// does so for a program that has stopped calling. Unref'd: it never keeps the
// process alive, and it stops once no mapping is cached or handed out. One
// timer per module instance is enough: the cache is process-wide, so any
// binding's trimAllocator() trims it all.
let trimTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleTrim(binding: NativeBinding): void {
  if (trimTimer !== undefined) return;
  trimTimer = setTimeout(() => {
    trimTimer = undefined;
    if (binding.trimAllocator()) scheduleTrim(binding);
  }, TRIM_INTERVAL_MS);
  trimTimer.unref?.();
}
