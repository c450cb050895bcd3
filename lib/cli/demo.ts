// `spatial-dropout demo` (and `npm start`): SpatialDropout1D on a built-in
// batch, showing what runs, the mask as a picture, and checks of the output
// against the contract. Colour only on a terminal (and never with NO_COLOR).
import { backendInfo, dropoutMask, spatialDropout1d } from '../index.js';
import { demoBatch, DEMO_SHAPE } from './demo-data.js';
import { arithmeticChecks, dropStatistics, invarianceChecks, type Check, type DemoRun } from './demo-checks.js';
import { ASCII_CELLS, maskPicture, pictureStyle, UNICODE_CELLS } from './mask-picture.js';
import { packageVersion } from './version.js';

export interface DemoOptions {
  rate: number;
  seed: number | bigint;
  step: number;
  ascii?: boolean;
}

/** Runs the demo and prints it; returns whether every check passed. */
export function demo(o: DemoOptions): boolean {
  const started = performance.now();
  const shape = DEMO_SHAPE;
  const { samples, timesteps, channels } = shape;
  const options = { rate: o.rate, seed: o.seed, step: o.step };
  const x = demoBatch(shape);
  const y = spatialDropout1d({ data: x, shape: [samples, timesteps, channels] }, options).data as Float32Array;
  const run: DemoRun = { shape, x, y, mask: dropoutMask(options, samples, channels), options };
  const stats = dropStatistics(run);
  const checks: Check[] = [...arithmeticChecks(run), ...invarianceChecks(run)];
  const b = backendInfo();

  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const style = pictureStyle(o.ascii ? ASCII_CELLS : UNICODE_CELLS, colour);
  const [pass, fail] = o.ascii ? ['ok', 'FAILED'] : ['✓', '✗ FAILED'];
  const z = stats.standardError === 0 ? 0 : Math.abs(stats.fraction - o.rate) / stats.standardError;
  const lines = [
    `spatial-dropout ${packageVersion()} demo: SpatialDropout1D(rate=${o.rate}), seed ${o.seed}, step ${o.step}`,
    `backend ${b.backend}, SIMD ${b.simd}, ${b.threads} thread${b.threads === 1 ? '' : 's'}${b.reason ? ` (${b.reason})` : ''}`,
    `input: ${samples} samples x ${timesteps} timesteps x ${channels} channels of float32 sinusoids (channelsLast)`,
    '',
    `mask: a row per sample, a column per channel (${style.kept} kept, ${style.dropped} dropped across all ${timesteps} timesteps)`,
    ...maskPicture(run.mask, samples, channels, style),
    '',
    `drop fraction   ${stats.fraction.toFixed(4)} (${stats.dropped} of ${stats.pairs}) vs rate ${o.rate}: `
      + `binomial s.e. ${stats.standardError.toFixed(4)}, ${z.toFixed(2)} s.e. away`,
    `per sample      ${stats.perSample.join(' ')} dropped of ${channels} `
      + `(expected ${stats.perSampleMean.toFixed(1)} ± ${stats.perSampleSd.toFixed(1)})`,
    ...checks.map((c) => `${c.name.padEnd(15)} ${c.ok ? pass : fail} ${c.detail}`),
    '',
    `done in ${(performance.now() - started).toFixed(0)} ms. Try: npx spatial-dropout demo --rate 0.5 --seed 7, or spatial-dropout --help`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return checks.every((c) => c.ok);
}
