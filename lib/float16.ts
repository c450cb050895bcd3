// Bit-exact conversions between float32 values and the two 16-bit formats,
// rounding to nearest even; NaN keeps its payload and is quieted, exactly as
// the F16C/AVX-512 conversions of the native kernel do.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 bit pattern of a number (rounded to float32 first). */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

function float32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0];
}

/** float16 bits -> value, exact. */
export function float16ToNumber(h: number): number {
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** float32 bits -> float16 bits, round to nearest even. */
export function float32BitsToFloat16(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const a = f & 0x7fffffff;
  if (a >= 0x47800000) return sign | (a > 0x7f800000 ? 0x7e00 | ((a >>> 13) & 0x3ff) : 0x7c00);
  if (a < 0x38800000) {
    // Below 2^-14 the result is subnormal: adding 0.5 in float32 rounds at 2^-24.
    return sign | (float32Bits(float32FromBits(a) + 0.5) - 0x3f000000);
  }
  return sign | ((a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13);
}

/** bfloat16 bits -> value, exact. */
export function bfloat16ToNumber(h: number): number {
  return float32FromBits(h << 16);
}

/** float32 bits -> bfloat16 bits, round to nearest even. */
export function float32BitsToBfloat16(f: number): number {
  if ((f & 0x7fffffff) > 0x7f800000) return (f >>> 16) | 0x40;
  return ((f >>> 0) + 0x7fff + ((f >>> 16) & 1)) >>> 16;
}
