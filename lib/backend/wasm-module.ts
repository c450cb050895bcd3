// Finds and compiles the WebAssembly kernel (scripts/build-wasm.mjs puts it in
// dist/wasm/). Only the package folder is read: no network, no other paths.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PIECE } from './wasm-arena.js';

/** The module's exports (native/wasm/entry.cc). */
export interface WasmExports {
  /** Computes the piece described by the block at `block`; 0 on success. */
  sd_run(block: number): number;
  /** Draws the keep flags of the piece described at `block`; 0 on success. */
  sd_draw(block: number): number;
  sd_block_fields(): number;
  sd_scratch_bytes(): number;
  sd_heap_base(): number;
}

/** The two links of the same objects: over a plain memory, and over a shared one (for the worker). */
export interface WasmModules {
  plain: WebAssembly.Module;
  shared: WebAssembly.Module;
}

/** Where the built modules are, from dist/backend/ (the package) or lib/backend/ (tests on sources). */
export const WASM_DIR = path.join(__dirname, '..', '..', 'dist', 'wasm');

function compile(file: string): WebAssembly.Module {
  const where = path.join(WASM_DIR, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(where);
  } catch (error) {
    throw new Error(`${where} is missing (build it with npm run build:wasm: needs clang-14 and lld-14)`, { cause: error });
  }
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    // A runtime without 128-bit SIMD or bulk memory fails here.
    throw new Error(`${file} does not compile on this runtime: ${(error as Error).message}`, { cause: error });
  }
}

/** Instantiates a module over `memory`, checking it speaks this JavaScript's block layout. */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
  if (exports.sd_block_fields() !== PIECE.count) {
    throw new Error(`the wasm kernel reads ${exports.sd_block_fields()} block fields, this JavaScript writes ${PIECE.count}: rebuild it (npm run build:wasm)`);
  }
  return exports;
}

/** Where a module's heap starts and how much scratch its kernel needs. */
export interface ModuleLayout {
  heapBase: number;
  scratchBytes: number;
}

/** Reads a module's layout from a throwaway instance (the arena's size depends on it). */
export function probeLayout(module: WebAssembly.Module, shared: boolean): ModuleLayout {
  const pages = 4; // the stack (64 KiB) and the module's few hundred bytes of data
  const exports = instantiate(module, new WebAssembly.Memory({ initial: pages, maximum: pages, shared }));
  return { heapBase: exports.sd_heap_base(), scratchBytes: exports.sd_scratch_bytes() };
}

/** Compiles both modules; throws an Error saying why they cannot be used. */
export function loadWasmModules(): WasmModules {
  if (typeof WebAssembly !== 'object') throw new Error('this runtime has no WebAssembly');
  return { plain: compile('spatial-dropout.wasm'), shared: compile('spatial-dropout-shared.wasm') };
}
