// Every argument error is built here, so all messages read the same way:
// "Expected <what> for <argument> but received <value>", with Node's own error
// codes so that callers can branch without parsing text.

/** `code` of a wrong-type argument (a `TypeError`). */
export const ERR_INVALID_ARG_TYPE = 'ERR_INVALID_ARG_TYPE';
/** `code` of an argument of the right type but a wrong value (a `RangeError`). */
export const ERR_OUT_OF_RANGE = 'ERR_OUT_OF_RANGE';

import { typedArrayLength, typedArrayTag } from './typed-array.js';

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
        if (Array.isArray(value)) return `an array of length ${value.length}`;
        return 'an object';
      }
    }
  } catch {
    return 'an unreadable value';
  }
}

export function typeError(name: string, expected: string, received: unknown): CodedError<TypeError> {
  return Object.assign(new TypeError(`Expected ${expected} for ${name} but received ${describe(received)}`), {
    code: ERR_INVALID_ARG_TYPE,
  });
}

export function rangeError(name: string, expected: string, received: unknown): CodedError<RangeError> {
  return Object.assign(new RangeError(`Expected ${expected} for ${name} but received ${describe(received)}`), {
    code: ERR_OUT_OF_RANGE,
  });
}
