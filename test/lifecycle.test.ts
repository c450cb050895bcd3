// Load, teardown and collection, each in a fresh process so that a crash, a
// hang at exit or a wrong exit code is what the test observes.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendInfo, spatialDropout1d, spatialDropout1dAsync } from '../lib/index.js';
import { firstDifference, randomData, rng } from './helpers/data.js';

const entry = path.join(__dirname, '..', 'dist', 'index.js');

function runScript(name: string, args: string[] = []) {
  return spawnSync(process.execPath, [...args, path.join(__dirname, 'lifecycle', name)], {
    env: { ...process.env, SD_ENTRY: entry },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe(`lifecycle on the ${backendInfo().backend} backend`, () => {
  it('8 worker_threads load it at once, compute, are terminated mid-call, and the process exits cleanly (5 runs)', () => {
    // Teardown races are rare: several runs make a regression visible.
    for (let run = 0; run < 5; run++) {
      const r = runScript('workers.cjs');
      expect(r.signal, r.stderr).toBeNull(); // null: not killed by the timeout or a crash
      expect(r.stdout.trim(), r.stderr).toBe('exit 0');
      expect(r.status).toBe(0);
    }
  });

  it('process.exit during 64 async calls in flight exits with the asked code, no crash or hang', () => {
    const r = runScript('exit-mid-call.cjs');
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status).toBe(7);
  });

  it('arrays referenced only by pending async calls survive garbage collection', () => {
    const r = runScript('gc-during-async.cjs', ['--expose-gc']);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.stdout.trim(), r.stderr).toBe('ok');
  });

  // The native pool's threads; an address-space limit (ulimit -v, a shell
  // builtin) is what a process can set on itself to make thread starts fail.
  // Not under AddressSanitizer (scripts/test-sanitizers.sh): its shadow memory
  // alone is more address space than the limit.
  it.runIf(backendInfo().backend === 'native' && process.platform === 'linux' && process.env.ASAN_OPTIONS === undefined)('a pool that cannot start all its threads runs on those that did, and the process carries on', () => {
    const script = path.join(__dirname, 'lifecycle', 'thread-limit.cjs');
    const r = spawnSync('/bin/sh', ['-c', `ulimit -v 3000000 && exec "${process.execPath}" "${script}"`], {
      env: { ...process.env, SD_ENTRY: entry }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.stdout.trim(), r.stderr).toBe('ok');
    expect(r.status).toBe(0);
  });

  it('1,000 concurrent async calls on mixed shapes are all correct', async () => {
    const random = rng(1000);
    const shapes = [[1, 1, 16], [4, 33, 7], [16, 64, 48], [2, 1000, 3], [64, 16, 128]] as const;
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const [N, T, C] = shapes[i % shapes.length];
      const data = randomData('float32', N * T * C, random);
      const options = { rate: 0.1 + (i % 7) / 10, seed: i, step: i % 3 };
      return { data, shape: [N, T, C], options };
    });
    const results = await Promise.all(calls.map((c) => spatialDropout1dAsync({ data: c.data, shape: c.shape }, c.options)));
    results.forEach((y, i) => {
      const c = calls[i];
      expect(firstDifference(y.data, spatialDropout1d({ data: c.data, shape: c.shape }, c.options).data)).toBe(-1);
    });
  });
});
