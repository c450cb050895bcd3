// `spatial-dropout info`: what would run a call here, and why.
import { backendInfo } from '../index.js';
import { packageVersion } from './version.js';

export function info(options: { json?: boolean }): void {
  const b = backendInfo();
  const facts = {
    version: packageVersion(),
    backend: b.backend,
    simd: b.simd,
    threads: b.threads,
    ...(b.reason === undefined ? {} : { reason: b.reason }),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(facts)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(facts).map((k) => k.length));
  for (const [key, value] of Object.entries(facts)) process.stdout.write(`${key.padEnd(width)}  ${value}\n`);
}
