// `spatial-dropout apply`, run as a separate process on temporary files: the
// output equals the library's on the whole array, chunking changes no byte,
// masks round-trip, backward equals forward, and the JSON summary is right.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropoutMask, spatialDropout1d, type DType, type FloatArray, type Layout } from '../../lib/index.js';
import { FIXTURES, npyData, randomFloats, runCli, tempFolder, writeNpy } from './helpers.js';

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

interface Case {
  dtype: DType;
  descr: string;
  shape: number[];
  layout: Layout;
}

function makeInput(folder: string, c: Case, seed = 1): FloatArray {
  const length = c.shape.reduce((a, b) => a * b, 1);
  const f32 = randomFloats(length, seed);
  const data = c.dtype === 'float32' ? f32 : c.dtype === 'float64' ? Float64Array.from(f32, (v, i) => v + i * 1e-9)
    : Uint16Array.from(f32, (_, i) => (i * 2654435761) % 0x7c00); // finite float16 bit patterns
  writeNpy(join(folder, 'in.npy'), data, c.shape, c.descr);
  return data;
}

describe('apply: the output is the library applied to the whole array', () => {
  const cases: Case[] = [
    { dtype: 'float32', descr: '<f4', shape: [9, 7, 13], layout: 'channelsLast' },
    { dtype: 'float32', descr: '<f4', shape: [9, 13, 7], layout: 'channelsFirst' },
    { dtype: 'float64', descr: '<f8', shape: [5, 3, 17], layout: 'channelsLast' },
    { dtype: 'float16', descr: '<f2', shape: [6, 4, 33], layout: 'channelsLast' },
    { dtype: 'float16', descr: '<f2', shape: [6, 33, 4], layout: 'channelsFirst' },
    { dtype: 'float32', descr: '<f4', shape: [11, 19], layout: 'channelsLast' },
    { dtype: 'float64', descr: '<f8', shape: [19, 11], layout: 'channelsFirst' },
  ];
  it.each(cases)('$dtype $shape $layout', async (c) => {
    const folder = tempFolder();
    const data = makeInput(folder, c);
    const before = readFileSync(join(folder, 'in.npy'));
    const options = { rate: 0.4, seed: 1234567, step: 3, sampleOffset: 1000, layout: c.layout };
    const r = await runCli(['apply', join(folder, 'in.npy'), join(folder, 'out.npy'), '--rate', '0.4', '--seed', '1234567',
      '--step', '3', '--sample-offset', '1000', '--layout', c.layout, '--quiet']);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const expected = spatialDropout1d({ data, shape: c.shape, dtype: c.dtype }, options).data;
    expect(npyData(join(folder, 'out.npy')).equals(bytesOf(expected))).toBe(true);
    expect(readFileSync(join(folder, 'out.npy')).subarray(0, 128).equals(before.subarray(0, 128))).toBe(true); // same header
    expect(readFileSync(join(folder, 'in.npy')).equals(before)).toBe(true);
  });
});

describe('apply: streaming in chunks', () => {
  it.each([['1 sample', 600], ['4 samples', 2400], ['uneven last chunk', 3000]])(
    'with chunks of %s the output and mask are byte-identical to one chunk', async (_, chunkBytes) => {
      const folder = tempFolder();
      const shape = [37, 13, 11]; // 572 bytes per sample, 21164 in all
      makeInput(folder, { dtype: 'float32', descr: '<f4', shape, layout: 'channelsLast' }, 7);
      const run = (name: string, chunk: number) => runCli(['apply', join(folder, 'in.npy'), join(folder, `${name}.npy`),
        '--rate', '0.5', '--seed', '18446744073709551615', '--step', '9', '--sample-offset', '4294967290',
        '--mask-out', join(folder, `${name}-mask.npy`), '--chunk-bytes', String(chunk), '--quiet']);
      expect((await run('whole', 1 << 30)).code).toBe(0);
      expect((await run('chunked', chunkBytes)).code).toBe(0);
      expect(readFileSync(join(folder, 'chunked.npy')).equals(readFileSync(join(folder, 'whole.npy')))).toBe(true);
      expect(readFileSync(join(folder, 'chunked-mask.npy')).equals(readFileSync(join(folder, 'whole-mask.npy')))).toBe(true);
      const mask = dropoutMask({ rate: 0.5, seed: 2n ** 64n - 1n, step: 9, sampleOffset: 4294967290 }, 37, 11);
      expect(npyData(join(folder, 'whole-mask.npy')).equals(bytesOf(mask))).toBe(true);
    });
});

describe('apply: masks, seeds and backward', () => {
  const shape = [8, 5, 21];
  const setup = () => {
    const folder = tempFolder();
    const data = makeInput(folder, { dtype: 'float32', descr: '<f4', shape, layout: 'channelsLast' }, 3);
    return { folder, data, path: (name: string) => join(folder, name) };
  };

  it('--mask-in applies a mask written by --mask-out: the same output', async () => {
    const { path } = setup();
    await runCli(['apply', path('in.npy'), path('a.npy'), '-r', '0.3', '-s', '5', '--mask-out', path('m.npy'), '-q']);
    const r = await runCli(['apply', path('in.npy'), path('b.npy'), '-r', '0.3', '--mask-in', path('m.npy'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ seed: null, seedDrawn: false, maskIn: path('m.npy') });
    expect(readFileSync(path('b.npy')).equals(readFileSync(path('a.npy')))).toBe(true);
  });

  it('--mask-in accepts a NumPy bool mask and applies exactly its flags', async () => {
    const folder = tempFolder();
    const r = await runCli(['apply', join(FIXTURES, 'f4_v1.npy'), join(folder, 'out.npy'), '-r', '0.5',
      '--mask-in', join(FIXTURES, 'mask_b1.npy'), '-q']);
    expect(r.code).toBe(0);
    const x = new Float32Array(Uint8Array.from(npyData(join(FIXTURES, 'f4_v1.npy'))).buffer);
    const keep = Uint8Array.from(npyData(join(FIXTURES, 'mask_b1.npy')));
    const expected = spatialDropout1d({ data: x, shape: [3, 4, 5] }, { rate: 0.5, mask: keep }).data;
    expect(npyData(join(folder, 'out.npy')).equals(bytesOf(expected))).toBe(true);
  });

  it('--backward with the forward seed equals the forward run', async () => {
    const { path } = setup();
    const args = ['-r', '0.25', '-s', '99', '--step', '4', '--sample-offset', '12', '-q'];
    await runCli(['apply', path('in.npy'), path('fwd.npy'), ...args, '--mask-out', path('m.npy')]);
    expect((await runCli(['apply', path('in.npy'), path('bwd.npy'), ...args, '--backward'])).code).toBe(0);
    expect((await runCli(['apply', path('in.npy'), path('bwd-mask.npy'), '-r', '0.25', '--mask-in', path('m.npy'), '--backward', '-q'])).code).toBe(0);
    expect(readFileSync(path('bwd.npy')).equals(readFileSync(path('fwd.npy')))).toBe(true);
    expect(readFileSync(path('bwd-mask.npy')).equals(readFileSync(path('fwd.npy')))).toBe(true);
  });

  it('a seed left out is drawn, printed, and repeats the run when passed back', async () => {
    const { path } = setup();
    const r = await runCli(['apply', path('in.npy'), path('a.npy'), '-r', '0.5', '--json']);
    expect(r.code).toBe(0);
    const printed = /seed (\d+) \(drawn; pass --seed \1 to repeat this run\)/.exec(r.stderr)?.[1];
    expect(printed).toBeDefined();
    const summary = JSON.parse(r.stdout);
    expect(summary.seedDrawn).toBe(true);
    expect(String(summary.seed)).toBe(printed);
    expect(typeof summary.seed).toBe(BigInt(printed!) > BigInt(Number.MAX_SAFE_INTEGER) ? 'string' : 'number');
    await runCli(['apply', path('in.npy'), path('b.npy'), '-r', '0.5', '--seed', printed!, '-q']);
    expect(readFileSync(path('b.npy')).equals(readFileSync(path('a.npy')))).toBe(true);
  });

  it('--json prints one line with every field', async () => {
    const { path } = setup();
    const r = await runCli(['apply', path('in.npy'), path('out.npy'), '-r', '0.375', '-s', '9007199254740993', '--step', '2',
      '--sample-offset', '5', '--mask-out', path('m.npy'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const s = JSON.parse(r.stdout);
    const mask = new Uint8Array(npyData(path('m.npy')));
    const dropped = mask.reduce((sum, keep) => sum + 1 - keep, 0);
    expect(s).toMatchObject({
      command: 'apply', rate: 0.375, seed: '9007199254740993', seedDrawn: false, step: 2, sampleOffset: 5,
      samples: 8, channels: 21, dropped, dropFraction: dropped / (8 * 21), bytes: 8 * 5 * 21 * 4,
      dtype: 'float32', shape, layout: 'channelsLast', backward: false, maskOut: path('m.npy'), maskIn: null,
    });
    expect(s.seconds).toBeGreaterThanOrEqual(0);
    expect(['native', 'js', 'wasm']).toContain(s.backend);
    expect(typeof s.simd).toBe('string');
    expect(s.threads).toBeGreaterThanOrEqual(1);
  });

  it('without --quiet, one summary line on stderr and nothing on stdout', async () => {
    const { path } = setup();
    const r = await runCli(['apply', path('in.npy'), path('out.npy'), '-r', '0.5', '-s', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^\S+out\.npy: dropped \d+ of 168 channels \([\d.]+%, rate 0\.5, seed 1, step 0\); [\d.]+ (MB|kB) in [\d.]+ s on \w+ \w+\n$/);
  });
});

describe('apply: rate 0', () => {
  it.each([[false], [true]])('copies the input bit for bit, signalling NaNs included (backward: %s)', async (backward) => {
    const folder = tempFolder();
    const x = randomFloats(4 * 3 * 5);
    new Uint32Array(x.buffer).set([0x7f800001, 0xffbfffff, 0x7fc00000, 0x80000000]); // sNaN, sNaN, qNaN, -0
    writeNpy(join(folder, 'in.npy'), x, [4, 3, 5], '<f4');
    const r = await runCli(['apply', join(folder, 'in.npy'), join(folder, 'out.npy'), '-r', '0', '-s', '1', '--json',
      '--mask-out', join(folder, 'm.npy'), ...(backward ? ['--backward'] : [])]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dropped: 0, dropFraction: 0 });
    expect(readFileSync(join(folder, 'out.npy')).equals(readFileSync(join(folder, 'in.npy')))).toBe(true);
    expect(npyData(join(folder, 'm.npy')).every((keep) => keep === 1)).toBe(true);
  });
});

describe('apply: NumPy-written files', () => {
  it.each(['f4_v1.npy', 'f8_v2.npy', 'f2_v3.npy', 'f4_python2_header.npy', 'f4_rank2.npy', 'f4_empty.npy'])('%s', async (name) => {
    const folder = tempFolder();
    const r = await runCli(['apply', join(FIXTURES, name), join(folder, 'out.npy'), '-r', '0.5', '-s', '3', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    const input = readFileSync(join(FIXTURES, name));
    const dataStart = input.length - s.bytes;
    const View = { float32: Float32Array, float64: Float64Array, float16: Uint16Array }[s.dtype as 'float32'];
    const x = new View(input.buffer.slice(input.byteOffset + dataStart, input.byteOffset + input.length));
    const expected = spatialDropout1d({ data: x, shape: s.shape, dtype: s.dtype }, { rate: 0.5, seed: 3 }).data;
    expect(npyData(join(folder, 'out.npy')).equals(bytesOf(expected))).toBe(true);
  });
});
