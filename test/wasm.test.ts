// The WebAssembly backend's own machinery: calls streamed through its fixed
// buffer in pieces (every split level, with drawn and explicit masks), async
// calls on its worker, a memory that never grows, and how it is selected.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_PIECE_BYTES, WorkerRunner } from '../lib/backend/wasm-async.js';
import { runWasm, SYNC_PIECE_BYTES, wasmBackend } from '../lib/backend/wasm.js';
import { Arena, PIECE } from '../lib/backend/wasm-arena.js';
import { instantiate, probeLayout } from '../lib/backend/wasm-module.js';
import { pieces } from '../lib/backend/wasm-pieces.js';
import { RECORD_DIVISOR } from '../lib/backend/record.js';
import { DTYPES, DTYPE_NAMES } from '../lib/dtype.js';
import type { DType, FloatArray, Layout } from '../lib/types.js';
import { validateCall, validateMaskCall, type Request } from '../lib/validate.js';
import { jsBackend } from '../lib/backend/js.js';
import { backendInfoIn } from './helpers/backend-info.js';
import { backendsUnderTest, wasmKernel } from './helpers/backends.js';
import { firstDifference, randomData, rng, unalignedCopy } from './helpers/data.js';
import { dropoutReference, keepReference } from './helpers/reference.js';

const FORWARD = { name: 'input', requireSeed: false, async: false } as const;
const root = path.join(__dirname, '..');

interface Case {
  what: string;
  layout: Layout;
  /** (samples, spatial, channels) */
  dims: [number, number, number];
}

/** Shapes that hit each split level for pieces of `capacity` elements. */
function splitCases(capacity: number): Case[] {
  const third = Math.ceil(capacity / 3);
  return [
    { what: 'whole samples, several per piece', layout: 'channelsLast', dims: [7, 17, Math.ceil((third + 1) / 17)] },
    { what: 'channelsLast sample larger than a piece', layout: 'channelsLast', dims: [2, Math.ceil((1.5 * capacity) / 100), 100] },
    { what: 'channelsLast row larger than a piece', layout: 'channelsLast', dims: [2, 3, capacity + 1001] },
    { what: 'channelsFirst sample whose channels span pieces', layout: 'channelsFirst', dims: [2, third + 5, 7] },
    { what: 'channelsFirst channel larger than a piece', layout: 'channelsFirst', dims: [2, capacity + 77, 3] },
  ];
}

function request(data: FloatArray, dtype: DType, c: Case, extra: object = {}, async = false): Request {
  const [N, T, C] = c.dims;
  const shape = c.layout === 'channelsLast' ? [N, T, C] : [N, C, T];
  return validateCall({ data, shape, dtype }, { rate: 0.4, seed: 2n ** 40n + 3n, step: 9, sampleOffset: 1000, layout: c.layout, ...extra },
    { ...FORWARD, async });
}

function expected(data: FloatArray, dtype: DType, c: Case, mask?: Uint8Array): FloatArray {
  const [N, T, C] = c.dims;
  return dropoutReference({
    data, dtype, layout: c.layout, samples: N, spatial: T, channels: C,
    rate: 0.4, seed: 2n ** 40n + 3n, step: 9, sampleOffset: 1000, mask,
  });
}

describe.runIf(wasmKernel !== undefined)('wasm backend', () => {
  const kernel = wasmKernel!;

  describe.each(DTYPE_NAMES)('%s calls larger than a piece', (dtype) => {
    const capacity = SYNC_PIECE_BYTES / DTYPES[dtype].bytes;
    it.each(splitCases(capacity))('$what: every backend equals the reference, drawn and explicit masks', (c) => {
      const random = rng(DTYPES[dtype].code * 10 + c.dims[1]);
      const [N, T, C] = c.dims;
      const data = unalignedCopy(randomData(dtype, N * T * C, random), 1);
      const mask = Uint8Array.from({ length: N * C }, () => (random() < 0.5 ? 1 : 0));
      const wantDrawn = expected(data, dtype, c), wantMasked = expected(data, dtype, c, mask);
      for (const { label, backend, activate } of backendsUnderTest) {
        activate();
        const out = DTYPES[dtype].create(data.length);
        backend.run(request(data, dtype, c), out);
        expect(firstDifference(out, wantDrawn), `${label} drawn`).toBe(-1);
        backend.run(request(data, dtype, c, { mask }), out);
        expect(firstDifference(out, wantMasked), `${label} explicit mask`).toBe(-1);
      }
    });
  });

  it('draws masks larger than its flag area as the other backends do', () => {
    const wasm = backendsUnderTest.find((b) => b.label.startsWith('wasm'))!.backend;
    // Whole samples per piece; several channel ranges per sample.
    for (const [N, C] of [[1000, 300], [2, 3 * SYNC_PIECE_BYTES + 5]]) {
      const m = validateMaskCall({ rate: 0.45, seed: 2n ** 64n - 3n, step: 5, sampleOffset: 2 ** 40 }, N, C);
      const want = new Uint8Array(N * C), got = new Uint8Array(N * C);
      jsBackend.drawMask(m, want);
      wasm.drawMask(m, got);
      expect(got.findIndex((v, i) => v !== want[i]), `${N} x ${C}`).toBe(-1);
      // And a few flags straight from SPEC's definition.
      for (const i of [0, 1, C - 1, N * C - 1, Math.floor(N * C / 2)]) {
        const spec = { rate: 0.45, seed: 2n ** 64n - 3n, step: 5, sampleOffset: 2 ** 40 };
        expect(got[i], `flag ${i}`).toBe(keepReference(spec, Math.floor(i / C), i % C) ? 1 : 0);
      }
    }
  });

  it('computes in place across pieces', () => {
    const c = splitCases(SYNC_PIECE_BYTES / 4)[1];
    const [N, T, C] = c.dims;
    const data = randomData('float32', N * T * C, rng(4));
    const want = expected(data, 'float32', c);
    const inPlace = data.slice();
    runWasm(kernel, request(inPlace, 'float32', c, { out: inPlace }), inPlace);
    expect(firstDifference(inPlace, want)).toBe(-1);
  });

  describe('async calls on the worker', () => {
    // Made in beforeAll: a skipped describe still runs its body when tests are collected.
    let runner: WorkerRunner;
    beforeAll(() => {
      runner = new WorkerRunner(kernel.modules.shared);
    });
    afterAll(() => runner?.terminate());
    const bigCase = (dtype: DType, layout: Layout): Case => {
      // About 2.5 async pieces of one sample each.
      const elements = Math.ceil((2.5 * ASYNC_PIECE_BYTES) / DTYPES[dtype].bytes);
      return { what: 'big', layout, dims: [3, Math.ceil(elements / 3 / 40), 40] };
    };
    const syncResult = (r: Request): FloatArray => {
      const out = DTYPES[r.dtype].create(r.input.length);
      runWasm(kernel, r, out);
      return out;
    };

    it('gives the sync result for every dtype and split level, drawn and explicit masks', async () => {
      const random = rng(77);
      for (const dtype of DTYPE_NAMES) for (const c of splitCases(ASYNC_PIECE_BYTES / DTYPES[dtype].bytes)) {
        const [N, T, C] = c.dims;
        const data = randomData(dtype, N * T * C, random);
        const mask = Uint8Array.from({ length: N * C }, () => (random() < 0.5 ? 1 : 0));
        for (const extra of [{}, { mask }]) {
          const out = DTYPES[dtype].create(data.length);
          await runner.run(request(data, dtype, c, extra, true), out);
          expect(firstDifference(out, syncResult(request(data, dtype, c, extra))), `${dtype} ${c.what}`).toBe(-1);
        }
      }
    });

    it('queues concurrent calls, and a sync call in between does not disturb them', async () => {
      const random = rng(78);
      const calls = DTYPE_NAMES.map((dtype) => {
        const c = bigCase(dtype, 'channelsLast');
        const data = randomData(dtype, c.dims[0] * c.dims[1] * c.dims[2], random);
        const r = request(data, dtype, c, {}, true);
        const out = DTYPES[dtype].create(data.length);
        return { r, out, promise: runner.run(r, out) };
      });
      // While they run: a sync call on the calling thread's instance.
      const side = calls[0];
      const sideOut = DTYPES[side.r.dtype].create(side.r.input.length);
      runWasm(kernel, side.r, sideOut);
      await Promise.all(calls.map((call) => call.promise));
      for (const { r, out } of calls) expect(firstDifference(out, syncResult(r)), r.dtype).toBe(-1);
      expect(firstDifference(sideOut, calls[0].out)).toBe(-1);
    });

    it('computes in place', async () => {
      const c = bigCase('float32', 'channelsFirst');
      const data = randomData('float32', c.dims[0] * c.dims[1] * c.dims[2], rng(79));
      const want = syncResult(request(data, 'float32', c));
      await runner.run(request(data, 'float32', c, { out: data }, true), data);
      expect(firstDifference(data, want)).toBe(-1);
    });

    it('leaves the event loop free while a call runs', async () => {
      const data = new Float32Array((16 * ASYNC_PIECE_BYTES) / 4).fill(1.5);
      const c: Case = { what: 'long', layout: 'channelsLast', dims: [64, data.length / 64 / 32, 32] };
      let turns = 0, running = true;
      const spin = (): void => {
        if (!running) return;
        turns++;
        setImmediate(spin);
      };
      setImmediate(spin);
      const call = runner.run(request(data, 'float32', c, {}, true), new Float32Array(data.length));
      await call;
      running = false;
      // 16 pieces, each awaited: the loop turned between them.
      expect(turns).toBeGreaterThan(1);
    });

    it('rejects a call whose worker is stopped, then starts a new worker for the next call', async () => {
      // 64 pieces: the call yields to the event loop after at most two, so it is
      // still far from done when the worker is stopped.
      const long: Case = { what: 'long', layout: 'channelsLast', dims: [64, (ASYNC_PIECE_BYTES / 4 / 16), 16] };
      const data = new Float32Array(64 * ASYNC_PIECE_BYTES / 4).fill(2);
      const first = runner.run(request(data, 'float32', long, {}, true), new Float32Array(data.length));
      await new Promise((resolve) => setImmediate(resolve));
      await runner.terminate();
      await expect(first).rejects.toThrow(/worker exited/);
      const c = bigCase('float32', 'channelsLast');
      const small = randomData('float32', c.dims[0] * c.dims[1] * c.dims[2], rng(81));
      const out = new Float32Array(small.length);
      await runner.run(request(small, 'float32', c, {}, true), out);
      expect(firstDifference(out, syncResult(request(small, 'float32', c)))).toBe(-1);
    });

    it('does not keep the process alive once idle', () => {
      const script = `
        const sd = require(${JSON.stringify(path.join(root, 'dist', 'index.js'))});
        const data = new Float32Array(${(4 * ASYNC_PIECE_BYTES) / 4}).fill(1);
        sd.spatialDropout1dAsync({ data, shape: [8, data.length / 64, 8] }, { rate: 0.5, seed: 1 })
          .then((r) => console.log(sd.backendInfo().backend, r.data.length));`;
      const text = execFileSync(process.execPath, ['-e', script], {
        env: { ...process.env, SPATIAL_DROPOUT_BACKEND: 'wasm' }, encoding: 'utf8', timeout: 30_000,
      });
      expect(text.trim()).toBe(`wasm ${ASYNC_PIECE_BYTES}`);
    });
  });

  it('refuses a block that points outside its heap or holds a bad field, writing nothing', () => {
    const probe = new Arena({ ...probeLayout(kernel.modules.plain, false), slots: 1, dataBytes: 4096, shared: false });
    const exports = instantiate(kernel.modules.plain, probe.memory);
    const slot = probe.slots[0];
    const data = new Float32Array(64).fill(3);
    const r = validateCall({ data, shape: [2, 4, 8] }, { rate: 0.5, seed: 1 }, FORWARD);
    slot.begin(r);
    const [piece] = pieces(r, slot.capacity('float32'));
    slot.describe(piece, undefined);
    slot.load(piece, data, 'float32');
    const fields = new Float64Array(probe.memory.buffer, slot.block, PIECE.count);
    const snapshot = new Uint8Array(probe.memory.buffer).slice();
    const bad: [number, number][] = [
      [PIECE.input, probe.memory.buffer.byteLength - 16], // runs past the end of memory
      [PIECE.output, 8], // inside the stack
      [PIECE.mask, -64], // negative
      [PIECE.scratch, slot.block + 1], // misaligned scratch
      [PIECE.samples, 2 ** 33], // not a 32-bit count
      [PIECE.channels, 1e6], // more elements than the memory holds
      [PIECE.drawMask, 0.5], // not an integer
      [0, 7], // no such dtype
      [RECORD_DIVISOR, NaN], // the divisor outside [0, 1]
      [RECORD_DIVISOR, 1.5],
    ];
    for (const [field, value] of bad) {
      const saved = fields[field];
      fields[field] = value;
      expect(exports.sd_run(slot.block), `field ${field} = ${value}`).not.toBe(0);
      fields[field] = saved;
    }
    // Above the stack, nothing moved (the block's fields were put back as they were).
    const heapBase = exports.sd_heap_base(), after = new Uint8Array(probe.memory.buffer);
    expect(after.every((b, i) => i < heapBase || b === snapshot[i])).toBe(true);
    expect(exports.sd_run(slot.block)).toBe(0);
  });

  it('never grows its memory, whatever the calls', async () => {
    const backend = wasmBackend(kernel);
    const bytes = kernel.memory.buffer.byteLength;
    const random = rng(80);
    for (let i = 0; i < 60; i++) {
      const dtype = DTYPE_NAMES[i % 4];
      const c = splitCases(SYNC_PIECE_BYTES / DTYPES[dtype].bytes)[i % 5];
      const data = randomData(dtype, c.dims[0] * c.dims[1] * c.dims[2], random);
      const out = DTYPES[dtype].create(data.length);
      if (i % 3 === 0) await backend.runAsync(request(data, dtype, c, {}, true), out);
      else backend.run(request(data, dtype, c), out);
    }
    expect(kernel.memory.buffer.byteLength).toBe(bytes);
    expect(() => kernel.memory.grow(1)).toThrow(RangeError);
  });
});

describe.runIf(wasmKernel !== undefined)('wasm backend selection', () => {
  it('SPATIAL_DROPOUT_BACKEND=wasm forces it, reporting simd128', () => {
    const text = backendInfoIn(path.join(root, 'dist', 'index.js'), { SPATIAL_DROPOUT_BACKEND: 'wasm' });
    expect(JSON.parse(text)).toEqual({ backend: 'wasm', simd: 'simd128', threads: 1, reason: 'SPATIAL_DROPOUT_BACKEND=wasm' });
  });

  describe('in a package copy with neither the addon nor the wasm file', () => {
    // dist/ without its .wasm files, and no build/: both faster backends are missing.
    let copy = '', entry = '';
    beforeAll(() => {
      copy = mkdtempSync(path.join(tmpdir(), 'spatial-dropout-'));
      cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.wasm') });
      symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
      entry = path.join(copy, 'dist', 'index.js');
    });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('falls back to js, giving both reasons', () => {
      const parsed = JSON.parse(backendInfoIn(entry, { SPATIAL_DROPOUT_BACKEND: '' }));
      expect(parsed.backend).toBe('js');
      expect(parsed.reason).toMatch(/^native addon unavailable: .+; WebAssembly kernel unavailable: .*spatial-dropout\.wasm is missing/);
    });

    it('SPATIAL_DROPOUT_BACKEND=wasm is a clear error', () => {
      expect(backendInfoIn(entry, { SPATIAL_DROPOUT_BACKEND: 'wasm' })).toMatch(
        /^ERROR SPATIAL_DROPOUT_BACKEND=wasm, but the WebAssembly kernel unavailable: .*spatial-dropout\.wasm is missing \(build it with npm run build:wasm/);
    });
  });
});
