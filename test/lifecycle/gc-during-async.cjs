// Inputs and outputs referenced only by pending async calls survive collection:
// run with --expose-gc; every result must match the sync one.
const sd = require(process.env.SD_ENTRY);
const [N, T, C] = [16, 1024, 64];
const make = (s) => Float32Array.from({ length: N * T * C }, (_, i) => ((i * 31 + s) % 1000) / 7);
async function main() {
  const pending = [];
  for (let s = 0; s < 16; s++) {
    // No reference to the arrays is kept outside the call.
    pending.push(sd.spatialDropout1dAsync({ data: make(s), shape: [N, T, C] }, { rate: 0.4, seed: s, out: new Float32Array(N * T * C) }));
  }
  for (let i = 0; i < 5; i++) { global.gc(); await new Promise((r) => setImmediate(r)); }
  const results = await Promise.all(pending);
  global.gc();
  for (let s = 0; s < 16; s++) {
    const expected = sd.spatialDropout1d({ data: make(s), shape: [N, T, C] }, { rate: 0.4, seed: s });
    if (!results[s].data.every((v, i) => Object.is(v, expected.data[i]))) throw new Error(`result ${s} differs`);
  }
  console.log('ok');
}
main().catch((e) => { console.error(e); process.exit(1); });
