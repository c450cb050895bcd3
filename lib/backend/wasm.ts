// The WebAssembly backend: the native kernel's template compiled for wasm32
// with 128-bit SIMD (native/kernel/kernel_wasm_simd128.cc), for where the addon
// cannot load. Caller arrays live in the JS heap, so each call is streamed
// through one fixed buffer in wasm memory, piece by piece: copy in, compute in
// place, copy out. A piece fits in L2, so memory is read and written about
// once, as by TypedArray.prototype.set of the same bytes, and the compute runs
// on cached data (end to end: about half of set's speed on one thread).
import { DTYPES } from '../dtype.js';
import { plainView, typedArrayByteLength } from '../typed-array.js';
import type { DType, FloatArray } from '../types.js';
import type { MaskRequest, Request } from '../validate.js';
import { allocateThenRun, type Backend } from './backend.js';
import { Arena, type Slot } from './wasm-arena.js';
import { WorkerRunner } from './wasm-async.js';
import { instantiate, loadWasmModules, probeLayout, type WasmExports, type WasmModules } from './wasm-module.js';
import { pieces } from './wasm-pieces.js';

/** Bytes per piece on the calling thread: small enough that the in-place pass stays in L2. */
export const SYNC_PIECE_BYTES = 256 << 10;

/** A loaded kernel: an instance over its own arena of one slot, for the calling thread. */
export interface WasmKernel {
  modules: WasmModules;
  exports: WasmExports;
  slot: Slot;
  memory: WebAssembly.Memory;
}

/** Compiles and instantiates the kernel; throws an Error saying why it cannot be used. */
export function loadWasmKernel(): WasmKernel {
  const modules = loadWasmModules();
  const arena = new Arena({ ...probeLayout(modules.plain, false), slots: 1, dataBytes: SYNC_PIECE_BYTES, shared: false });
  return { modules, exports: instantiate(modules.plain, arena.memory), slot: arena.slots[0], memory: arena.memory };
}

function check(status: number): void {
  if (status !== 0) throw new Error(`internal error: the wasm kernel refused a piece (status ${status})`);
}

/** Computes a checked request into `out` on the calling thread. */
export function runWasm(k: WasmKernel, r: Request, out: FloatArray): void {
  const { slot } = k;
  const input = plainView(r.input), target = plainView(out);
  const mask = r.mask === undefined ? undefined : plainView(r.mask);
  slot.begin(r);
  for (const p of pieces(r, slot.capacity(r.dtype))) {
    slot.describe(p, mask);
    slot.load(p, input, r.dtype);
    check(k.exports.sd_run(slot.block));
    slot.store(p, target, r.dtype);
  }
}

/** Draws the mask of a checked request into `keep` (samples x channels). */
export function drawWasmMask(k: WasmKernel, m: MaskRequest, keep: Uint8Array): void {
  const { slot } = k;
  slot.begin(m);
  // One flag per element: a piece of a 1-timestep tensor of byte-sized elements.
  const shape = { samples: m.samples, spatial: 1, channels: m.channels, layout: 'channelsLast' } as const;
  for (const p of pieces(shape, slot.flagBytes)) {
    slot.describe(p, undefined);
    check(k.exports.sd_draw(slot.block));
    keep.set(slot.drawnFlags(p), p.maskStart);
  }
}

/** The backend over a loaded kernel. */
export function wasmBackend(k: WasmKernel): Backend {
  const runner = new WorkerRunner(k.modules.shared);
  const backend = {
    name: 'wasm' as const,
    simd: () => 'simd128',
    threads: () => 1,
    setThreads: () => undefined,
    run: (r: Request, out: FloatArray) => runWasm(k, r, out),
    // A call that fits one piece costs less than waking the worker (0.2-0.35 ms).
    runAsync: async (r: Request, out: FloatArray) =>
      (typedArrayByteLength(r.input) <= SYNC_PIECE_BYTES ? runWasm(k, r, out) : runner.run(r, out)),
    drawMask: (m: MaskRequest, keep: Uint8Array) => drawWasmMask(k, m, keep),
    // Outputs are plain JS arrays (for backends that choose how outputs are allocated).
    allocate: (dtype: DType, length: number): FloatArray => DTYPES[dtype].create(length),
    runFresh: (r: Request): FloatArray => allocateThenRun(backend, r),
  };
  return backend;
}
