import type { FloatArray } from '../types.js';
import type { MaskRequest, Request } from '../validate.js';

/**
 * What every backend implements. It receives only checked requests and an
 * output array of the right type and length (possibly the input itself).
 */
export interface Backend {
  readonly name: 'native' | 'wasm' | 'js';
  /** Instruction set of the kernel in use. */
  simd(): string;
  threads(): number;
  setThreads(threads: number): void;
  run(request: Request, out: FloatArray): void;
  runAsync(request: Request, out: FloatArray): Promise<void>;
  drawMask(request: MaskRequest, keep: Uint8Array): void;
}
