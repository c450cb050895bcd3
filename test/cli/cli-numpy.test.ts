// Cross-check with NumPy itself: NumPy writes the inputs (every header version,
// dtype, rank and layout), the CLI processes them, and NumPy loads the results
// and recomputes them. Needs a python3 with numpy (CI installs Debian's
// python3-numpy); elsewhere the tests are skipped, saying why.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithNumpy, FIXTURES, ROOT, runCli, tempFolder } from './helpers.js';

const SCRIPT = join(ROOT, 'test', 'cli', 'numpy_crosscheck.py');

const cases = [
  { descr: '<f4', shape: [7, 9, 19], version: 1, layout: 'channelsLast' },
  { descr: '<f8', shape: [7, 19, 9], version: 2, layout: 'channelsFirst' },
  { descr: '<f2', shape: [5, 6, 37], version: 3, layout: 'channelsLast' },
  { descr: '<f2', shape: [5, 37, 6], version: 1, layout: 'channelsFirst' },
  { descr: '<f4', shape: [12, 8], version: 1, layout: 'channelsLast' },
  { descr: '<f8', shape: [8, 12], version: 3, layout: 'channelsFirst' },
  { descr: '<f4', shape: [300, 4, 16], version: 1, layout: 'channelsLast', chunkBytes: 1000 },
];

describeWithNumpy('NumPy cross-check', (python) => {
  const py = (...args: string[]): string => {
    const r = spawnSync(python, [SCRIPT, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`numpy_crosscheck.py ${args[0]} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  // NumPy writes every input at once (one interpreter start instead of one per case).
  let inputFolder = '';
  const inputOf = (i: number) => join(inputFolder, `in-${i}.npy`);
  beforeAll(() => {
    inputFolder = mkdtempSync(join(tmpdir(), 'sd-numpy-'));
    py('make', JSON.stringify(cases.map((c, i) => ({ ...c, path: inputOf(i), seed: 11 + i }))));
  });
  afterAll(() => rmSync(inputFolder, { recursive: true, force: true }));

  it.each(cases.map((c, i) => ({ ...c, i })))('$descr $shape, header version $version, $layout: NumPy loads the output and recomputes it bit for bit', async (c) => {
    const folder = tempFolder();
    const input = inputOf(c.i);
    const [output, mask] = ['out.npy', 'mask.npy'].map((name) => join(folder, name));
    const r = await runCli(['apply', input, output, '--rate', '0.3', '--seed', '2024', '--step', '1', '--layout', c.layout,
      '--mask-out', mask, '-q', ...(c.chunkBytes ? ['--chunk-bytes', String(c.chunkBytes)] : [])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(py('check', input, output, mask, '0.3', c.layout)).toBe('ok');
  });

  it('the fixtures in test/fixtures/npy are what make_npy_fixtures.py writes with this NumPy', () => {
    const folder = tempFolder();
    const r = spawnSync(python, [join(ROOT, 'test', 'fixtures', 'make_npy_fixtures.py'), folder], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(readdirSync(folder).sort()).toEqual(readdirSync(FIXTURES).sort());
    for (const name of readdirSync(FIXTURES)) {
      expect(readFileSync(join(folder, name)).equals(readFileSync(join(FIXTURES, name))), name).toBe(true);
    }
  });
});
