// The shapes and the buffers each measurement rotates through.

/** (samples, timesteps, channels), channelsLast. */
export const SHAPES = {
  A: [32, 128, 64],
  B: [64, 512, 256],
  C: [16, 4096, 512],
  D: [256, 64, 8],
  E: [1, 65536, 128],
  F: [4096, 16, 3],
};

/** Not a power of two, so the float32 and float64 kernels divide (0.5 would be a multiply; the 16-bit ones multiply at every rate below 1). */
export const RATE = 0.2;

export const ARRAYS = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array };

const elementsOf = (dims) => dims.reduce((a, b) => a * b, 1);
export { elementsOf };

function fillRandom(a, dtype) {
  if (dtype === 'float16') {
    for (let i = 0; i < a.length; i++) a[i] = (Math.random() * 0x7800) | 0; // finite, positive
  } else if (dtype === 'bfloat16') {
    for (let i = 0; i < a.length; i++) a[i] = 0x3000 + ((Math.random() * 0x1f00) | 0);
  } else {
    for (let i = 0; i < a.length; i++) a[i] = Math.random() * 2 - 1;
  }
  return a;
}

/**
 * Buffer sets { x, out } for a tensor of `elements`, as many as it takes for
 * in + out of all sets to reach `workingSetBytes`, and at least `atLeast`
 * (one per contender, so that each has its own: see timing.mjs). A call never
 * finds its data in the L1/L2 where the previous call left it: shapes of a few
 * MiB are measured L3-resident, as a layer's input usually is. Larger ones are
 * in L3 or in memory depending on how much L3 the machine has (a 32 MiB
 * shape's sets fit in the 480 MiB L3 of some servers, of which a VM sees a
 * share); the peers rotate through as many sets, so they find the same.
 */
export function makeSets(dtype, elements, workingSetBytes, { atLeast = 1 } = {}) {
  const Array = ARRAYS[dtype];
  const bytes = elements * Array.BYTES_PER_ELEMENT;
  const count = Math.max(atLeast, Math.ceil(workingSetBytes / (2 * bytes)));
  const first = fillRandom(new Array(elements), dtype);
  const sets = [];
  for (let i = 0; i < count; i++) sets.push({ x: i === 0 ? first : first.slice(), out: new Array(elements).fill(0) });
  return sets;
}
