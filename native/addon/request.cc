#include "request.h"

#include <cstdint>
#include <string>

#include "record.h"

namespace sd {
namespace {


struct View {
  napi_typedarray_type type;
  size_t length;  // elements
  char* data;
  size_t bytes;
};

// One N-API call per array (this runs on every call of a microsecond budget):
// napi_get_typedarray_info fails with napi_invalid_arg for anything else.
View view_of(Napi::Env env, Napi::Value value, const char* name) {
  View v{};
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &v.type, &v.length, &data, nullptr, nullptr) != napi_ok) {
    throw Napi::TypeError::New(env, std::string(name) + " must be a typed array");
  }
  v.data = static_cast<char*>(data);
  return v;
}

size_t element_bytes(napi_typedarray_type type) {
  switch (type) {
    case napi_float32_array: return 4;
    case napi_float64_array: return 8;
    case napi_uint16_array: return 2;
    default: return 1;
  }
}

double field(Napi::Env env, const double* record, RecordField f, double max, const char* name) {
  const double v = record[f];
  // In range first, so the conversion is defined; it truncates, so an integer
  // survives the round trip and a fraction does not (no libm floor per field).
  if (!(v >= 0 && v <= max && static_cast<double>(static_cast<uint64_t>(v)) == v)) {
    throw Napi::RangeError::New(env, std::string("record field ") + name + " out of range");
  }
  return v;
}

// A RangeError as lib/errors.ts words and codes them, for the refusals that
// arguments JavaScript validation could not see through can reach.
Napi::Error public_range_error(Napi::Env env, const char* expected, const char* name, const char* received) {
  Napi::Error error = Napi::RangeError::New(env, std::string("Expected ") + expected + " for " + name +
                                                     " but received " + received);
  error.Set("code", "ERR_OUT_OF_RANGE");
  return error;
}

bool overlaps(const View& a, const View& b) {
  return a.bytes != 0 && b.bytes != 0 && a.data < b.data + b.bytes && b.data < a.data + a.bytes;
}

}  // namespace

Job job_from_record(Napi::Env env, Napi::Value value) {
  const View record = view_of(env, value, "record");
  if (record.type != napi_float64_array || record.length < kRecordFieldCount) {
    throw Napi::TypeError::New(env, "record must be a Float64Array of " + std::to_string(kRecordFieldCount) +
                                        " fields");
  }
  const double* r = reinterpret_cast<const double*>(record.data);
  Job job;
  job.dtype = static_cast<DType>(field(env, r, kRecordDType, kDTypeCount - 1, "dtype"));
  job.layout = static_cast<Layout>(field(env, r, kRecordLayout, 1, "layout"));
  job.samples = static_cast<size_t>(field(env, r, kRecordSamples, kTwo53, "samples"));
  job.spatial = static_cast<size_t>(field(env, r, kRecordSpatial, kTwo53, "spatial"));
  job.channels = static_cast<size_t>(field(env, r, kRecordChannels, kTwo53, "channels"));
  // A shape with a zero dimension is empty whatever the other two (SPEC
  // section 4), even where their product would overflow.
  size_t nc = 0, total = 0;
  const bool empty = job.samples == 0 || job.spatial == 0 || job.channels == 0;
  if (!empty && (__builtin_mul_overflow(job.samples, job.channels, &nc) ||
                 __builtin_mul_overflow(nc, job.spatial, &total) || static_cast<double>(total) > kTwo53)) {
    throw Napi::RangeError::New(env, "record shape has more than 2^53 elements");
  }
  job.mask.key0 = static_cast<uint32_t>(field(env, r, kRecordSeedLow, kTwo32 - 1, "seedLow"));
  job.mask.key1 = static_cast<uint32_t>(field(env, r, kRecordSeedHigh, kTwo32 - 1, "seedHigh"));
  job.mask.step = static_cast<uint32_t>(field(env, r, kRecordStep, kTwo32 - 1, "step"));
  job.mask.sample_offset = static_cast<uint64_t>(field(env, r, kRecordSampleOffset, kTwo53, "sampleOffset"));
  // In integers: the sum of the doubles would round (2^53 - 1 + 2 gives 2^53).
  if (job.samples > static_cast<uint64_t>(kTwo53) - job.mask.sample_offset) {
    throw Napi::RangeError::New(env, "record sampleOffset + samples exceeds 2^53");
  }
  job.mask.threshold = static_cast<uint64_t>(field(env, r, kRecordThreshold, kTwo32, "threshold"));
  // 1 - rate rounded to the dtype. Not a safety matter, but the kernels'
  // exactness arguments (arith.h) hold only for a divisor in [0, 1].
  job.divisor = r[kRecordDivisor];
  if (!(job.divisor >= 0 && job.divisor <= 1)) throw Napi::RangeError::New(env, "record field divisor out of range");
  return job;
}

size_t flag_count(Napi::Env env, const Job& job) {
  size_t flags = 0;
  if (__builtin_mul_overflow(job.samples, job.channels, &flags)) {
    throw Napi::RangeError::New(env, "record samples x channels overflows");
  }
  return flags;
}

namespace {

View bytes_view(Napi::Env env, Napi::Value value, size_t length, const char* name) {
  View v = view_of(env, value, name);
  if (v.type != napi_uint8_array) throw Napi::TypeError::New(env, std::string(name) + " must be a Uint8Array");
  if (v.length != length) {
    throw Napi::RangeError::New(env, std::string(name) + " has " + std::to_string(v.length) + " bytes, expected " +
                                         std::to_string(length));
  }
  v.bytes = v.length;
  return v;
}

}  // namespace

uint8_t* bytes_arg(Napi::Env env, Napi::Value value, size_t length, const char* name) {
  return reinterpret_cast<uint8_t*>(bytes_view(env, value, length, name).data);
}

Job job_from_args(const Napi::CallbackInfo& info, bool with_output) {
  Napi::Env env = info.Env();
  Job job = job_from_record(env, info[3]);
  static constexpr napi_typedarray_type kArrayType[kDTypeCount] = {napi_float32_array, napi_float64_array,
                                                                  napi_uint16_array, napi_uint16_array};
  const napi_typedarray_type want = kArrayType[static_cast<int>(job.dtype)];
  auto tensor_view = [&](Napi::Value value, const char* name) {
    View v = view_of(env, value, name);
    if (v.type != want) throw Napi::TypeError::New(env, "input and output must match the record's dtype");
    if (v.length != job.elements()) {
      throw Napi::RangeError::New(env, "array length " + std::to_string(v.length) + " does not match the shape (" +
                                           std::to_string(job.elements()) + " elements)");
    }
    v.bytes = v.length * element_bytes(v.type);
    return v;
  };
  const View in = tensor_view(info[0], "input");
  const View out = with_output ? tensor_view(info[1], "output") : View{};
  // Reachable through the public API: two SharedArrayBuffer objects over the
  // same memory look distinct to JavaScript, so only this check sees them.
  if (in.data != out.data && overlaps(in, out)) {
    throw public_range_error(env, "the input itself or an array that does not overlap it", "options.out",
                             "an array over part of the input's memory");
  }
  job.input = in.data;
  job.output = out.data;
  const napi_valuetype mask_type = info[2].Type();
  if (mask_type != napi_null && mask_type != napi_undefined) {
    const View mask = bytes_view(env, info[2], flag_count(env, job), "mask");
    if (overlaps(mask, out)) {
      throw public_range_error(env, "a mask that does not overlap options.out", "options.mask",
                               "a mask over part of the output's memory");
    }
    job.mask.explicit_keep = reinterpret_cast<const uint8_t*>(mask.data);
  }
  return job;
}

}  // namespace sd
