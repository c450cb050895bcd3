// The wasm backend's async worker: one instance of the kernel over a shared
// memory that the main thread fills and drains (wasm-async.ts). It computes the
// posted pieces in order and sleeps in Atomics.wait in between; it never
// touches the caller's arrays and keeps no state but its piece count.
import { workerData } from 'node:worker_threads';
import { instantiate } from './wasm-module.js';
import { CONTROL, type WorkerData } from './wasm-protocol.js';

// (Not `const module`: in CommonJS that name is taken, and Node would then load this file as ESM.)
const { module: kernel, memory, control, blocks } = workerData as WorkerData;
const run = instantiate(kernel, memory).sd_run;
const state = new Int32Array(control);
const slotMask = blocks.length - 1;
let done = 0;

for (;;) {
  Atomics.wait(state, CONTROL.posted, done);
  while (Atomics.load(state, CONTROL.posted) !== done) {
    const status = run(blocks[done & slotMask]);
    if (status !== 0) Atomics.compareExchange(state, CONTROL.status, 0, status);
    done = (done + 1) | 0;
    Atomics.store(state, CONTROL.completed, done);
    Atomics.notify(state, CONTROL.completed);
  }
}
