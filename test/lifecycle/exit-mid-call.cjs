// process.exit() while many async calls are in flight: no crash, no hang, and
// the exit code is the one asked for.
const sd = require(process.env.SD_ENTRY);
const [N, T, C] = [64, 512, 64];
const data = new Float32Array(N * T * C).fill(1);
for (let i = 0; i < 64; i++) sd.spatialDropout1dAsync({ data, shape: [N, T, C] }, { rate: 0.5, seed: i });
setTimeout(() => process.exit(7), 1);
