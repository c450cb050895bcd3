#!/usr/bin/env node
// The `spatial-dropout` command: argument parsing (commander), dispatch to one
// file per subcommand, and the mapping of every failure to an exit code.
import { Command, CommanderError, Option } from 'commander';
import { apply } from './apply.js';
import { demo } from './demo.js';
import { EXIT_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, exitCodeOf, messageOf } from './errors.js';
import { info } from './info.js';
import { parseCount, parsePositive, parseRate, parseSeed, parseStep } from './option-parsers.js';
import { removeTempFilesSync } from './temp-files.js';
import { packageVersion } from './version.js';

function program(): Command {
  const root = new Command('spatial-dropout')
    .description("Keras' SpatialDropout1D over NumPy .npy files: whole channels dropped per sample, reproducible bit for bit")
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  root.command('apply')
    .description('apply spatial dropout (or its gradient) to a .npy array, streamed in chunks of samples')
    .argument('<in.npy>', 'array of (samples, timesteps, channels), or (timesteps, channels) for one sample; float32, float64 or float16, C order')
    .argument('<out.npy>', 'result, same dtype and shape (written to a temporary file, renamed when complete)')
    .requiredOption('-r, --rate <rate>', 'fraction of channels to drop, from 0 to 1', parseRate)
    .option('-s, --seed <seed>', 'seed from 0 to 2^64 - 1 (default: 64 random bits, printed so the run can be repeated)', parseSeed)
    .option('--step <step>', 'training-step counter, 0 to 2^32 - 1; each step draws an independent mask', parseStep, 0)
    .option('--sample-offset <index>', "global index of the file's first sample (a dataset split over files)", parseCount, 0)
    .addOption(new Option('--layout <layout>', 'axis order of the array').choices(['channelsLast', 'channelsFirst']).default('channelsLast'))
    .option('--mask-out <mask.npy>', 'also write the keep mask: (samples, channels) uint8, 1 = kept')
    .addOption(new Option('--mask-in <mask.npy>', 'apply this keep mask ((samples, channels) uint8 or bool) instead of drawing one')
      .conflicts(['seed', 'step', 'sampleOffset']))
    .option('--backward', "the input is a gradient dL/dy: apply the forward run's mask (needs its --seed, or --mask-in)")
    .option('--json', 'print a one-line JSON summary on stdout')
    .option('-q, --quiet', 'no progress bar, no summary line (a drawn seed is still printed)')
    .addOption(new Option('--chunk-bytes <bytes>').argParser(parsePositive).hideHelp())
    .action(apply);

  root.command('info')
    .description('show the backend, SIMD level and thread count a call would use')
    .option('--json', 'print as one JSON line')
    .action(info);

  root.command('demo')
    .description('run on a built-in batch: the mask as a picture, drop statistics and exactness checks (npm start)')
    .option('-r, --rate <rate>', 'fraction of channels to drop', parseRate, 0.3)
    .option('-s, --seed <seed>', 'seed', parseSeed, 42)
    .option('--step <step>', 'training-step counter, 0 to 2^32 - 1', parseStep, 0)
    .option('--ascii', 'draw with # and . instead of block characters')
    .action((options) => {
      if (!demo(options)) process.exitCode = EXIT_DATA;
    });
  return root;
}

function onSignal(signal: NodeJS.Signals, code: number): void {
  process.once(signal, () => {
    removeTempFilesSync();
    process.stderr.write(`\nspatial-dropout: stopped by ${signal}; no output was written\n`);
    process.exit(code);
  });
}

async function main(argv: string[]): Promise<number> {
  onSignal('SIGINT', EXIT_INTERRUPTED);
  onSignal('SIGTERM', 128 + 15);
  // Output piped into `head` that closes early: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    // commander has already printed its message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    process.stderr.write(`spatial-dropout: ${messageOf(error)}\n`);
    return exitCodeOf(error);
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
