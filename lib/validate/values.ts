// Checks of single values (SPEC section 4): each returns the value, or its
// default when absent, or throws a TypeError/RangeError naming the argument.
import { DTYPES } from '../dtype.js';
import { rangeError, typeError } from '../errors.js';
import type { DType, Layout } from '../types.js';

const TWO32 = 2 ** 32;
const TWO53 = 2 ** 53;
const TWO64 = 2n ** 64n;

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The mask threshold of a checked rate: dropped iff the Philox word is below it (SPEC section 2). */
export const thresholdOf = (rate: number): number => Math.floor(rate * TWO32 + 0.5);

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

/** A step; absent, 0, unless `required` (a layer's step setter, where undefined is a mistake). */
export function checkStep(value: unknown, name = 'step', required = false): number {
  if (value === undefined && !required) return 0;
  if (typeof value !== 'number') throw typeError(name, 'an integer from 0 to 2^32 - 1', value);
  if (!isInteger(value) || value < 0 || value >= TWO32) throw rangeError(name, 'an integer from 0 to 2^32 - 1', value);
  return value;
}

export function checkSampleOffset(value: unknown, samples: number, name: string): number {
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

export const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError(name, 'a non-negative safe integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(name, 'a non-negative safe integer', value);
  return value;
}

