// What every consumer (ESM, CommonJS, TypeScript) checks against the installed
// package: which backend loaded, SPEC section 2's mask known answers, and a
// small float32 tensor whose result is worked out by hand below.
// SD_EXPECT_BACKEND=wasm or js: the package must run on that fallback and say why.
'use strict';
const assert = require('node:assert/strict');

// SPEC section 2: rate, seed, step, sampleOffset, N, C, rows (channel 0 first, 1 = kept).
// Also the table of test/known-answers.test.ts.
const MASKS = [
  [0.5, 0, 0, 0, 4, 8, '01111010 01000110 00111011 11011000'],
  [0.3, 42, 0, 0, 3, 10, '1101111111 0101011100 1111111010'],
  [0.3, 42, 1, 0, 3, 10, '0111010101 0011011101 0111111100'],
  [0.3, 42, 0, 2, 1, 10, '1111111010'],
  [0.25, 2n ** 64n - 1n, 7, 2 ** 32, 2, 6, '111111 111101'],
];

// rate 0.5, seed 0, step 0: the first two rows above, cut to 4 channels, keep
// sample 0 channels 1-3 and sample 1 channel 1. Kept values are divided by 0.5
// (doubled, exactly); dropped ones become +0, NaN and Infinity included.
const SHAPE = [2, 3, 4]; // samples, timesteps, channels
const INPUT = [
  1, -2, 3.5, 0.25, /**/ Infinity, -0.5, 6, 100, /**/ 7, 8, -9.75, 1.5,
  NaN, 3, -1, 2, /**/ 5, -4, 0.125, 10, /**/ -3, 0.5, 12, -6,
];
const EXPECTED = [
  0, -4, 7, 0.5, /**/ 0, -1, 12, 200, /**/ 0, 16, -19.5, 3,
  0, 6, 0, 0, /**/ 0, -8, 0, 0, /**/ 0, 1, 0, 0,
];

/** (samples, timesteps, channels) -> (samples, channels, timesteps). */
function toChannelsFirst(values, [n, t, c]) {
  const out = new Float32Array(values.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < t; j++) for (let k = 0; k < c; k++) out[(i * c + k) * t + j] = values[(i * t + j) * c + k];
  return out;
}

/** Bit-for-bit equality (tells +0 from -0), with a readable failure. */
function assertBits(actual, expected, what) {
  assert.ok(actual instanceof Float32Array, `${what}: expected a Float32Array, got ${actual?.constructor?.name}`);
  const same = Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength),
    Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)) === 0;
  assert.ok(same, `${what}: got [${Array.from(actual)}], expected [${Array.from(expected)}]`);
}

function checkBackend(api, expected) {
  const info = api.backendInfo();
  if (expected === 'native') {
    assert.equal(info.backend, 'native', `native backend expected: ${info.reason}`);
    assert.equal(info.reason, undefined);
  } else {
    assert.equal(info.backend, expected);
    // node-gyp-build's own words: what it looked for, down to platform and arch.
    const target = `platform=${process.platform} arch=${process.arch}`;
    assert.ok(info.reason?.includes(target), `reason should name ${target}: ${info.reason}`);
    assert.ok(info.reason.includes('npm rebuild spatial-dropout'), `reason should say how to build one: ${info.reason}`);
  }
  return info;
}

function checkMasks(api) {
  for (const [rate, seed, step, sampleOffset, n, c, rows] of MASKS) {
    const keep = api.dropoutMask({ rate, seed, step, sampleOffset }, n, c);
    const text = Array.from({ length: n }, (_, i) => keep.subarray(i * c, (i + 1) * c).join('')).join(' ');
    assert.equal(text, rows, `mask rate ${rate} seed ${seed} step ${step} sampleOffset ${sampleOffset}`);
  }
}

async function checkTensor(api) {
  const options = { rate: 0.5, seed: 0 };
  const input = { data: Float32Array.from(INPUT), shape: SHAPE };
  const expected = Float32Array.from(EXPECTED);
  assertBits(api.spatialDropout1d(input, options).data, expected, 'spatialDropout1d');
  assertBits((await api.spatialDropout1dAsync(input, options)).data, expected, 'spatialDropout1dAsync');
  const layer = new api.SpatialDropout1D(options);
  assertBits(layer.call(input, { training: true }).data, expected, 'SpatialDropout1D.call');

  const [n, t, c] = SHAPE;
  const first = { data: toChannelsFirst(input.data, SHAPE), shape: [n, c, t] };
  const result = api.spatialDropout1d(first, { ...options, layout: 'channelsFirst' });
  assertBits(result.data, toChannelsFirst(expected, SHAPE), 'spatialDropout1d channelsFirst');
  assert.deepEqual(result.shape, [n, c, t]);
}

/** Runs every check against `api` (the package as the consumer imported it); throws on the first failure. */
async function verify(api, label) {
  const expected = process.env.SD_EXPECT_BACKEND || 'native';
  const info = checkBackend(api, expected);
  checkMasks(api);
  await checkTensor(api);
  const how = info.reason === undefined ? `${info.backend} ${info.simd}` : `${info.backend} (${info.reason})`;
  console.log(`${label} consumer on node ${process.version}: ${how}: ${MASKS.length} mask known answers and the float32 tensor ok`);
}

module.exports = { verify, MASKS };
