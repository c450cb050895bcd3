// Every backend (and every SIMD level of the native one) this machine can run,
// the wasm one where it is built, for tests that must hold on all of them. The
// public API itself runs on the backend chosen by SPATIAL_DROPOUT_BACKEND; CI
// runs the suite once per choice. A run with that variable set is about the
// backend it names, so only that one is listed (and loaded) here: the run
// without it has put every other through the same tests.
import type { Backend } from '../../lib/backend/backend.js';
import { jsBackend } from '../../lib/backend/js.js';
import { nativeBackend, type NativeBinding } from '../../lib/backend/native.js';
import { loadNativeBinding } from '../../lib/backend/native-load.js';
import { BACKEND_ENV } from '../../lib/backend/select.js';
import { loadWasmKernel, wasmBackend, type WasmKernel } from '../../lib/backend/wasm.js';

export interface BackendUnderTest {
  /** `js`, `native:avx2`, ... */
  label: string;
  backend: Backend;
  /** Makes this the active one (selects the native SIMD level). */
  activate(): void;
}

const forced = process.env[BACKEND_ENV] || undefined;
const wanted = (name: 'native' | 'wasm' | 'js') => forced === undefined || forced === name;

let binding: NativeBinding | undefined;
try {
  binding = wanted('native') ? loadNativeBinding() : undefined;
} catch {
  binding = undefined;
}

/** The native binding, or undefined where it cannot load or another backend is forced. */
export const nativeBinding = binding;

export const backendsUnderTest: BackendUnderTest[] = wanted('js')
  ? [{ label: 'js', backend: jsBackend, activate: () => undefined }]
  : [];
if (binding !== undefined) {
  const b = binding;
  const native = nativeBackend(b);
  for (const level of b.info().simdLevels) {
    backendsUnderTest.push({ label: `native:${level}`, backend: native, activate: () => b.useSimd(level) });
  }
}

let kernel: WasmKernel | undefined;
try {
  kernel = wanted('wasm') ? loadWasmKernel() : undefined;
} catch {
  kernel = undefined;
}

/** The WebAssembly kernel, or undefined where it is not built or another backend is forced. */
export const wasmKernel = kernel;

if (kernel !== undefined) {
  backendsUnderTest.push({ label: 'wasm:simd128', backend: wasmBackend(kernel), activate: () => undefined });
}
