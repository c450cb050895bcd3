// Turn option strings into the values the library takes. Only the syntax is
// checked here (commander reports it as a usage error); ranges are checked by
// the library itself, whose RangeError is a usage error too.
import { InvalidArgumentError } from 'commander';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const UNSIGNED = /^(\d+|0x[0-9a-f]+)$/i;

export function parseRate(text: string): number {
  if (!DECIMAL.test(text)) throw new InvalidArgumentError('Expected a number from 0 to 1.');
  return Number(text);
}

/** A seed up to 2^64 - 1: a number while it is a safe integer, a bigint above. */
export function parseSeed(text: string): number | bigint {
  if (!UNSIGNED.test(text)) throw new InvalidArgumentError('Expected an integer from 0 to 2^64 - 1 (decimal or 0x hex).');
  const seed = BigInt(text);
  return seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed;
}

/** A non-negative integer (the library checks its range). */
export function parseCount(text: string): number {
  if (!UNSIGNED.test(text) || BigInt(text) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError('Expected an integer from 0 to 2^53 - 1.');
  }
  return Number(text);
}

/** A training step: an integer below 2^32. */
export function parseStep(text: string): number {
  if (!UNSIGNED.test(text) || BigInt(text) >= 2n ** 32n) throw new InvalidArgumentError('Expected an integer from 0 to 2^32 - 1.');
  return Number(text);
}

/** A positive integer. */
export function parsePositive(text: string): number {
  const value = parseCount(text);
  if (value < 1) throw new InvalidArgumentError('Expected a positive integer.');
  return value;
}
