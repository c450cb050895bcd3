// The .npy header, versions 1.0, 2.0 and 3.0 (numpy.lib.format): magic,
// version, header length (2 bytes in 1.0, 4 after), then a Python dict literal
// padded with spaces and a newline so the data starts on a 64-byte boundary.
// We write headers byte for byte as NumPy does, so a file NumPy saved and our
// output of it have the same header.
import { DataError } from './errors.js';
import { parsePythonLiteral, type PyValue } from './python-literal.js';

/** What a header says about the array. */
export interface NpyHeader {
  /** NumPy's dtype string, e.g. `<f4`. */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** Where the header ends, read from the fixed-size start of the file. */
export interface NpyPrelude {
  version: 1 | 2 | 3;
  /** Offset of the header text. */
  headerStart: number;
  /** Offset of the array data (end of the header). */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes to read to know the header length, whatever the version. */
export const NPY_PRELUDE_BYTES = 12;
const ARRAY_ALIGN = 64;
/** NumPy leaves room for the first axis to grow to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** Far above any header of a supported dtype; guards against absurd lengths. */
const MAX_HEADER_BYTES = 1 << 20;

/** Reads the magic, version and header length. `start` holds the file's first bytes. */
export function parseNpyPrelude(start: Uint8Array): NpyPrelude {
  if (start.length < 10 || MAGIC.some((byte, i) => start[i] !== byte)) {
    throw new DataError('not a .npy file (it does not start with \\x93NUMPY)');
  }
  const [major, minor] = [start[6], start[7]];
  if (minor !== 0 || major < 1 || major > 3) {
    throw new DataError(`unsupported .npy format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  if (major > 1 && start.length < 12) throw new DataError('truncated .npy header');
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (length > MAX_HEADER_BYTES) throw new DataError(`the .npy header claims ${length} bytes, more than the ${MAX_HEADER_BYTES} accepted`);
  return { version: major as 1 | 2 | 3, headerStart, dataOffset: headerStart + length };
}

function entry(entries: Array<[PyValue, PyValue]>, key: string): PyValue {
  const found = entries.find(([k]) => k === key);
  if (found === undefined) throw new DataError(`the .npy header has no '${key}'`);
  return found[1];
}

function checkShape(value: PyValue): number[] {
  const bad = () => new DataError(`the .npy header's shape is not a tuple of non-negative integers`);
  if (value === null || typeof value !== 'object' || value.kind !== 'tuple') throw bad();
  const shape = value.items.map((dim) => {
    if (typeof dim !== 'bigint' || dim < 0n) throw bad();
    if (dim > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataError(`the .npy shape has a dimension too large: ${dim}`);
    return Number(dim);
  });
  if (shape.reduce((a, b) => a * b, 1) > Number.MAX_SAFE_INTEGER) throw new DataError('the .npy shape has too many elements');
  return shape;
}

/** Parses the header text (the bytes from `headerStart` to `dataOffset`). */
export function parseNpyHeader(text: Uint8Array, version: 1 | 2 | 3): NpyHeader {
  // NumPy: latin1 for 1.0 and 2.0, utf8 for 3.0.
  const decoded = new TextDecoder(version === 3 ? 'utf-8' : 'latin1').decode(text);
  const value = parsePythonLiteral(decoded);
  if (value === null || typeof value !== 'object' || value.kind !== 'dict') {
    throw new DataError('the .npy header is not a dict');
  }
  const keys = value.entries.map(([k]) => k);
  if (keys.length !== 3) throw new DataError(`the .npy header has keys ${JSON.stringify(keys.map(String))}, expected descr, fortran_order, shape`);
  const descr = entry(value.entries, 'descr');
  const fortranOrder = entry(value.entries, 'fortran_order');
  if (typeof fortranOrder !== 'boolean') throw new DataError("the .npy header's fortran_order is not True or False");
  if (typeof descr !== 'string') {
    throw new DataError('the .npy file holds a structured dtype; expected a plain float array');
  }
  return { descr, fortranOrder, shape: checkShape(entry(value.entries, 'shape')) };
}

const pythonTuple = (shape: readonly number[]): string =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;

/**
 * The header bytes (magic to newline) NumPy writes for this array: version
 * 1.0 when the header fits its 2-byte length, else 2.0 (or the version asked for).
 */
export function formatNpyHeader(header: NpyHeader, version?: 1 | 2 | 3): Uint8Array {
  const { descr, fortranOrder, shape } = header;
  let text = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${pythonTuple(shape)}, }`;
  if (shape.length > 0) {
    const growing = shape[fortranOrder ? shape.length - 1 : 0];
    text += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growing).length));
  }
  const body = new TextEncoder().encode(text); // ASCII: the same in latin1 and utf8
  const wrap = (v: 1 | 2 | 3) => {
    const prefix = v === 1 ? 10 : 12;
    const padding = ARRAY_ALIGN - ((prefix + body.length + 1) % ARRAY_ALIGN);
    return { v, prefix, padding, length: body.length + 1 + padding };
  };
  let layout = wrap(version ?? 1);
  if (version === undefined && layout.length > 0xffff) layout = wrap(2);
  if (layout.v === 1 && layout.length > 0xffff) throw new RangeError(`a ${layout.length}-byte header needs .npy version 2.0`);
  const bytes = new Uint8Array(layout.prefix + layout.length).fill(0x20);
  bytes.set(MAGIC, 0);
  bytes.set([layout.v, 0], 6);
  const view = new DataView(bytes.buffer);
  if (layout.v === 1) view.setUint16(8, layout.length, true);
  else view.setUint32(8, layout.length, true);
  bytes.set(body, layout.prefix);
  bytes[bytes.length - 1] = 0x0a;
  return bytes;
}
