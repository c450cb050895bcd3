import type { DType, FloatArray } from '../types.js';
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
  /**
   * An array for an output that run() will overwrite entirely: its contents
   * are unspecified (the native backend recycles collected outputs).
   */
  allocate(dtype: DType, length: number): FloatArray;
  /** The request computed into a new output, which it returns (run() into allocate()'s array, or better). */
  runFresh(request: Request): FloatArray;
}

/** runFresh as allocate, then run: for backends with nothing better to do. */
export function allocateThenRun(backend: Pick<Backend, 'allocate' | 'run'>, r: Request): FloatArray {
  const out = backend.allocate(r.dtype, r.samples * r.spatial * r.channels);
  backend.run(r, out);
  return out;
}
