import { randomBytes } from 'node:crypto';

/** A 64-bit seed as the Philox key words (SPEC section 2). */
export interface SeedWords {
  low: number;
  high: number;
}

const TWO32 = 2 ** 32;

/** Key words of a seed already checked to be an integer in [0, 2^64). */
export function seedWords(seed: number | bigint): SeedWords {
  if (typeof seed === 'bigint') {
    return { low: Number(seed & 0xffffffffn), high: Number(seed >> 32n) };
  }
  return { low: seed % TWO32, high: Math.floor(seed / TWO32) };
}

/** 64 random bits from the OS, as a bigint. */
export function randomSeed(): bigint {
  return randomBytes(8).readBigUInt64LE(0);
}

/** The seed as JSON can hold it: a number when exact, else its decimal string. */
export function seedForJson(seed: number | bigint): number | string {
  if (typeof seed === 'number') return seed;
  return seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed.toString();
}
