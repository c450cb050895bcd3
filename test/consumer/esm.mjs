// ESM consumer: `import` of the installed package.
import { createRequire } from 'node:module';
import * as api from 'spatial-dropout';

const require = createRequire(import.meta.url);
const { verify } = require('./known-answers.cjs');

// The ESM entry re-exports the CommonJS build: one module instance, one backend.
if (api.backendInfo !== require('spatial-dropout').backendInfo) {
  throw new Error('import and require gave two copies of spatial-dropout');
}
await verify(api, 'ESM');
