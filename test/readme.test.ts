// The README's JavaScript examples are real: each block runs, as written, in a
// fresh Node process that resolves `spatial-dropout` to this package's build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(6));
  it.each(blocks.map((code, i) => [i + 1, code]))('block %d runs', (_, code) => {
    // Self-reference: inside the package folder, require('spatial-dropout') is this package.
    expect(() => execFileSync(process.execPath, ['-e', `${code}\n;0`], { cwd: root, encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});
