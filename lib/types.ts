/** Element type of a tensor. 16-bit types are stored as raw bits in a `Uint16Array`. */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

/**
 * Axis order of a rank-3 tensor: `channelsLast` is Keras' (samples, timesteps, channels),
 * `channelsFirst` is PyTorch `Dropout1d`'s (samples, channels, timesteps).
 */
export type Layout = 'channelsLast' | 'channelsFirst';

/** Storage of a tensor; a `Uint16Array` holds float16 or bfloat16 bits. */
export type FloatArray = Float32Array | Float64Array | Uint16Array;

/** A dense row-major tensor. `dtype` is required when `data` is a `Uint16Array`. */
export interface Tensor {
  data: FloatArray;
  shape: readonly number[];
  dtype?: DType;
}

/** The result of an operation: always says its dtype. */
export interface OutputTensor {
  /** A new array, the caller's `out`, or (rate 0, no mask) the input's own array. */
  data: FloatArray;
  /** The input's shape, copied. */
  shape: number[];
  dtype: DType;
}

/** Options of the functional API. */
export interface DropoutOptions {
  /** Fraction of channels to drop, `0 <= rate <= 1`. */
  rate: number;
  /** 64-bit seed (safe-integer number or bigint). Omitted: 64 random bits. */
  seed?: number | bigint;
  /** Training-step counter, `0 <= step < 2^32`; each step draws an independent mask. Default 0. */
  step?: number;
  /** Global index of this batch's first sample, for sharded batches. Default 0. */
  sampleOffset?: number;
  /** Axis order of the input. Default `channelsLast`. */
  layout?: Layout;
  /** Where to write the result: same type and length as the input, or the input itself (in place). */
  out?: FloatArray;
  /** A caller's keep mask, samples x channels, 1 = kept: applied instead of drawing one. */
  mask?: Uint8Array;
}

/** Options of {@link dropoutMask}. */
export interface MaskOptions {
  /** Fraction of channels to drop, `0 <= rate <= 1`. */
  rate: number;
  /** The 64-bit seed of the call whose mask this is (required: a drawn one could not be repeated). */
  seed: number | bigint;
  /** Training-step counter, `0 <= step < 2^32`. Default 0. */
  step?: number;
  /** Global index of the first sample. Default 0. */
  sampleOffset?: number;
}

/** What runs the computation. */
export interface BackendInfo {
  /** `native`: the C++ addon; `wasm`: the WebAssembly build of the same kernel; `js`: pure TypeScript. */
  backend: 'native' | 'wasm' | 'js';
  /** Instruction set of the kernel in use (`avx512`, `avx2`, `sse2`, `neon`, `simd128`, `scalar`; `none` for `js`). */
  simd: string;
  /**
   * Threads a large call is split across: as set by `setNumThreads` (default: the
   * CPUs available), or fewer once the native pool has found that the system
   * would not start them all.
   */
  threads: number;
  /** Why a faster backend was passed over, when one was. */
  reason?: string;
}
