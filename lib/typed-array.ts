// The intrinsic %TypedArray% accessors: a caller cannot shadow them with own
// properties or fool them with a Proxy, unlike `x.length` or `instanceof`.
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const intrinsic = (key: PropertyKey) => Object.getOwnPropertyDescriptor(typedArrayProto, key)!.get!;
const tagGetter = intrinsic(Symbol.toStringTag);
const lengthGetter = intrinsic('length');
const bufferGetter = intrinsic('buffer');
const byteOffsetGetter = intrinsic('byteOffset');
const byteLengthGetter = intrinsic('byteLength');

/** `Float32Array`, `Uint16Array`, ... for a real typed array, else undefined. */
export function typedArrayTag(value: unknown): string | undefined {
  return tagGetter.call(value) as string | undefined;
}
export const typedArrayLength = (a: ArrayBufferView): number => lengthGetter.call(a) as number;
export const typedArrayBuffer = (a: ArrayBufferView): ArrayBufferLike => bufferGetter.call(a) as ArrayBufferLike;
export const typedArrayByteOffset = (a: ArrayBufferView): number => byteOffsetGetter.call(a) as number;
export const typedArrayByteLength = (a: ArrayBufferView): number => byteLengthGetter.call(a) as number;

/** Whether a and b view the same memory from the same start (a view of itself, or two views alike). */
export const sameElements = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  a === b || (typedArrayBuffer(a) === typedArrayBuffer(b) && typedArrayByteOffset(a) === typedArrayByteOffset(b));

const PLAIN = { Float32Array, Float64Array, Uint16Array, Uint8Array } as const;

/**
 * A new view of the same elements as `a` (a checked Float32, Float64, Uint16 or
 * Uint8 array) made by the intrinsic constructor, so that its methods (`set`,
 * `subarray`, `fill`) run no caller code: none of `a`'s own properties, no
 * species constructor of its. Empty arrays, whose buffer may be detached, come
 * back as they are: there is nothing to copy.
 */
export function plainView<T extends ArrayBufferView>(a: T): T {
  const length = lengthGetter.call(a) as number;
  if (length === 0) return a;
  const View = PLAIN[typedArrayTag(a) as keyof typeof PLAIN];
  return new View(typedArrayBuffer(a) as ArrayBuffer, typedArrayByteOffset(a), length) as unknown as T;
}
