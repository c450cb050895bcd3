// Which backend runs: the native addon when it loads, else the WebAssembly
// kernel, else the TypeScript one, with the reasons recorded.
// SPATIAL_DROPOUT_BACKEND=native|wasm|js forces a choice.
import { checkCount } from '../validate.js';
import { rangeError } from '../errors.js';
import type { BackendInfo } from '../types.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js.js';
import { loadNativeBinding, nativeBackend } from './native.js';
import { loadWasmKernel, wasmBackend } from './wasm.js';

export const BACKEND_ENV = 'SPATIAL_DROPOUT_BACKEND';
const NAMES = ['native', 'wasm', 'js'] as const;

interface Selection {
  backend: Backend;
  reason?: string;
}

let selection: Selection | undefined;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function select(): Selection {
  const forced = process.env[BACKEND_ENV] || undefined;
  if (forced !== undefined && !(NAMES as readonly string[]).includes(forced)) {
    throw new Error(`${BACKEND_ENV}=${forced} is not a backend; use one of ${NAMES.join(', ')}`);
  }
  if (forced === 'js') return { backend: jsBackend, reason: `${BACKEND_ENV}=js` };
  let reason = `${BACKEND_ENV}=wasm`;
  if (forced !== 'wasm') {
    try {
      return { backend: nativeBackend(loadNativeBinding()) };
    } catch (error) {
      reason = `native addon unavailable: ${reasonOf(error)}`;
      if (forced === 'native') throw new Error(`${BACKEND_ENV}=native, but the ${reason}`, { cause: error });
    }
  }
  try {
    return { backend: wasmBackend(loadWasmKernel()), reason };
  } catch (error) {
    const wasmReason = `WebAssembly kernel unavailable: ${reasonOf(error)}`;
    if (forced === 'wasm') throw new Error(`${BACKEND_ENV}=wasm, but the ${wasmReason}`, { cause: error });
    return { backend: jsBackend, reason: `${reason}; ${wasmReason}` };
  }
}

/** The backend every call uses, chosen on first use. */
export function backend(): Backend {
  selection ??= select();
  return selection.backend;
}

/** Which backend runs, with which instruction set and how many threads; `reason` says why a faster one was passed over. */
export function backendInfo(): BackendInfo {
  const b = backend();
  const info: BackendInfo = { backend: b.name, simd: b.simd(), threads: b.threads() };
  if (selection!.reason !== undefined) info.reason = selection!.reason;
  return info;
}

/** Sets how many threads large calls are split across (process-wide; default: the CPUs available). */
export function setNumThreads(threads: number): void {
  const n = checkCount(threads, 'threads');
  if (n < 1 || n > 1024) throw rangeError('threads', 'an integer from 1 to 1024', threads);
  backend().setThreads(n);
}
