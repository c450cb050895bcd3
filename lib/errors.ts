// Every argument error is built here, so all messages read the same way:
// "Expected <what> for <argument> but received <value>", with Node's own error
// codes so that callers can branch without parsing text.

/** `code` of a wrong-type argument (a `TypeError`). */
export const ERR_INVALID_ARG_TYPE = 'ERR_INVALID_ARG_TYPE';
/** `code` of an argument of the right type but a wrong value (a `RangeError`). */
export const ERR_OUT_OF_RANGE = 'ERR_OUT_OF_RANGE';

import { types } from 'node:util';
import { typedArrayLength, typedArrayTag } from './typed-array.js';

const { isProxy } = types;

type CodedError<E extends Error> = E & { code: string };

/** A short description of any value that never runs user code and never throws. */
export function describe(value: unknown): string {
  try {
    switch (typeof value) {
      case 'number':
        return Object.is(value, -0) ? '-0 of type number' : `${value} of type number`;
      case 'bigint':
        return `${value}n of type bigint`;
      case 'string':
        return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)} of type string`;
      case 'undefined':
        return 'undefined';
      case 'boolean':
        return `${value} of type boolean`;
      case 'symbol':
        return 'a symbol';
      case 'function':
        return 'a function';
      default: {
        if (value === null) return 'null';
        const tag = typedArrayTag(value);
        if (tag !== undefined) return `${tag} of length ${typedArrayLength(value as Uint8Array)}`;
        // A proxy's length would run its trap: caller code.
        if (Array.isArray(value)) return isProxy(value) ? 'an array' : `an array of length ${value.length}`;
        return 'an object';
      }
    }
  } catch {
    return 'an unreadable value';
  }
}

function coded<E extends Error>(ErrorType: new (message: string) => E, code: string, name: string, expected: string,
  received: string): CodedError<E> {
  return Object.assign(new ErrorType(`Expected ${expected} for ${name} but received ${received}`), { code });
}

export function typeError(name: string, expected: string, received: unknown): CodedError<TypeError> {
  return coded(TypeError, ERR_INVALID_ARG_TYPE, name, expected, describe(received));
}

export function rangeError(name: string, expected: string, received: unknown): CodedError<RangeError> {
  return coded(RangeError, ERR_OUT_OF_RANGE, name, expected, describe(received));
}

/**
 * The RangeError for a shape that does not fit, the shape shown in full: it
 * is the library's own copy, whose elements it may read (`describe` shows a
 * caller's array by its length only).
 */
export function shapeError(name: string, expected: string, shape: readonly number[]): CodedError<RangeError> {
  return coded(RangeError, ERR_OUT_OF_RANGE, name, expected, `[${shape.join(', ')}]`);
}
