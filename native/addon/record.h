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

}  // namespace sd
