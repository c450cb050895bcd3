// An idle program gets its memory back. Run with --expose-gc: a few fresh
// outputs are made and collected, so their mappings sit in the allocator's
// cache; then nothing is called for a while. The unref'd trim timer
// (lib/backend/native.ts) must empty the cache on its own, and must not keep
// the process alive afterwards: this script ends by falling off the event loop.
const sd = require(process.env.SD_ENTRY);
const { loadNativeBinding } = require(process.env.SD_NATIVE);

const binding = loadNativeBinding();
const shape = [4, 1024, 512]; // 8 MiB of float32: from the native allocator

async function main() {
  // Only the native backend has an allocator of its own.
  if (sd.backendInfo().backend !== 'native') return console.log('ok trimmed 0');
  const data = new Float32Array(shape[0] * shape[1] * shape[2]).fill(1);
  for (let i = 0; i < 3; i++) sd.spatialDropout1d({ data, shape }, { rate: 0.5, seed: 1, step: i });
  // V8 sweeps collected buffers on a background thread and Node returns them
  // from a later turn of the loop: wait (up to a second) for the first.
  let cached = 0;
  for (let waited = 0; cached === 0 && waited < 1000; waited += 10) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    cached = binding.allocatorStats()[1];
  }
  if (cached === 0) throw new Error('no mapping was cached within a second of the outputs being collected');
  // Idle for 2 s plus two trim intervals; a timer of ours, ref'd, keeps us here.
  await new Promise((resolve) => setTimeout(resolve, 7_500));
  const [bytesLeft, mappingsLeft] = binding.allocatorStats();
  if (mappingsLeft !== 0 || bytesLeft !== 0) throw new Error(`after 7.5 s idle the cache still holds ${mappingsLeft} mappings`);
  console.log(`ok trimmed ${cached}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
