{
  # The kernel template is compiled once per instruction set, each in its own
  # static library with its own target flags; nothing else gets -mavx*, so the
  # addon loads on any x86-64 and picks the best set at run time (isa.cc).
  "target_defaults": {
    "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-Wall", "-Wextra", "-Wno-psabi"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y"],
    "cflags!": ["-fno-exceptions"],
    "xcode_settings": {"GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "c++17"},
    "msvs_settings": {"VCCLCompilerTool": {"ExceptionHandling": 1}},
  },
  "targets": [
    {
      "target_name": "kernel_portable",
      "type": "static_library",
      "sources": ["native/kernel/kernel_scalar.cc"],
      "conditions": [
        ["target_arch=='x64'", {"sources": ["native/kernel/kernel_sse2.cc"]}],
        ["target_arch=='arm64'", {"sources": ["native/kernel/kernel_neon.cc"]}],
      ],
    },
    {
      "target_name": "kernel_avx2",
      "type": "static_library",
      "conditions": [["target_arch=='x64'", {
        "sources": ["native/kernel/kernel_avx2.cc"],
        "cflags_cc": ["-mavx2", "-mfma", "-mf16c"],
      }]],
    },
    {
      "target_name": "kernel_avx512",
      "type": "static_library",
      "conditions": [["target_arch=='x64'", {
        "sources": ["native/kernel/kernel_avx512.cc"],
        "cflags_cc": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mavx2", "-mfma", "-mf16c",
                      # GCC 12 false positives inside its own _mm512_undefined_* helpers
                      # (the same template built for the other targets still warns).
                      "-Wno-maybe-uninitialized", "-Wno-uninitialized"],
      }]],
    },
    {
      "target_name": "spatial_dropout",
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all",
        "kernel_portable", "kernel_avx2", "kernel_avx512",
      ],
      # A terminating worker_thread refuses N-API calls; without the swallow
      # switch node-addon-api rethrows that refusal and aborts the process.
      "defines": ["NAPI_VERSION=8", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "sources": [
        "native/addon/addon.cc",
        "native/addon/allocator.cc",
        "native/addon/async_run.cc",
        "native/addon/ceiling.cc",
        "native/addon/request.cc",
        "native/addon/resizable.cc",
        "native/kernel/cache_size.cc",
        "native/kernel/cpu.cc",
        "native/kernel/isa.cc",
        "native/kernel/rows.cc",
        "native/kernel/run.cc",
        "native/kernel/thread_pool.cc",
      ],
    },
  ],
}
