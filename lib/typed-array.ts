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
