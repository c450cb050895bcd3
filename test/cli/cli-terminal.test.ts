// What a person at a terminal sees: the progress bar only on a terminal, and
// Ctrl-C (or SIGTERM) during a run leaves no partial file.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempFolder, writeNpy } from './helpers.js';

/** A folder with in.npy of `samples` x 64 x 64 float32 (16 KiB per sample). */
function bigInput(samples: number): string {
  const folder = tempFolder();
  writeNpy(join(folder, 'in.npy'), new Float32Array(samples * 64 * 64).fill(1.25), [samples, 64, 64], '<f4');
  return folder;
}

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasScript)('progress bar (run under script(1) for a terminal)', () => {
  const underTerminal = (args: string) => spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args}`, '/dev/null'],
    { encoding: 'utf8' });

  it('shows samples done, MB/s and time left on a terminal', () => {
    const folder = bigInput(64);
    const r = underTerminal(`apply ${join(folder, 'in.npy')} ${join(folder, 'out.npy')} -r 0.5 -s 1 --chunk-bytes 16384`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/100% \| 64\/64 samples \| [\d.]+ MB\/s \| \d+s left/);
  });

  it('shows nothing with --quiet', () => {
    const folder = bigInput(64);
    const r = underTerminal(`apply ${join(folder, 'in.npy')} ${join(folder, 'out.npy')} -r 0.5 -s 1 --chunk-bytes 16384 -q`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('interrupted runs leave no partial file', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s exits %i and removes the temporary output', async (signal, code) => {
    // 2048 samples in 16 KiB chunks: thousands of chunks, so the run is still going when the signal comes.
    const folder = bigInput(2048);
    const input = readFileSync(join(folder, 'in.npy'));
    const child = spawn(process.execPath, [CLI, 'apply', join(folder, 'in.npy'), join(folder, 'out.npy'), '-r', '0.5', '-s', '1',
      '--mask-out', join(folder, 'mask.npy'), '--chunk-bytes', '16384'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    // Wait until both temporary files exist, then interrupt.
    while (readdirSync(folder).filter((name) => name.endsWith('.tmp')).length < 2) await new Promise((r) => setTimeout(r, 2));
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(stderr).toContain(`stopped by ${signal}; no output was written`);
    expect(readdirSync(folder)).toEqual(['in.npy']);
    expect(readFileSync(join(folder, 'in.npy')).equals(input)).toBe(true);
  });
});

describe('info and demo', () => {
  it('info names the backend, SIMD level, threads and version', async () => {
    const r = await runCli(['info', '--json']);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(facts).toMatchObject({ version: pkg.version, node: process.version });
    expect(['native', 'js', 'wasm']).toContain(facts.backend);
    expect(facts.threads).toBeGreaterThanOrEqual(1);
    const text = await runCli(['info']);
    expect(text.stdout).toMatch(new RegExp(`^version +${pkg.version}\\nbackend +${facts.backend}\\nsimd +${facts.simd}\\nthreads +${facts.threads}\\n`));
  });

  it('demo draws the mask the library draws, passes its checks, and uses no colour off a terminal', async () => {
    const r = await runCli(['demo', '--rate', '0.5', '--seed', '7', '--ascii']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b[');
    const { dropoutMask } = await import('../../lib/index.js');
    const mask = dropoutMask({ rate: 0.5, seed: 7 }, 16, 48);
    const rows = r.stdout.split('\n').filter((line) => /^ +\d+  [#.]{48}  /.test(line)).map((line) => line.trim().split(/ +/)[1]);
    expect(rows).toEqual(Array.from({ length: 16 }, (_, n) => Array.from(mask.subarray(n * 48, (n + 1) * 48), (k) => (k ? '#' : '.')).join('')));
    for (const check of ['kept values', 'dropped values', 'channelsFirst', 'sharded']) expect(r.stdout).toMatch(new RegExp(`^${check} +ok `, 'm'));
    expect(r.stdout).toMatch(/^drop fraction +0\.\d{4} \(\d+ of 768\) vs rate 0\.5: binomial s\.e\. 0\.0180/m);
  });

  it('npm start runs the demo, and the bin entry is the built CLI with a shebang', () => {
    const r = spawnSync('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^spatial-dropout [\d.]+ demo: SpatialDropout1D\(rate=0\.3\), seed 42, step 0\n/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(join(ROOT, pkg.bin['spatial-dropout'])).toBe(CLI);
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
