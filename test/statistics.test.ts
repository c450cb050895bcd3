// The mask is random in the ways dropout needs, checked with fixed seeds and
// stated bounds: 5 sigma for proportions and means (a false alarm about once in
// 1.7 million runs of a test), chi-square at p = 1e-4.
import { describe, expect, it } from 'vitest';
import { dropoutMask, spatialDropout1d } from '../lib/index.js';

const Z5 = 5;

/** Upper 1e-4 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty, good for df >= 30). */
function chiSquareCritical(df: number): number {
  const z = 3.719; // standard normal, upper 1e-4
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

describe('mask statistics', () => {
  it.each([0.05, 0.25, 0.5, 0.8, 0.99])('drop fraction at rate %d is within 5 sigma', (rate) => {
    const [N, C] = [4000, 250];
    const keep = dropoutMask({ rate, seed: 2024, step: 1 }, N, C);
    const dropped = keep.reduce((s, k) => s + (1 - k), 0);
    const n = N * C, sigma = Math.sqrt(rate * (1 - rate) / n);
    expect(Math.abs(dropped / n - rate)).toBeLessThan(Z5 * sigma);
  });

  it('drops whole channels: every (n, c) is constant across time', () => {
    const [N, T, C] = [20, 50, 37];
    const y = spatialDropout1d({ data: new Float32Array(N * T * C).fill(1), shape: [N, T, C] }, { rate: 0.5, seed: 7 });
    const keep = dropoutMask({ rate: 0.5, seed: 7 }, N, C);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
      for (let t = 0; t < T; t++) expect(y.data[(n * T + t) * C + c]).toBe(keep[n * C + c] * 2);
    }
  });

  it('per-channel drop counts pass a chi-square test at p > 1e-4', () => {
    const [N, C, rate] = [5000, 200, 0.3];
    const keep = dropoutMask({ rate, seed: 31337, step: 5 }, N, C);
    const drops = new Float64Array(C);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) drops[c] += 1 - keep[n * C + c];
    const expected = N * rate, variance = N * rate * (1 - rate);
    const chi2 = drops.reduce((s, d) => s + (d - expected) ** 2 / variance, 0);
    expect(chi2).toBeLessThan(chiSquareCritical(C));
    // and not suspiciously uniform either (lower 1e-4 tail, symmetric approximation)
    expect(chi2).toBeGreaterThan(2 * C - chiSquareCritical(C));
  });

  it('masks at consecutive steps and neighbouring samples are uncorrelated', () => {
    const [N, C, rate] = [2000, 100, 0.5];
    const n = N * C;
    const correlation = (a: Uint8Array, b: Uint8Array) => {
      let sa = 0, sb = 0, sab = 0;
      for (let i = 0; i < a.length; i++) { sa += a[i]; sb += b[i]; sab += a[i] * b[i]; }
      const ma = sa / a.length, mb = sb / b.length;
      return (sab / a.length - ma * mb) / Math.sqrt(ma * (1 - ma) * mb * (1 - mb));
    };
    // Under independence r is about N(0, 1/n).
    for (let step = 0; step < 5; step++) {
      const a = dropoutMask({ rate, seed: 1, step }, N, C), b = dropoutMask({ rate, seed: 1, step: step + 1 }, N, C);
      expect(Math.abs(correlation(a, b))).toBeLessThan(Z5 / Math.sqrt(n));
    }
    const shifted = dropoutMask({ rate, seed: 1, sampleOffset: 1 }, N, C);
    expect(Math.abs(correlation(dropoutMask({ rate, seed: 1 }, N, C), shifted))).toBeLessThan(Z5 / Math.sqrt(n));
  });

  it('the output mean is the input mean, within 5 standard errors over many steps', () => {
    const [N, T, C, steps, rate] = [8, 16, 32, 400, 0.4];
    const x = Float64Array.from({ length: N * T * C }, (_, i) => 1 + Math.sin(i));
    const inputMean = x.reduce((s, v) => s + v, 0) / x.length;
    const means: number[] = [];
    for (let step = 0; step < steps; step++) {
      const y = spatialDropout1d({ data: x, shape: [N, T, C] }, { rate, seed: 555, step });
      means.push(y.data.reduce((s, v) => s + v, 0) / y.data.length);
    }
    const mean = means.reduce((s, v) => s + v, 0) / steps;
    const sd = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (steps - 1));
    expect(Math.abs(mean - inputMean)).toBeLessThan(Z5 * sd / Math.sqrt(steps));
  });
});
