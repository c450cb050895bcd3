// Recycled outputs never show what they held before. Run with --expose-gc:
// fresh outputs of every dtype and layout are collected between calls, so the
// allocator hands their mappings out again (old contents and all); each result
// must equal the same call computed into a zeroed array, bit for bit.
const sd = require(process.env.SD_ENTRY);
const { loadNativeBinding } = require(process.env.SD_NATIVE);

const binding = loadNativeBinding();
const ARRAYS = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array };
const DTYPES = Object.keys(ARRAYS);
const [N, T, C] = [4, 1024, 512]; // 2^21 elements: 4 to 16 MiB, above the native allocation threshold
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function main() {
  let reused = 0;
  for (let round = 0; round < 32; round++) {
    const dtype = DTYPES[round % 4], layout = round % 8 < 4 ? 'channelsLast' : 'channelsFirst';
    const Array = ARRAYS[dtype];
    const data = new Array(N * T * C);
    for (let i = 0; i < data.length; i++) data[i] = Array === Uint16Array ? (i * 7919 + round * 104729) & 0x7bff : Math.sin(i + round);
    const shape = layout === 'channelsLast' ? [N, T, C] : [N, C, T];
    const options = { rate: 0.5, seed: round, step: round, layout };
    const cachedBefore = binding.allocatorStats()[1];
    const fresh = sd.spatialDropout1d({ data, shape, dtype }, options);
    if (binding.allocatorStats()[1] < cachedBefore) reused++;
    const expected = sd.spatialDropout1d({ data, shape, dtype }, { ...options, out: new Array(data.length) });
    const a = new Uint8Array(fresh.data.buffer, fresh.data.byteOffset, fresh.data.byteLength);
    const b = new Uint8Array(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength);
    if (a.length !== b.length || fresh.data.constructor !== Array) throw new Error(`round ${round}: wrong array`);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`round ${round} (${dtype}, ${layout}): byte ${i} differs`);
    global.gc();
    await settle();
    await settle();
  }
  console.log(`ok reused ${reused}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
