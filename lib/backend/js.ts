import { DTYPES } from '../dtype.js';
import { drawMask } from '../mask.js';
import { allocateThenRun, type Backend } from './backend.js';
import { runJsKernel } from './js-kernel.js';

/** The pure TypeScript backend: runs anywhere, on the calling thread. */
export const jsBackend: Backend = {
  name: 'js',
  simd: () => 'none',
  threads: () => 1,
  setThreads: () => undefined,
  run: runJsKernel,
  runAsync: async (request, out) => runJsKernel(request, out),
  drawMask,
  allocate: (dtype, length) => DTYPES[dtype].create(length),
  runFresh: (request) => allocateThenRun(jsBackend, request),
};
