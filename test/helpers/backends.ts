// Every backend (and every SIMD level of the native one) this machine can run,
// the wasm one where it is built, for tests that must hold on all of them. The
// public API itself runs on the backend chosen by SPATIAL_DROPOUT_BACKEND; CI
// runs the suite once per choice.
import type { Backend } from '../../lib/backend/backend.js';
import { jsBackend } from '../../lib/backend/js.js';
import { nativeBackend, type NativeBinding } from '../../lib/backend/native.js';
import { loadNativeBinding } from '../../lib/backend/native-load.js';
import { loadWasmKernel, wasmBackend, type WasmKernel } from '../../lib/backend/wasm.js';

export interface BackendUnderTest {
  /** `js`, `native:avx2`, ... */
  label: string;
  backend: Backend;
  /** Makes this the active one (selects the native SIMD level). */
  activate(): void;
}

let binding: NativeBinding | undefined;
try {
  binding = loadNativeBinding();
} catch {
  binding = undefined;
}

/** The native binding, or undefined where it cannot load. */
export const nativeBinding = binding;

export const backendsUnderTest: BackendUnderTest[] = [
  { label: 'js', backend: jsBackend, activate: () => undefined },
];
if (binding !== undefined) {
  const b = binding;
  const native = nativeBackend(b);
  for (const level of b.info().simdLevels) {
    backendsUnderTest.push({ label: `native:${level}`, backend: native, activate: () => b.useSimd(level) });
  }
}

let kernel: WasmKernel | undefined;
try {
  kernel = loadWasmKernel();
} catch {
  kernel = undefined;
}

/** The WebAssembly kernel, or undefined where it is not built. */
export const wasmKernel = kernel;

if (kernel !== undefined) {
  backendsUnderTest.push({ label: 'wasm:simd128', backend: wasmBackend(kernel), activate: () => undefined });
}
