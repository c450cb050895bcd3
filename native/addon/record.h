// The numeric half of a request from lib/backend/record.ts: one Float64Array,
// in this field order. Every value is an integer below 2^53 except the divisor,
// so a double carries each exactly. Append new fields at the end.
#pragma once
#include <cstddef>

namespace sd {

enum RecordField : size_t {
  kRecordDType,
  kRecordLayout,
  kRecordSamples,
  kRecordSpatial,
  kRecordChannels,
  kRecordSeedLow,
  kRecordSeedHigh,
  kRecordStep,
  kRecordSampleOffset,
  kRecordThreshold,
  kRecordDivisor,
  kRecordFieldCount,
};

// Bounds of the integer fields, as doubles: 2^32 (unsigned 32-bit words, and
// the threshold of rate 1) and 2^53 (counts and offsets; SPEC section 4).
constexpr double kTwo32 = 4294967296.0;
constexpr double kTwo53 = 9007199254740992.0;

}  // namespace sd
