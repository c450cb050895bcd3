// The JavaScript peers: a plain loop, and TensorFlow.js' CPU and wasm backends
// doing spatial dropout as Keras does in tfjs (tf.dropout with noise shape
// [N, 1, C]).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The straightforward loop: index arithmetic, the keep flag tested per
 * element, a division per kept element. `keep` is given (drawing it is not
 * timed), so this is the cheapest a plain loop gets.
 */
export function plainLoop(x, out, keep, N, T, C, k) {
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) {
        const i = (n * T + t) * C + c;
        out[i] = keep[n * C + c] ? x[i] / k : 0;
      }
    }
  }
}

let tf;

/** Loads TensorFlow.js (quietly: it advertises tfjs-node on stdout). Null with a reason if missing. */
export async function loadTfjs() {
  if (tf !== undefined) return tf;
  const log = console.log, warn = console.warn;
  try {
    console.log = console.warn = () => undefined;
    tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-cpu');
    require('@tensorflow/tfjs-backend-wasm');
    return tf;
  } catch (error) {
    tf = null;
    return { unavailable: `TensorFlow.js not installed (${error.message.split('\n')[0]})` };
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

/**
 * A contender running tf.dropout on `backend` ('cpu' or 'wasm'), with its own
 * input tensor per buffer set. Call it only while that backend is active
 * (switching moves data), so the benchmark times each backend in a block.
 */
export async function tfjsContender(backend, sets, dims, rate) {
  const [N, , C] = dims;
  await tf.setBackend(backend);
  await tf.ready();
  const inputs = new Map(sets.map((s) => [s, tf.tensor(s.x, dims, 'float32')]));
  return {
    name: `tfjs-${backend}`,
    run(set, call) {
      const y = tf.dropout(inputs.get(set), rate, [N, 1, C], call);
      y.dataSync();
      y.dispose();
    },
    dispose() {
      for (const t of inputs.values()) t.dispose();
    },
  };
}
