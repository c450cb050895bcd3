// Shared by the CLI tests: run the built command, make temporary folders and
// .npy files, and find a Python with NumPy for the cross-checks.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatNpyHeader } from '../../lib/cli/npy-header.js';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'npy');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/main.js ...args` (stdin closed, stderr not a terminal). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sd-cli-'));
  folders.push(folder);
  return folder;
}

/** Writes a .npy file (header as NumPy writes it, checked against NumPy's in npy-header.test.ts). */
export function writeNpy(path: string, data: ArrayBufferView, shape: number[], descr: string): void {
  const header = formatNpyHeader({ descr, fortranOrder: false, shape });
  writeFileSync(path, Buffer.concat([header, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]));
}

/** The data bytes of a .npy file written by writeNpy or the CLI (header skipped; parsed
 * here by hand, independently of the reader under test). */
export function npyData(path: string): Buffer {
  const bytes = readFileSync(path);
  const headerLength = bytes[6] === 1 ? 10 + bytes.readUInt16LE(8) : 12 + bytes.readUInt32LE(8);
  return bytes.subarray(headerLength);
}

/** Deterministic pseudo-random float32 values (a simple LCG: enough to make every element distinct). */
export function randomFloats(length: number, seed = 1): Float32Array {
  const x = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = state / 2 ** 31 - 1;
  }
  return x;
}

/** value(i) of test/fixtures/make_npy_fixtures.py. */
export const fixtureValue = (i: number): number => (((i * 37) % 101) - 50) / 8;

/**
 * A Python that imports numpy: $SPATIAL_DROPOUT_PYTHON, python3 on PATH, or
 * Debian's /usr/bin/python3; resolved to its executable (skipping shims that
 * cost time on every call).
 */
export function findNumpyPython(): string | undefined {
  const candidates = [process.env.SPATIAL_DROPOUT_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import sys, numpy; print(sys.executable)'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return undefined;
}

/**
 * describe() for tests that need NumPy, given its Python. Without one they are
 * skipped, saying why; in CI (which installs python3-numpy) its absence fails.
 */
export function describeWithNumpy(name: string, body: (python: string) => void): void {
  const python = findNumpyPython();
  if (python !== undefined) {
    describe(`${name} (NumPy of ${python})`, () => body(python));
  } else if (process.env.CI) {
    describe(name, () => it('finds python3 with numpy (.ci/run installs python3-numpy)', () => {
      expect.fail('no python3 with numpy (tried $SPATIAL_DROPOUT_PYTHON, python3, /usr/bin/python3)');
    }));
  } else {
    describe.skip(`${name} (skipped: no python3 with numpy; apt-get install python3-numpy)`, () => body('python3'));
  }
}
