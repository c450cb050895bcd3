import { randomFillSync } from 'node:crypto';

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

// OS randomness fetched 4 KiB at a time: a call without a seed needs 8 bytes,
// and fetching them one call at a time cost microseconds per call. Each byte
// is handed out once.
const entropy = Buffer.alloc(4096);
let used = entropy.length;

/** 64 random bits from the OS, as a bigint. */
export function randomSeed(): bigint {
  if (used + 8 > entropy.length) {
    randomFillSync(entropy);
    used = 0;
  }
  used += 8;
  return entropy.readBigUInt64LE(used - 8);
}

/** The seed as JSON can hold it: a number when exact, else its decimal string. */
export function seedForJson(seed: number | bigint): number | string {
  if (typeof seed === 'number') return seed;
  return seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed.toString();
}
