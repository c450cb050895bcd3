// The README's command-line examples are real: its ```sh blocks under
// "## Command line" run, in order, in one temporary folder, with
// `spatial-dropout` being this build and `python3` a Python with NumPy.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, describeWithNumpy, ROOT, tempFolder } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Command line\n')).split(/\n## (?!Command line)/)[0];
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

function wrapper(folder: string, name: string, command: string): void {
  writeFileSync(join(folder, name), `#!/bin/sh\nexec ${command} "$@"\n`);
  chmodSync(join(folder, name), 0o755);
}

describeWithNumpy('README command-line examples', (python) => {
  it('has a worked example', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it('every block runs, in order', () => {
    const folder = tempFolder();
    const bin = tempFolder();
    wrapper(bin, 'spatial-dropout', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
    wrapper(bin, 'python3', JSON.stringify(python));
    for (const [i, block] of blocks.entries()) {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block], {
        cwd: folder, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      expect(r.stderr, `block ${i + 1} printed errors`).not.toMatch(/Error|error:/);
      expect(r.status, `block ${i + 1}:\n${block}\n${r.stderr}`).toBe(0);
    }
  });
});
