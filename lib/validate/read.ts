// Reading the caller's objects: each property once, in order, every one at its
// own site (one generic `object[key]` would be a megamorphic load on every
// call), keeping track of where the reader is so that a throwing getter or
// proxy trap becomes a TypeError naming the property. Names are built only then.
import { rangeError, typeError } from '../errors.js';
import { checkCount, isCount } from './values.js';

// dropoutMask's options are the first four of a call's (readOptions relies on it).
export const OPTION_KEYS = ['rate', 'seed', 'step', 'sampleOffset', 'layout', 'out', 'mask'] as const;
export const MASK_OPTION_KEYS = ['rate', 'seed', 'step', 'sampleOffset'] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

/** The TypeError for a property whose getter or proxy trap threw. */
function unreadable(name: string, cause: unknown): TypeError {
  return Object.assign(typeError(name, 'a readable property', undefined), { cause });
}

function readObject(value: unknown, name: string, expected: string): object {
  if (typeof value !== 'object' || value === null) throw typeError(name, expected, value);
  return value;
}

/**
 * Throws for an own key of `value` that is not one of `keys`: a misspelled
 * option would otherwise be ignored, and a default silently used instead.
 */
export function checkKnownKeys(value: object, keys: readonly string[], name: string, noun = 'the options'): void {
  let own: string[];
  try {
    own = Object.keys(value);
  } catch (error) {
    throw Object.assign(typeError(name, 'an object with readable keys', undefined), { cause: error });
  }
  for (const key of own) {
    if (!keys.includes(key)) throw typeError(`${name}.${key}`, `one of ${noun} ${keys.join(', ')} (is it misspelled?)`, key);
  }
}

export function readOptions(value: unknown, keys: readonly OptionKey[], name: string): Partial<Record<OptionKey, unknown>> {
  const options = readObject(value, name, 'an options object');
  checkKnownKeys(options, keys, name);
  const o = options as Record<OptionKey, unknown>;
  let key: OptionKey = 'rate';
  try {
    const rate = o.rate;
    key = 'seed';
    const seed = o.seed;
    key = 'step';
    const step = o.step;
    key = 'sampleOffset';
    const sampleOffset = o.sampleOffset;
    if (keys.length === MASK_OPTION_KEYS.length) return { rate, seed, step, sampleOffset };
    key = 'layout';
    const layout = o.layout;
    key = 'out';
    const out = o.out;
    key = 'mask';
    const mask = o.mask;
    return { rate, seed, step, sampleOffset, layout, out, mask };
  } catch (error) {
    throw unreadable(`${name}.${key}`, error);
  }
}

/** `keys` of `value`, each read once, in order: for calls off the hot path (one generic load per key). */
export function readFields<K extends string>(value: object, keys: readonly K[], name: string): Record<K, unknown> {
  const fields = {} as Record<K, unknown>;
  let key = keys[0];
  try {
    for (key of keys) fields[key] = (value as Record<K, unknown>)[key];
  } catch (error) {
    throw unreadable(`${name}.${key}`, error);
  }
  return fields;
}

/** A tensor's three fields, each read once. */
export function readTensor(value: unknown, name: string): { data: unknown; shape: unknown; dtype: unknown } {
  const t = readObject(value, name, 'a tensor { data, shape, dtype? }') as Record<'data' | 'shape' | 'dtype', unknown>;
  let key = 'data';
  try {
    const data = t.data;
    key = 'shape';
    const shape = t.shape;
    key = 'dtype';
    const dtype = t.dtype;
    return { data, shape, dtype };
  } catch (error) {
    throw unreadable(`${name}.${key}`, error);
  }
}

// `owner.shape`, or `shape` for a shape given alone; built only for a message.
const shapeName = (owner: string | undefined) => (owner === undefined ? 'shape' : `${owner}.shape`);

/**
 * The elements of a shape array (`owner.shape`), which must have 2 or 3, each
 * read once into a fresh array (a hole reads as undefined). `expected`
 * describes the array in the error for anything else.
 */
export function readShapeElements(value: unknown, owner: string | undefined, expected: string): unknown[] {
  let isArray: boolean;
  try {
    isArray = Array.isArray(value); // throws for a revoked proxy
  } catch (error) {
    throw unreadable(shapeName(owner), error);
  }
  if (!isArray) throw typeError(shapeName(owner), expected, value);
  const array = value as unknown[];
  let length: unknown;
  try {
    length = array.length;
  } catch (error) {
    throw unreadable(`${shapeName(owner)}.length`, error);
  }
  if (length !== 2 && length !== 3) {
    throw rangeError(`${shapeName(owner)}.length`, '2 or 3 (rank 2 is one unbatched sample)', length);
  }
  let i = 0;
  try {
    // Element by element, so a throwing getter is named by its index; one
    // literal rather than pushes (which grow the array on every call).
    const a = array[i];
    i = 1;
    const b = array[i];
    i = 2;
    return length === 2 ? [a, b] : [a, b, array[i]];
  } catch (error) {
    throw unreadable(`${shapeName(owner)}[${i}]`, error);
  }
}

/** `owner.shape` as a fresh array of 2 or 3 counts; `owner` names it only in errors. */
export function readShape(value: unknown, owner: string): number[] {
  const shape = readShapeElements(value, owner, 'an array of 2 or 3 non-negative safe integers') as number[];
  for (let i = 0; i < shape.length; i++) {
    if (!isCount(shape[i])) checkCount(shape[i], `${shapeName(owner)}[${i}]`);
    shape[i] += 0; // -0 is a count too, but a result's shape says 0
  }
  return shape;
}
