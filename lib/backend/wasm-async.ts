// spatialDropout1dAsync on the wasm backend. The kernel runs on a worker thread
// (wasm-worker.ts) with its own instance over a shared memory of two slots;
// this thread copies pieces of the caller's arrays in and out of those slots.
//
// Protocol (control words, wasm-protocol.ts): piece number i goes to slot
// i % 2. This thread fills a slot, bumps POSTED and notifies; the worker,
// asleep in Atomics.wait while POSTED equals its count, computes the pieces in
// order, bumps COMPLETED and notifies. This thread awaits COMPLETED with
// Atomics.waitAsync, never blocking, so the event loop runs between pieces;
// with two slots the copies of one piece overlap the compute of the other.
// A slot is refilled only after its piece completed and was copied out.
// Calls are queued: one call owns the worker at a time, and a call that fails
// half way first waits for its posted pieces, so the next call starts clean.
// The worker is ref'd only while a call runs: idle, it never keeps the process
// alive, and it is stopped with the process (or by terminate()).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FloatArray } from '../types.js';
import type { Request } from '../validate.js';
import { plainView } from '../typed-array.js';
import { Arena, type Slot } from './wasm-arena.js';
import { probeLayout } from './wasm-module.js';
import { pieces, type Piece } from './wasm-pieces.js';
import { CONTROL, type WorkerData } from './wasm-protocol.js';

/** Bytes per piece on the worker: larger than on the main thread, to amortise each wake-up. */
export const ASYNC_PIECE_BYTES = 1 << 20;
const SLOTS = 2;

/** The compiled worker, from dist/backend/ (the package) or lib/backend/ (tests on sources). */
const WORKER_FILE = path.join(__dirname, '..', '..', 'dist', 'backend', 'wasm-worker.js');

// ES2024's Atomics.waitAsync (Node >= 16), not in the ES2022 typings.
type WaitAsync = (a: Int32Array, index: number, value: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

interface Live {
  worker: Worker;
  arena: Arena;
  control: Int32Array;
  /** Pieces posted, modulo 2^32 like the control word. */
  posted: number;
  /** Rejects when the worker fails or exits. */
  failure: Promise<never>;
}

interface Posted {
  piece: Piece;
  slot: Slot;
  ticket: number;
}

/** Runs requests on one lazily started worker, one call at a time. */
export class WorkerRunner {
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** `module`: the shared-memory link of the kernel. */
  constructor(private readonly module: WebAssembly.Module) {}

  /** Computes `r` into `out` (an array of the input's type and length) off this thread. */
  run(r: Request, out: FloatArray): Promise<void> {
    const call = this.queue.then(() => this.pipeline(r, out));
    this.queue = call.catch(() => undefined);
    return call;
  }

  /** Stops the worker; the next call starts a new one. Resolves once it has exited. */
  async terminate(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (live !== undefined) await live.worker.terminate();
  }

  private start(): Live {
    if (this.live !== undefined) return this.live;
    const layout = probeLayout(this.module, true);
    const arena = new Arena({ ...layout, slots: SLOTS, dataBytes: ASYNC_PIECE_BYTES, shared: true });
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.words * 4));
    const workerData: WorkerData = {
      module: this.module, memory: arena.memory, control: control.buffer as SharedArrayBuffer,
      blocks: arena.slots.map((s) => s.block),
    };
    const worker = new Worker(WORKER_FILE, { workerData });
    worker.unref();
    const failure = new Promise<never>((_, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the wasm backend's worker exited (code ${code})`)));
    });
    const live: Live = { worker, arena, control, posted: 0, failure };
    failure.catch(() => {
      if (this.live === live) this.live = undefined;
    });
    this.live = live;
    return live;
  }

  private async pipeline(r: Request, out: FloatArray): Promise<void> {
    const live = this.start();
    live.worker.ref();
    try {
      const input = plainView(r.input), target = plainView(out);
      const mask = r.mask === undefined ? undefined : plainView(r.mask);
      for (const slot of live.arena.slots) slot.begin(r);
      Atomics.store(live.control, CONTROL.status, 0);
      const inFlight: Posted[] = [];
      try {
        for (const piece of pieces(r, live.arena.slots[0].capacity(r.dtype))) {
          if (inFlight.length === SLOTS) await this.finish(live, inFlight.shift()!, target, r);
          const ticket = live.posted, slot = live.arena.slots[ticket & (SLOTS - 1)];
          slot.describe(piece, mask);
          slot.load(piece, input, r.dtype);
          this.post(live);
          inFlight.push({ piece, slot, ticket });
        }
        while (inFlight.length > 0) await this.finish(live, inFlight.shift()!, target, r);
      } finally {
        // Never leave a posted piece behind for the next call's slots.
        if (inFlight.length > 0) await this.completion(live, inFlight[inFlight.length - 1].ticket).catch(() => undefined);
      }
    } finally {
      live.worker.unref();
    }
  }

  private post(live: Live): void {
    live.posted = (live.posted + 1) | 0;
    Atomics.store(live.control, CONTROL.posted, live.posted);
    Atomics.notify(live.control, CONTROL.posted);
  }

  /** Resolves once piece `ticket` has been computed; true if that took a turn of the event loop. */
  private async completion(live: Live, ticket: number): Promise<boolean> {
    let waited = false;
    for (;;) {
      const completed = Atomics.load(live.control, CONTROL.completed);
      if (((completed - ticket) | 0) > 0) return waited;
      const wait = waitAsync(live.control, CONTROL.completed, completed);
      if (wait.async) {
        await Promise.race([wait.value, live.failure]);
        waited = true;
      }
    }
  }

  private async finish(live: Live, p: Posted, out: FloatArray, r: Request): Promise<void> {
    // The worker often finishes a piece before this thread has copied the
    // next one in; then nothing above yields, so give the event loop its turn
    // here: other work waits at most one piece's copies.
    if (!(await this.completion(live, p.ticket))) await new Promise((resolve) => setImmediate(resolve));
    const status = Atomics.load(live.control, CONTROL.status);
    if (status !== 0) throw new Error(`internal error: the wasm kernel refused a piece (status ${status})`);
    p.slot.store(p.piece, out, r.dtype);
  }
}
