// Output arrays that are cheap to create and to fill.
//
// A fresh `new Float32Array(n)` of 32 MiB costs tens of milliseconds before
// the kernel writes a byte: the kernel zeroes it, and the first touch of every
// 4 KiB page is a fault. Outputs from here come from 2 MiB-aligned anonymous
// mappings advised for transparent huge pages (one fault per 2 MiB), and a
// collected output's mapping is kept in a small bounded cache for the next call
// of a similar size, so a training loop stops faulting altogether. The contents
// are unspecified: only for outputs the kernel overwrites entirely.
//
// V8 counts an external ArrayBuffer's length as it counts an ordinary one's,
// so it collects outputs as it would ordinary arrays. Node runs the finalizer
// that returns a mapping from a later turn of the event loop, so a synchronous
// loop cannot give memory back as it goes: past kMaxOutstandingBytes not yet
// returned, allocate() declines and the caller falls back to an ordinary
// array, which V8 frees during collection itself; adviseHugePages() still
// spares that array most of its page faults.
#pragma once
#include <napi.h>

namespace sd {

// A mapping taken from the cache (or newly mapped) for an output of `length`
// bytes; empty when allocate would decline. Goes back to the cache when
// destroyed, unless wrap_output has handed it to V8.
class OutputMapping {
 public:
  OutputMapping() = default;
  OutputMapping(void* data, size_t mapped, size_t length) : data_(data), mapped_(mapped), length_(length) {}
  OutputMapping(OutputMapping&& other) noexcept
      : data_(other.data_), mapped_(other.mapped_), length_(other.length_) {
    other.data_ = nullptr;
  }
  OutputMapping(const OutputMapping&) = delete;
  OutputMapping& operator=(const OutputMapping&) = delete;
  OutputMapping& operator=(OutputMapping&&) = delete;
  ~OutputMapping();

  explicit operator bool() const { return data_ != nullptr; }
  void* data() const { return data_; }
  size_t mapped() const { return mapped_; }
  size_t length() const { return length_; }
  void release() { data_ = nullptr; }

 private:
  void* data_ = nullptr;
  size_t mapped_ = 0, length_ = 0;
};

OutputMapping take_output(size_t length);

// The mapping as an external ArrayBuffer of its length, or undefined (the
// mapping then goes back to the cache) where the runtime refuses one.
Napi::Value wrap_output(Napi::Env env, OutputMapping output);

// allocate(byteLength) -> ArrayBuffer | undefined. Undefined where the
// platform or runtime cannot (no mmap; napi_no_external_buffers_allowed, as in
// Electron's sandbox) or when too much is outstanding: the caller then uses an
// ordinary array.
Napi::Value allocate_output(const Napi::CallbackInfo& info);

// adviseHugePages(arrayBuffer): asks for transparent huge pages on the 2 MiB
// blocks inside an ordinary, not yet touched ArrayBuffer (a large one comes
// straight from mmap, untouched). Only advice: the memory stays V8's.
Napi::Value advise_huge_pages(const Napi::CallbackInfo& info);

// trimAllocator() -> boolean: gives back to the system the cached mappings
// idle for two seconds; true while any mapping is cached or handed out.
// lib/backend/native.ts calls it from an unref'd timer, so an idle program
// does not keep its last outputs' memory.
Napi::Value trim_allocator(const Napi::CallbackInfo& info);

// What the cache holds, for the benchmark's RSS check: [cached bytes, cached
// mappings, outstanding bytes].
Napi::Value allocator_stats(const Napi::CallbackInfo& info);

}  // namespace sd
