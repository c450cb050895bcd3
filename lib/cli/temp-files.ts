// Output is written to a temporary file beside its destination and renamed
// into place only on success. This registry lets a signal handler remove the
// ones still open, so no interrupted run leaves a partial file behind.
import { unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const open = new Set<string>();

/** A fresh temporary path in the same folder as `destination` (so rename stays on one file system). */
export function tempPathFor(destination: string): string {
  return join(dirname(destination), `.${basename(destination)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function trackTempFile(path: string): void {
  open.add(path);
}

export function untrackTempFile(path: string): void {
  open.delete(path);
}

/** Removes every temporary file not yet renamed or removed (for signal handlers: synchronous). */
export function removeTempFilesSync(): void {
  for (const path of open) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing left to clean.
    }
  }
  open.clear();
}
