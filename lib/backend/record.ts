import { DTYPES } from '../dtype.js';
import type { MaskRequest, Request } from '../validate.js';

// The numeric half of a request as the native and wasm kernels read it: one
// Float64Array in the field order of native/addon/record.h. Every field but the
// divisor is an integer below 2^53, so a double carries each exactly.
const enum Field {
  DType, Layout, Samples, Spatial, Channels, SeedLow, SeedHigh, Step, SampleOffset, Threshold, Divisor, Count,
}

/** Number of fields; the native binding reports its own count and must agree. */
export const RECORD_FIELDS = Field.Count;

/** Where the divisor sits: the one real-valued field (tests corrupt it). */
export const RECORD_DIVISOR = Field.Divisor;

/** Writes a request (or just its mask part) into `record`. */
export function encodeRecord(r: Request | MaskRequest, record = new Float64Array(RECORD_FIELDS)): Float64Array {
  const full = 'dtype' in r;
  record[Field.DType] = full ? DTYPES[r.dtype].code : 0;
  record[Field.Layout] = full && r.layout === 'channelsFirst' ? 1 : 0;
  record[Field.Samples] = r.samples;
  record[Field.Spatial] = full ? r.spatial : 1;
  record[Field.Channels] = r.channels;
  record[Field.SeedLow] = r.seed.low;
  record[Field.SeedHigh] = r.seed.high;
  record[Field.Step] = r.step;
  record[Field.SampleOffset] = r.sampleOffset;
  record[Field.Threshold] = r.threshold;
  record[Field.Divisor] = full ? r.divisor : 1;
  return record;
}
