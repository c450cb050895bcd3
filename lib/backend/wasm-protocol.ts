// What the main thread and the wasm backend's async worker share.

/** Word indices in the control Int32Array (a SharedArrayBuffer). */
export const CONTROL = {
  /** Pieces posted so far, modulo 2^32 (the main thread increments it). */
  posted: 0,
  /** Pieces computed so far, modulo 2^32 (the worker increments it). */
  completed: 1,
  /** The first nonzero sd_run status; 0 while every piece succeeded. */
  status: 2,
  words: 3,
} as const;

/** The worker's `workerData`. */
export interface WorkerData {
  /** The shared-memory link of the kernel. */
  module: WebAssembly.Module;
  /** Its own memory, shared with the main thread only. */
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** Block address of each slot; piece i uses slot i % blocks.length (a power of two). */
  blocks: number[];
}
