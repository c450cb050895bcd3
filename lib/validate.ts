// The one place user input is checked. Everything the caller passes is read
// exactly once (getters and proxies run here and only here: validate/read.ts),
// checked (validate/values.ts, validate/arrays.ts), and turned into a plain
// Request; backends receive nothing else.
import { roundToDType } from './dtype.js';
import { rangeError, shapeError, typeError } from './errors.js';
import { seedWords, randomSeed, type SeedWords } from './seed.js';
import { typedArrayLength } from './typed-array.js';
import type { DType, FloatArray, Layout } from './types.js';
import { checkMask, checkOut, dtypeOf, isResizable } from './validate/arrays.js';
import { MASK_OPTION_KEYS, OPTION_KEYS, readOptions, readShape, readTensor } from './validate/read.js';
import {
  checkCount, checkLayout, checkRate, checkSampleOffset, checkSeed, checkStep, thresholdOf,
} from './validate/values.js';

/** A checked call: plain data, safe to hand to any backend. */
export interface Request {
  dtype: DType;
  layout: Layout;
  /** The caller's shape, copied. */
  shape: number[];
  samples: number;
  /** Timesteps (the spatial extent). */
  spatial: number;
  channels: number;
  input: FloatArray;
  out: FloatArray | undefined;
  mask: Uint8Array | undefined;
  rate: number;
  /** Dropped iff the Philox word is below this (SPEC section 2). */
  threshold: number;
  /** `RN_dtype(1 - rate)`. */
  divisor: number;
  seed: SeedWords;
  step: number;
  sampleOffset: number;
}

/** The checked part of a request that decides the mask. */
export type MaskRequest = Pick<Request, 'samples' | 'channels' | 'threshold' | 'seed' | 'step' | 'sampleOffset'>;

/** (samples, spatial, channels) of a rank-2 or rank-3 shape in a layout (rank 2: one sample). */
export function axes(shape: number[], layout: Layout): [number, number, number] {
  const [n, a, b] = shape.length === 2 ? [1, shape[0], shape[1]] : (shape as [number, number, number]);
  return layout === 'channelsLast' ? [n, a, b] : [n, b, a];
}

export interface CallContext {
  /** The input's name in messages (`input`, `gradOutput`). */
  name: string;
  /** Backward needs the forward call's seed; it cannot be drawn. */
  requireSeed: boolean;
  /** Async calls run while JS goes on, so their buffers must not be able to shrink. */
  async: boolean;
  /** The dtype a layer expects, if any. */
  dtype?: DType;
}

/** Checks a functional call and builds its Request. Throws TypeError/RangeError. */
export function validateCall(tensor: unknown, options: unknown, context: CallContext): Request {
  const { name } = context;
  // 1. Read everything the caller gave, once.
  const { data, shape: shapeValue, dtype: declared } = readTensor(tensor, name);
  const o = readOptions(options, OPTION_KEYS, 'options');
  const shape = readShape(shapeValue, name);

  // 2. Check the snapshot; no caller code runs from here on.
  const dtype = dtypeOf(data, declared, name);
  if (context.dtype !== undefined && context.dtype !== dtype) {
    throw typeError(`${name}.dtype`, `'${context.dtype}' (the layer's dtype)`, dtype);
  }
  const input = data as FloatArray;
  const layout = checkLayout(o.layout, 'options.layout');
  const [samples, spatial, channels] = axes(shape, layout);
  const rate = checkRate(o.rate, 'options.rate');
  // At rate 0 there is nothing to redraw: the gradient is the identity.
  if (o.seed === undefined && context.requireSeed && o.mask === undefined && rate !== 0) {
    throw typeError('options.seed', 'the seed of the forward call (or options.mask)', undefined);
  }
  const seed = o.seed === undefined ? randomSeed() : checkSeed(o.seed, 'options.seed');
  const step = checkStep(o.step, 'options.step');
  const sampleOffset = checkSampleOffset(o.sampleOffset, samples, 'options.sampleOffset');
  const length = typedArrayLength(input);
  const elements = samples * spatial * channels;
  if (elements !== length) {
    throw shapeError(`${name}.shape`, `dimensions whose product is the data length ${length}`, shape);
  }
  const out = o.out === undefined ? undefined : checkOut(o.out, input, length);
  const mask = o.mask === undefined ? undefined : checkMask(o.mask, samples * channels, out);
  if (context.async) {
    for (const [array, label] of [[input, `${name}.data`], [out, 'options.out'], [mask, 'options.mask']] as const) {
      if (array !== undefined && isResizable(array)) {
        throw typeError(label, 'an array on a fixed-length buffer (async calls cannot use a resizable ArrayBuffer)', array);
      }
    }
  }
  return {
    dtype, layout, shape, samples, spatial, channels, input, out, mask, rate,
    threshold: thresholdOf(rate),
    divisor: roundToDType(1 - rate, dtype),
    seed: seedWords(seed),
    step,
    sampleOffset,
  };
}

/** Checks dropoutMask's arguments. */
export function validateMaskCall(options: unknown, samplesValue: unknown, channelsValue: unknown): MaskRequest {
  const o = readOptions(options, MASK_OPTION_KEYS, 'options');
  const samples = checkCount(samplesValue, 'samples');
  const channels = checkCount(channelsValue, 'channels');
  const rate = checkRate(o.rate, 'options.rate');
  if (o.seed === undefined) throw typeError('options.seed', 'a safe integer or bigint from 0 to 2^64 - 1', undefined);
  if (samples * channels > 2 ** 32) throw rangeError('samples x channels', 'at most 2^32 flags', samples * channels);
  return {
    samples, channels,
    threshold: thresholdOf(rate),
    seed: seedWords(checkSeed(o.seed, 'options.seed')),
    step: checkStep(o.step, 'options.step'),
    sampleOffset: checkSampleOffset(o.sampleOffset, samples, 'options.sampleOffset'),
  };
}
