// The demo's built-in batch: deterministic sinusoids, a different frequency
// and phase per channel and sample, so every value is distinct and non-zero
// (a dropped channel shows as exact zeros, a kept one as scaled values).

export interface DemoShape {
  samples: number;
  timesteps: number;
  channels: number;
}

export const DEMO_SHAPE: DemoShape = { samples: 16, timesteps: 64, channels: 48 };

/** (samples, timesteps, channels), channelsLast, float32. */
export function demoBatch({ samples, timesteps, channels }: DemoShape): Float32Array {
  const x = new Float32Array(samples * timesteps * channels);
  for (let n = 0; n < samples; n++) {
    for (let t = 0; t < timesteps; t++) {
      for (let c = 0; c < channels; c++) {
        const phase = (2 * Math.PI * (c + 1) * t) / timesteps + 0.37 * n;
        x[(n * timesteps + t) * channels + c] = 1.5 + Math.sin(phase) * (1 + c / channels);
      }
    }
  }
  return x;
}

/** channelsLast (N, T, C) -> channelsFirst (N, C, T). */
export function toChannelsFirst(x: Float32Array, { samples, timesteps, channels }: DemoShape): Float32Array {
  const y = new Float32Array(x.length);
  for (let n = 0; n < samples; n++) {
    for (let t = 0; t < timesteps; t++) {
      for (let c = 0; c < channels; c++) y[(n * channels + c) * timesteps + t] = x[(n * timesteps + t) * channels + c];
    }
  }
  return y;
}
