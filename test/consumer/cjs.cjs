// CommonJS consumer: `require` of the installed package.
'use strict';
const api = require('spatial-dropout');
const { verify } = require('./known-answers.cjs');

verify(api, 'CommonJS').catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
