// Resizable ArrayBuffers and jobs that run off the JS thread. Shrinking such a
// buffer decommits its tail at once, so a job still reading or writing there
// would fault. A synchronous call cannot meet one shrinking (no JS runs during
// it); a queued async job refuses them up front. lib/validate/arrays.ts refuses
// them too; this is for code that calls the binding itself.
#pragma once
#include <napi.h>

namespace sd {

class ResizableCheck {
 public:
  // Captures ArrayBuffer.prototype's `resizable` getter while the globals are
  // still the runtime's own (there is none before Node 20: nothing to refuse).
  explicit ResizableCheck(Napi::Env env);

  // Whether a typed array's buffer is a resizable ArrayBuffer. A
  // SharedArrayBuffer (the getter throws for one) can only grow: no.
  bool resizable(Napi::Value typed_array) const;

 private:
  Napi::FunctionReference getter_;
};

}  // namespace sd
