// Which backend runs: the native addon when it loads, else the TypeScript one,
// with the reason recorded. SPATIAL_DROPOUT_BACKEND=native|js forces a choice.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { checkCount } from '../validate.js';
import { rangeError } from '../errors.js';
import type { BackendInfo } from '../types.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js.js';
import { loadNativeBinding, nativeBackend, PACKAGE_ROOT } from './native.js';

export const BACKEND_ENV = 'SPATIAL_DROPOUT_BACKEND';
const NAMES = ['native', 'js'] as const;

interface Selection {
  backend: Backend;
  reason?: string;
}

let selection: Selection | undefined;

// Every line of the loader's message: node-gyp-build names what it looked for
// (platform, arch, libc, Node) on the first and where it looked on the second.
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}

/** node-gyp-build found no binary for this machine, or the one it found would not load. */
function isMissingBinary(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED' || error.message.startsWith('No native build was found');
}

/** Which binaries this install ships, and how a user builds one for their machine. */
function remedy(): string {
  const dir = path.join(PACKAGE_ROOT, 'prebuilds');
  const list = (p: string) => {
    try {
      return readdirSync(path.join(dir, p));
    } catch {
      return [];
    }
  };
  const shipped = list('').flatMap((platform) => list(platform).map((file) => `prebuilds/${platform}/${file}`));
  const have = shipped.length > 0 ? `This install has ${shipped.join(', ')}` : 'This install has no prebuilt binaries';
  return `${have}. To build one, allow spatial-dropout's install script and run \`npm rebuild spatial-dropout\` (needs python3, make and a C++17 compiler)`;
}

function select(): Selection {
  const forced = process.env[BACKEND_ENV] || undefined;
  if (forced !== undefined && !(NAMES as readonly string[]).includes(forced)) {
    throw new Error(`${BACKEND_ENV}=${forced} is not a backend; use one of ${NAMES.join(', ')}`);
  }
  if (forced === 'js') return { backend: jsBackend, reason: `${BACKEND_ENV}=js` };
  try {
    return { backend: nativeBackend(loadNativeBinding()) };
  } catch (error) {
    const missing = isMissingBinary(error) ? `. ${remedy()}` : '';
    const reason = `native addon unavailable: ${reasonOf(error)}${missing}`;
    if (forced === 'native') throw new Error(`${BACKEND_ENV}=native, but the ${reason}`, { cause: error });
    return { backend: jsBackend, reason };
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
