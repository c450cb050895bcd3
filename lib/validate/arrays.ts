// Checks of the caller's arrays: the input's dtype, and where `out` and `mask`
// may sit relative to it (SPEC section 4).
import { DTYPES } from '../dtype.js';
import { rangeError, typeError } from '../errors.js';
import {
  sameElements, typedArrayBuffer, typedArrayByteLength, typedArrayByteOffset, typedArrayLength, typedArrayTag,
} from '../typed-array.js';
import type { DType, FloatArray } from '../types.js';
import { checkDType } from './values.js';

/** The dtype of `data`, given the tensor's declared dtype (required for Uint16Array). */
export function dtypeOf(data: unknown, declared: unknown, name: string): DType {
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

function byteRange(a: ArrayBufferView): [ArrayBufferLike, number, number] {
  const start = typedArrayByteOffset(a);
  return [typedArrayBuffer(a), start, start + typedArrayByteLength(a)];
}

// Shared bytes; an empty view has none, wherever it starts (as the addon's own check says).
function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const [bufA, startA, endA] = byteRange(a);
  const [bufB, startB, endB] = byteRange(b);
  return bufA === bufB && startA < endA && startB < endB && startA < endB && startB < endA;
}

// The intrinsic getter, called on the buffer itself: it works on a buffer from
// any realm (a vm context's), where `instanceof ArrayBuffer` would say no and
// let a resizable one through. It throws for a SharedArrayBuffer, which can
// only grow (never a hazard to a job in flight). Undefined before Node 20.
const resizableGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
export const isResizable = (a: ArrayBufferView): boolean => {
  if (resizableGetter === undefined) return false;
  try {
    return resizableGetter.call(typedArrayBuffer(a)) === true;
  } catch {
    return false;
  }
};

export function checkOut(value: unknown, input: FloatArray, length: number): FloatArray {
  const tag = typedArrayTag(input)!;
  if (typedArrayTag(value) !== tag) throw typeError('options.out', `a ${tag} like the input`, value);
  const out = value as FloatArray;
  if (typedArrayLength(out) !== length) throw rangeError('options.out', `a ${tag} of length ${length}`, out);
  if (overlaps(out, input) && !sameElements(out, input)) {
    throw rangeError('options.out', 'the input itself or an array that does not overlap it', out);
  }
  return out;
}

export function checkMask(value: unknown, length: number, out: FloatArray | undefined): Uint8Array {
  if (typedArrayTag(value) !== 'Uint8Array') throw typeError('options.mask', `a Uint8Array of length ${length}`, value);
  const mask = value as Uint8Array;
  if (typedArrayLength(mask) !== length) throw rangeError('options.mask', `a Uint8Array of length ${length} (samples x channels)`, mask);
  for (let i = 0; i < length; i++) {
    if (mask[i] > 1) throw rangeError(`options.mask[${i}]`, '0 or 1', mask[i]);
  }
  if (out !== undefined && overlaps(mask, out)) throw rangeError('options.mask', 'a mask that does not overlap options.out', mask);
  return mask;
}

