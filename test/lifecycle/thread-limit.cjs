// Under an address-space limit only some of 1,024 asked-for pool threads can
// start (each reserves its stack); the pool runs on those that did, and the
// results are those of one thread. Run it under `ulimit -v`.
const sd = require(process.env.SD_ENTRY);
const [N, T, C] = [256, 64, 16];
const data = Float32Array.from({ length: N * T * C }, (_, i) => (i % 13) - 6);
sd.setNumThreads(1);
const one = sd.spatialDropout1d({ data, shape: [N, T, C] }, { rate: 0.3, seed: 5 }).data;
sd.setNumThreads(1024);
const many = sd.spatialDropout1d({ data, shape: [N, T, C] }, { rate: 0.3, seed: 5 }).data;
const started = sd.backendInfo().threads;
if (!many.every((v, i) => Object.is(v, one[i]))) throw new Error('results differ');
console.log(started > 1 && started < 1024 ? 'ok' : `not limited: ${started} threads`);
