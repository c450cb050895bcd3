// Which backend runs: the native addon when it loads, else the WebAssembly
// kernel, else the TypeScript one, with the reasons recorded.
// SPATIAL_DROPOUT_BACKEND=native|wasm|js forces a choice.
import { checkCount } from '../validate/values.js';
import { rangeError } from '../errors.js';
import type { BackendInfo } from '../types.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js.js';
import { nativeBackend } from './native.js';
import { loadNativeBinding } from './native-load.js';
import { loadWasmKernel, wasmBackend } from './wasm.js';

export const BACKEND_ENV = 'SPATIAL_DROPOUT_BACKEND';
const NAMES = ['native', 'wasm', 'js'] as const;

// The faster backends, best first: what each is called in a reason, and how it loads.
const CANDIDATES = [
  { name: 'native', label: 'native addon', load: () => nativeBackend(loadNativeBinding()) },
  { name: 'wasm', label: 'WebAssembly kernel', load: () => wasmBackend(loadWasmKernel()) },
] as const;

interface Selection {
  backend: Backend;
  reason?: string;
}

let selection: Selection | undefined;

// Every line of the loader's message, joined: node-gyp-build names what it
// looked for on one line and where it looked on the next.
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}

function select(): Selection {
  const forced = process.env[BACKEND_ENV] || undefined;
  if (forced !== undefined && !(NAMES as readonly string[]).includes(forced)) {
    throw new Error(`${BACKEND_ENV}=${forced} is not a backend; use one of ${NAMES.join(', ')}`);
  }
  if (forced === 'js') return { backend: jsBackend, reason: `${BACKEND_ENV}=js` };
  const reasons = forced === 'wasm' ? [`${BACKEND_ENV}=wasm`] : [];
  for (const candidate of CANDIDATES) {
    if (forced !== undefined && forced !== candidate.name) continue;
    try {
      const backend = candidate.load();
      return reasons.length > 0 ? { backend, reason: reasons.join('; ') } : { backend };
    } catch (error) {
      const why = `${candidate.label} unavailable: ${reasonOf(error)}`;
      if (forced !== undefined) throw new Error(`${BACKEND_ENV}=${forced}, but the ${why}`, { cause: error });
      reasons.push(why);
    }
  }
  return { backend: jsBackend, reason: reasons.join('; ') };
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
