// The streamed reader and the atomic writer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../lib/cli/errors.js';
import { float16ToNumber } from '../../lib/float16.js';
import { NpyReader } from '../../lib/cli/npy-reader.js';
import { NpyWriter } from '../../lib/cli/npy-writer.js';
import { FIXTURES, fixtureValue, tempFolder } from './helpers.js';

const ITEM_BYTES: Record<string, number> = { '<f4': 4, '<f8': 8, '<f2': 2, '|u1': 1, '|b1': 1 };
const openFixture = (name: string) => NpyReader.open(join(FIXTURES, name), (h) => ITEM_BYTES[h.descr] ?? 4);

describe('NpyReader', () => {
  it.each([
    ['f4_v1.npy', Float32Array],
    ['f8_v2.npy', Float64Array],
  ] as const)('reads any byte range of %s into an aligned buffer', async (name, View) => {
    const reader = await openFixture(name);
    try {
      const size = View.BYTES_PER_ELEMENT;
      expect(reader.dataBytes).toBe(60 * size);
      for (const [start, count] of [[0, 60], [0, 1], [17, 20], [59, 1], [5, 0]]) {
        const view = new View(await reader.read(start * size, count * size));
        expect(Array.from(view)).toEqual(Array.from({ length: count }, (_, i) => fixtureValue(start + i)));
      }
    } finally {
      await reader.close();
    }
  });

  it('reads float16 bits (version 3.0 header)', async () => {
    const reader = await openFixture('f2_v3.npy');
    const bits = new Uint16Array(await reader.read(0, reader.dataBytes));
    await reader.close();
    // Every fixture value is exact in binary16.
    expect(Array.from(bits, float16ToNumber)).toEqual(Array.from({ length: 60 }, (_, i) => fixtureValue(i)));
  });

  it('refuses a truncated file, a file with trailing bytes and a folder', async () => {
    await expect(openFixture('f4_truncated.npy')).rejects.toThrow(/f4_truncated.npy: truncated: its header promises 240 bytes of data, the file holds 237/);
    const folder = tempFolder();
    const padded = join(folder, 'padded.npy');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(padded, Buffer.concat([readFileSync(join(FIXTURES, 'f4_v1.npy')), Buffer.from([1, 2])]));
    await expect(NpyReader.open(padded, () => 4)).rejects.toThrow(/padded.npy: 2 bytes follow the 240 bytes/);
    await expect(NpyReader.open(folder, () => 4)).rejects.toThrow(DataError);
  });

  it("passes the header to the caller's dtype check", async () => {
    await expect(NpyReader.open(join(FIXTURES, 'i4.npy'), (h) => {
      throw new DataError(`no ${h.descr}`);
    })).rejects.toThrow('i4.npy: no <i4');
  });
});

describe('NpyWriter', () => {
  it('writes to a temporary file and renames it into place on commit', async () => {
    const folder = tempFolder();
    const path = join(folder, 'out.npy');
    const writer = await NpyWriter.create(path, { descr: '<f4', fortranOrder: false, shape: [2] });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(folder)).toHaveLength(1);
    await writer.write(new Uint8Array(new Float32Array([1.5, -2]).buffer));
    await writer.commit();
    expect(readdirSync(folder)).toEqual(['out.npy']);
    const reader = await NpyReader.open(path, () => 4);
    expect(Array.from(new Float32Array(await reader.read(0, 8)))).toEqual([1.5, -2]);
    await reader.close();
  });

  it('leaves nothing behind on abort', async () => {
    const folder = tempFolder();
    const writer = await NpyWriter.create(join(folder, 'out.npy'), { descr: '<f4', fortranOrder: false, shape: [2] });
    await writer.write(new Uint8Array(4));
    await writer.abort();
    await writer.abort();
    expect(readdirSync(folder)).toEqual([]);
  });
});
