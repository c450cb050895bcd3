import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package's version, read from package.json (two folders up from lib/cli and dist/cli alike). */
export function packageVersion(): string {
  const json = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return json.version;
}
