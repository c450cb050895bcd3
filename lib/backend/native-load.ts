// Finding and loading the addon, and when that fails, saying exactly why and
// what the user can do about it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';
import type { NativeBinding } from './native.js';
import { RECORD_FIELDS } from './record.js';

/** The package folder, where node-gyp-build looks for prebuilds/ and build/. */
export const PACKAGE_ROOT = path.join(__dirname, '..', '..');

/** Loads the addon; throws an Error saying why it cannot be used. */
export function loadNativeBinding(): NativeBinding {
  let binding: NativeBinding;
  try {
    binding = nodeGypBuild(PACKAGE_ROOT) as NativeBinding;
  } catch (error) {
    if (!isMissingBinary(error)) throw error;
    throw new Error(`${(error as Error).message}\n${remedy()}`, { cause: error });
  }
  if (binding.recordFields !== RECORD_FIELDS) {
    throw new Error(
      `the native binary speaks record version ${binding.recordFields}, this JavaScript ${RECORD_FIELDS}: rebuild it (npm run build:native)`,
    );
  }
  return binding;
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
