// The .npy header parser and formatter, against headers NumPy wrote
// (test/fixtures/npy, made by make_npy_fixtures.py) and malformed ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../lib/cli/errors.js';
import { formatNpyHeader, parseNpyHeader, parseNpyPrelude, type NpyHeader } from '../../lib/cli/npy-header.js';
import { FIXTURES } from './helpers.js';

function headerOf(bytes: Uint8Array): NpyHeader & { version: number; dataOffset: number } {
  const prelude = parseNpyPrelude(bytes.subarray(0, 12));
  return { ...parseNpyHeader(bytes.subarray(prelude.headerStart, prelude.dataOffset), prelude.version), ...prelude };
}

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** A whole header (magic, version 1.0, length, text) around arbitrary text. */
function rawHeader(text: string, version = 1): Uint8Array {
  const body = Buffer.from(`${text}\n`, 'latin1');
  const prefix = Buffer.from(version === 1 ? [0x93, 78, 85, 77, 80, 89, 1, 0, 0, 0] : [0x93, 78, 85, 77, 80, 89, version, 0, 0, 0, 0, 0]);
  if (version === 1) prefix.writeUInt16LE(body.length, 8); else prefix.writeUInt32LE(body.length, 8);
  return new Uint8Array(Buffer.concat([prefix, body]));
}

describe('headers NumPy wrote', () => {
  const cases = [
    ['f4_v1.npy', 1, '<f4', [3, 4, 5]],
    ['f8_v2.npy', 2, '<f8', [3, 4, 5]],
    ['f2_v3.npy', 3, '<f2', [3, 4, 5]],
    ['f4_rank2.npy', 1, '<f4', [6, 5]],
    ['f4_empty.npy', 1, '<f4', [0, 4, 5]],
    ['mask_u1.npy', 1, '|u1', [3, 5]],
    ['mask_b1.npy', 1, '|b1', [3, 5]],
    ['f4_big_endian.npy', 1, '>f4', [3, 4, 5]],
  ] as const;

  it.each(cases)('%s parses to version %i, %s, shape %j', (name, version, descr, shape) => {
    const h = headerOf(fixture(name));
    expect(h).toMatchObject({ version, descr, fortranOrder: false, shape });
    expect(h.dataOffset % 64).toBe(0);
  });

  it.each(cases)('%s: our header for the same array is byte-identical to NumPy\'s', (name, version, descr, shape) => {
    const bytes = fixture(name);
    const ours = formatNpyHeader({ descr, fortranOrder: false, shape: [...shape] }, version);
    expect(Buffer.from(ours).equals(Buffer.from(bytes.subarray(0, headerOf(bytes).dataOffset)))).toBe(true);
  });

  it('reads fortran_order True', () => {
    expect(headerOf(fixture('f4_fortran.npy')).fortranOrder).toBe(true);
  });

  it("reads Python 2's L-suffixed integers", () => {
    expect(headerOf(fixture('f4_python2_header.npy')).shape).toEqual([2, 3, 4]);
  });

  it('refuses a structured dtype (descr is a list)', () => {
    expect(() => headerOf(fixture('structured.npy'))).toThrow(/structured dtype/);
  });
});

describe('formatNpyHeader', () => {
  it('round-trips shapes of every rank, with the data 64-byte aligned', () => {
    const shapes = [[], [0], [7], [1, 1], [2 ** 40, 3], [9007199254740991], [5, 0, 3], [123456789, 17, 4096]];
    for (const shape of shapes) {
      for (const fortranOrder of [false, true]) {
        const bytes = formatNpyHeader({ descr: '<f8', fortranOrder, shape });
        expect(bytes.length % 64).toBe(0);
        expect(bytes[bytes.length - 1]).toBe(0x0a);
        expect(headerOf(bytes)).toMatchObject({ version: 1, descr: '<f8', fortranOrder, shape });
      }
    }
  });

  it('switches to version 2.0 when the header outgrows 65535 bytes', () => {
    const shape = new Array(30000).fill(1);
    const bytes = formatNpyHeader({ descr: '<f4', fortranOrder: false, shape });
    expect(bytes[6]).toBe(2);
    expect(headerOf(bytes).shape).toEqual(shape);
    expect(() => formatNpyHeader({ descr: '<f4', fortranOrder: false, shape }, 1)).toThrow(RangeError);
  });
});

describe('malformed headers are DataErrors', () => {
  const good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  const texts: Array<[string, string, RegExp]> = [
    ['missing key', "{'descr': '<f4', 'shape': (2, 3), }", /keys/],
    ['extra key', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", /keys/],
    ['duplicate key', "{'descr': '<f4', 'descr': '<f4', 'shape': (2, 3)}", /no 'fortran_order'/],
    ['shape not a tuple', "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}", /shape/],
    ['(5) is not a tuple', "{'descr': '<f4', 'fortran_order': False, 'shape': (5)}", /shape/],
    ['negative dimension', "{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3)}", /shape/],
    ['huge dimension', "{'descr': '<f4', 'fortran_order': False, 'shape': (9007199254740992,)}", /too large/],
    ['too many elements', "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", /too many/],
    ['fortran_order not a bool', "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", /fortran_order/],
    ['leading zero', "{'descr': '<f4', 'fortran_order': False, 'shape': (02, 3)}", /leading zero/],
    ['unterminated string', "{'descr': '<f4, 'fortran_order': False}", /parse/],
    ['a call', "{'descr': dtype('<f4'), 'fortran_order': False, 'shape': (2, 3)}", /parse/],
    ['not a dict', "('<f4', False, (2, 3))", /not a dict/],
    ['text after the dict', `${good} x`, /after the literal/],
    ['empty', '', /parse/],
  ];
  it.each(texts)('%s', (_, text, message) => {
    expect(() => headerOf(rawHeader(text))).toThrow(DataError);
    expect(() => headerOf(rawHeader(text))).toThrow(message);
  });

  it('accepts the same header in versions 1, 2 and 3, and double quotes', () => {
    for (const version of [1, 2, 3]) expect(headerOf(rawHeader(good, version)).shape).toEqual([2, 3]);
    expect(headerOf(rawHeader(good.replaceAll("'", '"'))).descr).toBe('<f4');
  });

  it('refuses a wrong magic, unknown versions and absurd lengths', () => {
    const bytes = rawHeader(good);
    expect(() => parseNpyPrelude(new Uint8Array(Buffer.from('PK\x03\x04 not npy')))).toThrow(/not a .npy file/);
    for (const [major, minor] of [[0, 0], [4, 0], [1, 1]]) {
      const copy = bytes.slice();
      copy[6] = major;
      copy[7] = minor;
      expect(() => parseNpyPrelude(copy)).toThrow(/unsupported .npy format version/);
    }
    const huge = rawHeader(good, 2).slice(0, 12);
    new DataView(huge.buffer).setUint32(8, 2 ** 31, true);
    expect(() => parseNpyPrelude(huge)).toThrow(/more than/);
    expect(() => parseNpyPrelude(bytes.subarray(0, 9))).toThrow(/not a .npy file/);
  });
});
