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

export function readOptions(value: unknown, keys: readonly OptionKey[], name: string): Partial<Record<OptionKey, unknown>> {
  const options = readObject(value, name, 'an options object');
  let own: string[];
  try {
    own = Object.keys(options);
  } catch (error) {
    throw Object.assign(typeError(name, 'an options object with readable keys', undefined), { cause: error });
  }
  for (const key of own) {
    if (!(keys as readonly string[]).includes(key)) {
      throw typeError(`${name}.${key}`, `one of the options ${keys.join(', ')} (is it misspelled?)`, key);
    }
  }
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

const shapeLabel = (owner: string) => `${owner}.shape`;

/** `owner.shape` as a fresh array of 2 or 3 counts; `owner` names it only in errors. */
export function readShape(value: unknown, owner: string): number[] {
  if (!Array.isArray(value)) throw typeError(shapeLabel(owner), 'an array of 2 or 3 non-negative safe integers', value);
  let length: unknown;
  try {
    length = value.length;
  } catch (error) {
    throw unreadable(`${shapeLabel(owner)}.length`, error);
  }
  if (length !== 2 && length !== 3) throw rangeError(`${shapeLabel(owner)}.length`, '2 or 3 (rank 2 is one unbatched sample)', length);
  let i = 0;
  let shape: number[];
  try {
    // Element by element, so a throwing getter is named by its index; one
    // literal rather than pushes (which grow the array on every call).
    const a = value[i] as number;
    i = 1;
    const b = value[i] as number;
    i = 2;
    shape = length === 2 ? [a, b] : [a, b, value[i] as number];
  } catch (error) {
    throw unreadable(`${shapeLabel(owner)}[${i}]`, error);
  }
  for (let i = 0; i < length; i++) {
    if (!isCount(shape[i])) checkCount(shape[i], `${shapeLabel(owner)}[${i}]`);
    shape[i] += 0; // -0 is a count too, but a result's shape says 0
  }
  return shape;
}
