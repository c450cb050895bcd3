// The one place user input is checked. Everything the caller passes is read
// exactly once (getters and proxies run here and only here), checked, and
// turned into a plain Request; backends receive nothing else.
import { DTYPES, roundToDType } from './dtype.js';
import { rangeError, typeError } from './errors.js';
import { seedWords, randomSeed, type SeedWords } from './seed.js';
import {
  typedArrayBuffer, typedArrayByteLength, typedArrayByteOffset, typedArrayLength, typedArrayTag,
} from './typed-array.js';
import type { DType, FloatArray, Layout } from './types.js';

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

const TWO32 = 2 ** 32;
const TWO53 = 2 ** 53;
const TWO64 = 2n ** 64n;
const OPTION_KEYS = ['rate', 'seed', 'step', 'sampleOffset', 'layout', 'out', 'mask'] as const;
const MASK_OPTION_KEYS = ['rate', 'seed', 'step', 'sampleOffset'] as const;

/** Reads a property once, turning a throwing getter or proxy trap into a TypeError. */
function read(object: object, key: string, name: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    throw Object.assign(typeError(name, 'a readable property', undefined), { cause: error });
  }
}

function readObject(value: unknown, name: string, expected: string): object {
  if (typeof value !== 'object' || value === null) throw typeError(name, expected, value);
  return value;
}

function readOptions<K extends string>(value: unknown, keys: readonly K[], name: string): Partial<Record<K, unknown>> {
  const options = readObject(value, name, 'an options object');
  let own: string[];
  try {
    own = Object.keys(options);
  } catch (error) {
    throw Object.assign(typeError(name, 'an options object with readable keys', undefined), { cause: error });
  }
  const result: Partial<Record<K, unknown>> = {};
  for (const key of own) {
    if (!(keys as readonly string[]).includes(key)) {
      throw typeError(`${name}.${key}`, `one of the options ${keys.join(', ')} (is it misspelled?)`, key);
    }
  }
  for (const key of keys) result[key] = read(options, key, `${name}.${key}`);
  return result;
}

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function checkRate(value: unknown, name = 'rate'): number {
  if (typeof value !== 'number') throw typeError(name, 'a number from 0 to 1', value);
  if (!(value >= 0 && value <= 1)) throw rangeError(name, 'a number from 0 to 1', value);
  return value;
}

export function checkSeed(value: unknown, name = 'seed'): number | bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO64) throw rangeError(name, 'an integer from 0 to 2^64 - 1', value);
    return value;
  }
  if (typeof value !== 'number') throw typeError(name, 'a safe integer or bigint from 0 to 2^64 - 1', value);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw rangeError(name, 'a safe integer from 0 to 2^53 - 1 (or a bigint up to 2^64 - 1)', value);
  }
  return value;
}

export function checkStep(value: unknown, name = 'step'): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw typeError(name, 'an integer from 0 to 2^32 - 1', value);
  if (!isInteger(value) || value < 0 || value >= TWO32) throw rangeError(name, 'an integer from 0 to 2^32 - 1', value);
  return value;
}

function checkSampleOffset(value: unknown, samples: number, name: string): number {
  if (value === undefined) return 0;
  const expected = `an integer from 0 to 2^53 - ${samples} (the batch holds ${samples} samples)`;
  if (typeof value !== 'number') throw typeError(name, expected, value);
  if (!isInteger(value) || value < 0 || value > TWO53 - samples) throw rangeError(name, expected, value);
  return value;
}

export function checkLayout(value: unknown, name = 'layout'): Layout {
  if (value === undefined) return 'channelsLast';
  if (value !== 'channelsLast' && value !== 'channelsFirst') {
    throw typeError(name, "'channelsLast' or 'channelsFirst'", value);
  }
  return value;
}

export function checkDType(value: unknown, name = 'dtype'): DType {
  if (typeof value !== 'string' || !Object.hasOwn(DTYPES, value)) {
    throw typeError(name, "'float32', 'float64', 'float16' or 'bfloat16'", value);
  }
  return value as DType;
}

export function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError(name, 'a non-negative safe integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(name, 'a non-negative safe integer', value);
  return value;
}

/** The dtype of `data`, given the tensor's declared dtype (required for Uint16Array). */
function dtypeOf(data: unknown, declared: unknown, name: string): DType {
  const tag = typedArrayTag(data);
  const expected = 'a Float32Array, Float64Array, or Uint16Array with dtype float16 or bfloat16';
  if (tag !== 'Float32Array' && tag !== 'Float64Array' && tag !== 'Uint16Array') throw typeError(`${name}.data`, expected, data);
  if (declared === undefined) {
    if (tag === 'Uint16Array') throw typeError(`${name}.dtype`, "'float16' or 'bfloat16' for a Uint16Array", declared);
    return tag === 'Float32Array' ? 'float32' : 'float64';
  }
  const dtype = checkDType(declared, `${name}.dtype`);
  if (DTYPES[dtype].arrayTag !== tag) throw typeError(`${name}.dtype`, `a dtype stored in a ${tag}`, declared);
  return dtype;
}

function readShape(value: unknown, name: string): number[] {
  if (!Array.isArray(value)) throw typeError(name, 'an array of 2 or 3 non-negative safe integers', value);
  const length = read(value, 'length', `${name}.length`);
  if (length !== 2 && length !== 3) throw rangeError(`${name}.length`, '2 or 3 (rank 2 is one unbatched sample)', length);
  const shape: number[] = [];
  for (let i = 0; i < length; i++) shape.push(read(value, String(i), `${name}[${i}]`) as number);
  shape.forEach((dim, i) => checkCount(dim, `${name}[${i}]`));
  return shape;
}

/** (samples, spatial, channels) of a rank-2 or rank-3 shape in a layout (rank 2: one sample). */
export function axes(shape: number[], layout: Layout): [number, number, number] {
  const [n, a, b] = shape.length === 2 ? [1, shape[0], shape[1]] : (shape as [number, number, number]);
  return layout === 'channelsLast' ? [n, a, b] : [n, b, a];
}

function byteRange(a: ArrayBufferView): [ArrayBufferLike, number, number] {
  const start = typedArrayByteOffset(a);
  return [typedArrayBuffer(a), start, start + typedArrayByteLength(a)];
}

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const [bufA, startA, endA] = byteRange(a);
  const [bufB, startB, endB] = byteRange(b);
  return bufA === bufB && startA < endB && startB < endA;
}

const resizableGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
const isResizable = (a: ArrayBufferView): boolean => {
  const buffer = typedArrayBuffer(a);
  return resizableGetter !== undefined && buffer instanceof ArrayBuffer && resizableGetter.call(buffer) === true;
};

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
  const t = readObject(tensor, name, 'a tensor { data, shape, dtype? }');
  const data = read(t, 'data', `${name}.data`);
  const shapeValue = read(t, 'shape', `${name}.shape`);
  const declared = read(t, 'dtype', `${name}.dtype`);
  const o = readOptions(options, OPTION_KEYS, 'options');
  const shape = readShape(shapeValue, `${name}.shape`);

  // 2. Check the snapshot; no caller code runs from here on.
  const dtype = dtypeOf(data, declared, name);
  if (context.dtype !== undefined && context.dtype !== dtype) {
    throw typeError(`${name}.dtype`, `'${context.dtype}' (the layer's dtype)`, dtype);
  }
  const input = data as FloatArray;
  const layout = checkLayout(o.layout, 'options.layout');
  const [samples, spatial, channels] = axes(shape, layout);
  const rate = checkRate(o.rate, 'options.rate');
  if (o.seed === undefined && context.requireSeed && o.mask === undefined) {
    throw typeError('options.seed', 'the seed of the forward call (or options.mask)', undefined);
  }
  const seed = o.seed === undefined ? randomSeed() : checkSeed(o.seed, 'options.seed');
  const step = checkStep(o.step, 'options.step');
  const sampleOffset = checkSampleOffset(o.sampleOffset, samples, 'options.sampleOffset');
  const length = typedArrayLength(input);
  const elements = samples * spatial * channels;
  if (elements !== length) {
    throw rangeError(`${name}.shape`, `dimensions whose product is the data length ${length}`, `[${shape.join(', ')}]`);
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
    threshold: Math.floor(rate * TWO32 + 0.5),
    divisor: roundToDType(1 - rate, dtype),
    seed: seedWords(seed),
    step,
    sampleOffset,
  };
}

function checkOut(value: unknown, input: FloatArray, length: number): FloatArray {
  const tag = typedArrayTag(input)!;
  if (typedArrayTag(value) !== tag) throw typeError('options.out', `a ${tag} like the input`, value);
  const out = value as FloatArray;
  if (typedArrayLength(out) !== length) throw rangeError('options.out', `a ${tag} of length ${length}`, out);
  if (out !== input && overlaps(out, input)) {
    const sameView = typedArrayBuffer(out) === typedArrayBuffer(input) && typedArrayByteOffset(out) === typedArrayByteOffset(input);
    if (!sameView) throw rangeError('options.out', 'the input itself or an array that does not overlap it', out);
  }
  return out;
}

function checkMask(value: unknown, length: number, out: FloatArray | undefined): Uint8Array {
  if (typedArrayTag(value) !== 'Uint8Array') throw typeError('options.mask', `a Uint8Array of length ${length}`, value);
  const mask = value as Uint8Array;
  if (typedArrayLength(mask) !== length) throw rangeError('options.mask', `a Uint8Array of length ${length} (samples x channels)`, mask);
  for (let i = 0; i < length; i++) {
    if (mask[i] > 1) throw rangeError(`options.mask[${i}]`, '0 or 1', mask[i]);
  }
  if (out !== undefined && overlaps(mask, out)) throw rangeError('options.mask', 'a mask that does not overlap options.out', mask);
  return mask;
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
    threshold: Math.floor(rate * TWO32 + 0.5),
    seed: seedWords(checkSeed(o.seed, 'options.seed')),
    step: checkStep(o.step, 'options.step'),
    sampleOffset: checkSampleOffset(o.sampleOffset, samples, 'options.sampleOffset'),
  };
}
