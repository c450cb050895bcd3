// 8 worker_threads load the addon at once, compute, check their result, and are
// terminated in the middle of a call; the process must then exit by itself.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const sd = require(process.env.SD_ENTRY);

if (isMainThread) {
  const workers = Array.from({ length: 8 }, (_, id) => new Worker(__filename, { workerData: { id } }));
  let ready = 0;
  for (const w of workers) {
    w.on('error', (e) => { console.error('worker error', e); process.exitCode = 1; });
    w.on('message', (m) => {
      if (m !== 'ok') { console.error('worker failed:', m); process.exitCode = 1; }
      // Terminate while the worker is busy in its next calls.
      if (++ready === workers.length) setTimeout(() => workers.forEach((x) => x.terminate()), 5);
    });
  }
  process.on('exit', (code) => console.log(`exit ${code}`));
} else {
  const [N, T, C] = [32, 256, 64];
  const data = Float32Array.from({ length: N * T * C }, (_, i) => (i % 97) - 48);
  const expected = sd.spatialDropout1d({ data, shape: [N, T, C] }, { rate: 0.3, seed: 5, step: workerData.id });
  const again = sd.spatialDropout1d({ data, shape: [N, T, C] }, { rate: 0.3, seed: 5, step: workerData.id });
  const same = again.data.every((v, i) => Object.is(v, expected.data[i]));
  parentPort.postMessage(same && sd.backendInfo().backend ? 'ok' : 'mismatch');
  // Keep computing (sync and async) until terminated.
  const loop = async () => {
    for (;;) {
      sd.spatialDropout1d({ data, shape: [N, T, C] }, { rate: 0.3, seed: 5 });
      await sd.spatialDropout1dAsync({ data, shape: [N, T, C] }, { rate: 0.3, seed: 6 });
    }
  };
  loop();
}
