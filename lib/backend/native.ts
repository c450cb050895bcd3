import type { FloatArray } from '../types.js';
import type { Backend } from './backend.js';
import { encodeRecord, RECORD_FIELDS } from './record.js';

/** The addon's exports (native/addon/addon.cc). */
export interface NativeBinding {
  run(input: FloatArray, output: FloatArray, mask: Uint8Array | null, record: Float64Array): void;
  runAsync(input: FloatArray, output: FloatArray, mask: Uint8Array | null, record: Float64Array): Promise<void>;
  drawMask(keep: Uint8Array, record: Float64Array): void;
  info(): { simd: string; simdLevels: string[]; threads: number };
  setThreads(threads: number): void;
  useSimd(level: string): void;
  recordFields: number;
}

/** A backend over a loaded binding. */
export function nativeBackend(binding: NativeBinding): Backend {
  // Reused by every call: the addon copies the fields out before returning.
  const record = new Float64Array(RECORD_FIELDS);
  return {
    name: 'native',
    simd: () => binding.info().simd,
    threads: () => binding.info().threads,
    setThreads: (threads) => binding.setThreads(threads),
    run: (r, out) => binding.run(r.input, out, r.mask ?? null, encodeRecord(r, record)),
    runAsync: (r, out) => binding.runAsync(r.input, out, r.mask ?? null, encodeRecord(r, record)),
    drawMask: (r, keep) => binding.drawMask(keep, encodeRecord(r, record)),
  };
}
