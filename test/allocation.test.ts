// Output allocation (lib/backend/*.ts allocate, native/addon/allocator.h):
// every dtype gets the right array at any size, recycled memory never leaks
// old contents into a result, and a runtime that refuses external buffers
// still gets ordinary arrays.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DTYPES, DTYPE_NAMES } from '../lib/dtype.js';
import { jsBackend } from '../lib/backend/js.js';
import { NATIVE_ALLOCATION_BYTES, nativeBackend, type NativeBinding } from '../lib/backend/native.js';
import { backendInfo } from '../lib/index.js';
import { validateCall } from '../lib/validate.js';
import { nativeBinding } from './helpers/backends.js';

const FORWARD = { name: 'input', requireSeed: false, async: false } as const;

const SIZES = (bytes: number) => [0, 1, 17, Math.floor(NATIVE_ALLOCATION_BYTES / bytes) - 1, NATIVE_ALLOCATION_BYTES / bytes, NATIVE_ALLOCATION_BYTES / bytes + 3];

describe('allocate', () => {
  it('the JS backend gives zeroed arrays of the dtype', () => {
    for (const dtype of DTYPE_NAMES) for (const n of SIZES(DTYPES[dtype].bytes)) {
      const a = jsBackend.allocate(dtype, n);
      expect(Object.prototype.toString.call(a)).toBe(`[object ${DTYPES[dtype].arrayTag}]`);
      expect(a.length).toBe(n);
      expect(a.every((v) => v === 0)).toBe(true);
    }
  });

  it.runIf(nativeBinding !== undefined)('the native backend gives arrays of the dtype and length, below and above the threshold', () => {
    const backend = nativeBackend(nativeBinding!);
    for (const dtype of DTYPE_NAMES) for (const n of SIZES(DTYPES[dtype].bytes)) {
      const a = backend.allocate(dtype, n);
      expect(Object.prototype.toString.call(a)).toBe(`[object ${DTYPES[dtype].arrayTag}]`);
      expect(a.length).toBe(n);
      expect(a.byteOffset).toBe(0);
      // Every byte writable and readable back.
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      bytes.fill(0xa5);
      expect(bytes.every((v) => v === 0xa5)).toBe(true);
    }
  });

  it.runIf(nativeBinding !== undefined)('falls back to ordinary arrays where external buffers are refused', () => {
    let advised = 0;
    // Only what allocate() uses: a binding whose allocator always declines.
    const refusing = {
      allocate: () => undefined,
      adviseHugePages: (buffer: ArrayBuffer) => {
        expect(buffer).toBeInstanceOf(ArrayBuffer);
        advised++;
      },
    } as unknown as NativeBinding;
    const backend = nativeBackend(refusing);
    for (const dtype of DTYPE_NAMES) {
      const n = NATIVE_ALLOCATION_BYTES / DTYPES[dtype].bytes;
      const a = backend.allocate(dtype, n);
      expect(Object.prototype.toString.call(a)).toBe(`[object ${DTYPES[dtype].arrayTag}]`);
      expect(a.length).toBe(n);
      expect(a.every((v) => v === 0)).toBe(true);
    }
    expect(advised).toBe(DTYPE_NAMES.length);
  });

  it.runIf(nativeBinding !== undefined)('a fresh output is computed into an ordinary array where the binding declines one', () => {
    // runFresh always declines; run is the real one.
    const declining = {
      run: nativeBinding!.run.bind(nativeBinding),
      runFresh: () => undefined,
      adviseHugePages: () => undefined,
    } as unknown as NativeBinding;
    const n = NATIVE_ALLOCATION_BYTES / 4;
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const r = validateCall({ data, shape: [4, n / 64, 16] }, { rate: 0.3, seed: 9 }, FORWARD);
    const fresh = nativeBackend(declining).runFresh(r);
    const expected = new Float32Array(n);
    nativeBackend(nativeBinding!).run(r, expected);
    expect(fresh).toBeInstanceOf(Float32Array);
    expect(Buffer.from(fresh.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });
  it.runIf(nativeBinding !== undefined)('recycled outputs never show old contents (every dtype and layout)', () => {
    const r = runScript('recycle.cjs');
    const reused = Number(/^ok reused (\d+)$/.exec(r.stdout.trim())?.[1]);
    // The script runs whichever backend the public API picks: only the native one recycles.
    if (backendInfo().backend === 'native') expect(reused).toBeGreaterThan(8);
  });

  it.runIf(nativeBinding !== undefined)('an idle program gets cached mappings back within seconds, and still exits', () => {
    const r = runScript('idle.cjs');
    const trimmed = Number(/^ok trimmed (\d+)$/.exec(r.stdout.trim())?.[1]);
    if (backendInfo().backend === 'native') expect(trimmed).toBeGreaterThan(0);
  });
});

// Runs test/allocation/<name> in a process of its own (with --expose-gc) and
// expects it to exit 0 of its own accord.
function runScript(name: string) {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'allocation', name)], {
    env: {
      ...process.env,
      SD_ENTRY: path.join(__dirname, '..', 'dist', 'index.js'),
      SD_NATIVE: path.join(__dirname, '..', 'dist', 'backend', 'native-load.js'),
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.signal, r.stderr).toBeNull();
  expect(r.status, r.stderr).toBe(0);
  return r;
}
