// Refuses runs that would write over a file they read (or write one file twice):
// the input must never be modified, even through a link or another spelling.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

export interface NamedPath {
  /** The option or argument that gave the path, for the message. */
  label: string;
  path: string;
  written: boolean;
}

async function identity(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `inode ${s.dev}:${s.ino}`;
  } catch {
    return `path ${resolve(path)}`; // not there yet: only its spelling can collide
  }
}

/** Throws UsageError when a written path is the same file as any other path. */
export async function checkDistinctPaths(paths: readonly NamedPath[]): Promise<void> {
  const ids = await Promise.all(paths.map(async (p) => ({ ...p, ids: [await identity(p.path), `path ${resolve(p.path)}`] })));
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i], ids[j]];
      if ((a.written || b.written) && a.ids.some((id) => b.ids.includes(id))) {
        throw new UsageError(`${a.label} and ${b.label} are the same file (${a.path}); write the result to another file`);
      }
    }
  }
}
