// Fails loudly unless the package (its built dist/) runs on the native addon.
// The install script never fails a user's install, and the tests quietly skip
// native backends that do not load, so CI asks this question explicitly.
// Usage: node scripts/assert-native.cjs [expected SIMD level, e.g. neon]
'use strict';
const path = require('node:path');
const { backendInfo } = require(path.join(__dirname, '..'));

const info = backendInfo();
const where = `node ${process.version} ${process.platform}-${process.arch}`;
console.log(`${where}: ${JSON.stringify(info)}`);
const expectedSimd = process.argv[2];
if (info.backend !== 'native') {
  console.error(`expected the native backend on ${where}, got ${info.backend}: ${info.reason}`);
  process.exit(1);
}
if (expectedSimd !== undefined && info.simd !== expectedSimd) {
  console.error(`expected SIMD level ${expectedSimd} on ${where}, got ${info.simd}`);
  process.exit(1);
}
