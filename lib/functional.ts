import { backend } from './backend/select.js';
import { plainView } from './typed-array.js';
import type { DropoutOptions, MaskOptions, OutputTensor, Tensor } from './types.js';
import { validateCall, validateMaskCall, type CallContext, type Request } from './validate.js';

const FORWARD: CallContext = { name: 'input', requireSeed: false, async: false };
const FORWARD_ASYNC: CallContext = { ...FORWARD, async: true };
const BACKWARD: CallContext = { name: 'gradOutput', requireSeed: true, async: false };

// rate 0 without a mask is the identity: a tensor over the input's own array
// (no copy), unless the caller asked for the result in `out`.
function identity(r: Request): OutputTensor | undefined {
  if (r.rate !== 0 || r.mask !== undefined) return undefined;
  if (r.out !== undefined && r.out !== r.input) plainView(r.out).set(plainView(r.input) as never);
  return { data: r.out ?? r.input, shape: r.shape, dtype: r.dtype };
}

// A fresh output for an async call, from the backend, which may recycle memory
// (the kernel overwrites every element, so old contents never show). A sync
// call leaves the output to runFresh, which can fill it before JS sees it.
function newOutput(r: Request) {
  return backend().allocate(r.dtype, r.samples * r.spatial * r.channels);
}

/** Runs a checked request on the calling thread. @internal */
export function execute(r: Request): OutputTensor {
  const same = identity(r);
  if (same !== undefined) return same;
  if (r.out === undefined) return { data: backend().runFresh(r), shape: r.shape, dtype: r.dtype };
  backend().run(r, r.out);
  return { data: r.out, shape: r.shape, dtype: r.dtype };
}

/**
 * Runs a checked request off the JavaScript thread where the backend can. The
 * backend starts before this returns, so a refusal throws here, not later.
 * @internal
 */
export function executeAsync(r: Request): Promise<OutputTensor> {
  const same = identity(r);
  if (same !== undefined) return Promise.resolve(same);
  const out = r.out ?? newOutput(r);
  return backend().runAsync(r, out).then(() => ({ data: out, shape: r.shape, dtype: r.dtype }));
}

/**
 * Applies spatial dropout: each (sample, channel) is dropped across every
 * timestep with probability `rate`; kept values are divided by `1 - rate`.
 * Always in training mode (like `keras.random.dropout`).
 *
 * @returns a tensor over a new array, or over `options.out` when given; with
 * `rate` 0 and no mask, over `input.data` itself (no copy).
 * @throws TypeError or RangeError naming the offending argument; nothing is written then.
 * @example
 * const y = spatialDropout1d({ data, shape: [32, 128, 64] }, { rate: 0.2, seed: 42, step });
 */
export function spatialDropout1d(input: Tensor, options: DropoutOptions): OutputTensor {
  return execute(validateCall(input, options, FORWARD));
}

/**
 * {@link spatialDropout1d} off the JavaScript thread: the native backend runs it
 * on a worker thread and keeps the arrays alive until the promise settles.
 * Leave the arrays alone until then. Argument errors reject the promise.
 */
export async function spatialDropout1dAsync(input: Tensor, options: DropoutOptions): Promise<OutputTensor> {
  return executeAsync(validateCall(input, options, FORWARD_ASYNC));
}

/**
 * Gradient of {@link spatialDropout1d}: the same mask and scaling applied to
 * `gradOutput`. Needs the forward call's `seed`, `step` and `sampleOffset`
 * (or its `mask`).
 */
export function spatialDropout1dBackward(gradOutput: Tensor, options: DropoutOptions): OutputTensor {
  return execute(validateCall(gradOutput, options, BACKWARD));
}

/**
 * The keep mask a call with these options draws: `samples x channels` flags,
 * 1 = kept, row-major by sample.
 */
export function dropoutMask(options: MaskOptions, samples: number, channels: number): Uint8Array {
  const r = validateMaskCall(options, samples, channels);
  const keep = new Uint8Array(r.samples * r.channels);
  // No flags, however many samples: a backend would still walk them.
  if (keep.length > 0) backend().drawMask(r, keep);
  return keep;
}
