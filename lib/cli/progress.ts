// The progress bar of a run: samples done, throughput and time left, drawn by
// cli-progress on stderr, and only when stderr is a terminal (a log file or a
// pipe gets nothing) and the user did not ask for --quiet.
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(samplesDone: number, bytesDone: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function createProgress(totalSamples: number, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return SILENT;
  const bar = new SingleBar(
    {
      format: '{bar} {percentage}% | {value}/{total} samples | {speed} MB/s | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(totalSamples, 0, { speed: '0.0' });
  return {
    update(samplesDone, bytesDone) {
      const seconds = (performance.now() - started) / 1000;
      const speed = seconds > 0 ? (bytesDone / 1e6 / seconds).toFixed(1) : '0.0';
      bar.update(samplesDone, { speed });
    },
    stop: () => bar.stop(),
  };
}
