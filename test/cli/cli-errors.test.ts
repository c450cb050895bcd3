// Every error class of `apply`: usage errors exit 2, data errors exit 1, each
// with a message; no output or temporary file is left and the input is intact.
import { copyFileSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempFolder, writeNpy } from './helpers.js';

/** A folder holding in.npy (the fixture f4_v1: shape (3, 4, 5)) and anything `extra` adds. */
function folderWithInput(extra?: (folder: string) => void): string {
  const folder = tempFolder();
  copyFileSync(join(FIXTURES, 'f4_v1.npy'), join(folder, 'in.npy'));
  extra?.(folder);
  return folder;
}

async function expectFailure(args: (folder: string) => string[], code: number, message: RegExp, extra?: (folder: string) => void) {
  const folder = folderWithInput(extra);
  const before = new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));
  const r = await runCli(args(folder));
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  // Nothing written, nothing changed: exactly the files that were there, byte for byte.
  expect(readdirSync(folder).sort()).toEqual([...before.keys()].sort());
  for (const [name, bytes] of before) expect(readFileSync(join(folder, name)).equals(bytes)).toBe(true);
}

const apply = (folder: string, ...rest: string[]) => ['apply', join(folder, 'in.npy'), join(folder, 'out.npy'), ...rest];

describe('usage errors exit 2', () => {
  const cases: Array<[string, (f: string) => string[], RegExp]> = [
    ['no command', () => [], /Usage: spatial-dropout/],
    ['unknown command', () => ['transform'], /unknown command 'transform'/],
    ['missing --rate', (f) => apply(f), /required option '-r, --rate <rate>' not specified/],
    ['missing output', (f) => ['apply', join(f, 'in.npy'), '--rate', '0.5'], /missing required argument 'out.npy'/],
    ['unknown option', (f) => apply(f, '-r', '0.5', '--rat', '1'), /unknown option '--rat'/],
    ['rate not a number', (f) => apply(f, '-r', 'half'), /argument 'half' is invalid. Expected a number from 0 to 1/],
    ['rate above 1 (the library says so)', (f) => apply(f, '-r', '1.5', '-s', '1'), /Expected a number from 0 to 1 for --rate but received 1.5$/m],
    ['seed not an integer', (f) => apply(f, '-r', '0.5', '-s', '1.5'), /Expected an integer from 0 to 2\^64 - 1/],
    ['seed of 2^64 (the library says so)', (f) => apply(f, '-r', '0.5', '-s', '18446744073709551616'), /for --seed but received 18446744073709551616$/m],
    ['step of 2^32', (f) => apply(f, '-r', '0.5', '-s', '1', '--step', '4294967296'), /argument '4294967296' is invalid. Expected an integer from 0 to 2\^32 - 1/],
    ['sample offset past 2^53 (the library says so)', (f) => apply(f, '-r', '0.5', '-s', '1', '--sample-offset', '9007199254740990'),
      /for --sample-offset but received 9007199254740990$/m],
    ['bad layout', (f) => apply(f, '-r', '0.5', '--layout', 'NCW'), /Allowed choices are channelsLast, channelsFirst/],
    ['--mask-in with --seed', (f) => apply(f, '-r', '0.5', '-s', '1', '--mask-in', join(FIXTURES, 'mask_u1.npy')), /cannot be used with option '-s, --seed/],
    ['--backward without a seed or mask', (f) => apply(f, '-r', '0.5', '--backward'), /--backward needs the forward run's --seed/],
    ['output is the input', (f) => ['apply', join(f, 'in.npy'), join(f, 'in.npy'), '-r', '0.5', '-s', '1'], /the input and the output are the same file/],
    ['output is the input by another spelling', (f) => ['apply', join(f, 'in.npy'), join(f, '.', 'x', '..', 'in.npy'), '-r', '0.5', '-s', '1'],
      /the input and the output are the same file/],
    ['--mask-out is the input', (f) => apply(f, '-r', '0.5', '-s', '1', '--mask-out', join(f, 'in.npy')), /the input and --mask-out are the same file/],
    ['--mask-out is the output', (f) => apply(f, '-r', '0.5', '-s', '1', '--mask-out', join(f, 'out.npy')), /the output and --mask-out are the same file/],
  ];
  it.each(cases)('%s', (_, args, message) => expectFailure(args, 2, message));

  it('output is a hard link or symlink to the input', async () => {
    const links = (f: string) => {
      linkSync(join(f, 'in.npy'), join(f, 'hard.npy'));
      symlinkSync(join(f, 'in.npy'), join(f, 'soft.npy'));
    };
    for (const name of ['hard.npy', 'soft.npy']) {
      await expectFailure((f) => ['apply', join(f, 'in.npy'), join(f, name), '-r', '0.5', '-s', '1'], 2, /are the same file/, links);
    }
  });
});

describe('data errors exit 1', () => {
  const fixture = (name: string) => (f: string) => ['apply', join(FIXTURES, name), join(f, 'out.npy'), '-r', '0.5', '-s', '1'];
  const withMask = (name: string) => (f: string) => apply(f, '-r', '0.5', '--mask-in', join(FIXTURES, name));
  const cases: Array<[string, (f: string) => string[], RegExp, ((f: string) => void)?]> = [
    // Named as given, with no drawn seed printed for a run that never started.
    ['input missing', (f) => ['apply', join(f, 'nope.npy'), join(f, 'out.npy'), '-r', '0.5'], /^spatial-dropout: cannot read \S+nope.npy: no such file or directory\n$/],
    ['output folder missing', (f) => ['apply', join(f, 'in.npy'), join(f, 'no', 'out.npy'), '-r', '0.5'],
      /^spatial-dropout: cannot create \S+no\/out.npy: its folder does not exist\n$/],
    ['not a .npy file', (f) => apply(f, '-r', '0.5', '-s', '1'), /in.npy: not a .npy file/, (f) => writeFileSync(join(f, 'in.npy'), 'hello')],
    ['unsupported dtype', fixture('i4.npy'), /i4.npy: unsupported dtype '<i4': expected float32 '<f4', float64 '<f8' or float16 '<f2'/],
    ['big-endian', fixture('f4_big_endian.npy'), /f4_big_endian.npy: the array is big-endian \('>f4'\)/],
    ['Fortran order', fixture('f4_fortran.npy'), /f4_fortran.npy: stored in Fortran order/],
    ['truncated', fixture('f4_truncated.npy'), /f4_truncated.npy: truncated: its header promises 240 bytes of data, the file holds 237/],
    ['rank 4', fixture('f4_rank4.npy'), /f4_rank4.npy: expected a rank-3 array \(samples, timesteps, channels\) or a rank-2 one \(a single sample\), got shape \(2, 3, 4, 5\)/],
    ['structured dtype', fixture('structured.npy'), /structured dtype/],
    ['mask of the wrong shape', withMask('f4_rank2.npy'), /f4_rank2.npy: unsupported mask dtype '<f4'/],
    ['mask for another layout', (f) => apply(f, '-r', '0.5', '--layout', 'channelsFirst', '--mask-in', join(FIXTURES, 'mask_u1.npy')),
      /mask_u1.npy: the mask has shape \(3, 5\), the input needs \(3, 4\) \(samples, channels\)/],
    ['mask holding a 2', (f) => apply(f, '-r', '0.5', '--mask-in', join(f, 'bad-mask.npy')), /bad-mask.npy: the mask holds 2 at \[1, 3\]; flags must be 0 or 1/, (f) => {
      const flags = new Uint8Array(15).fill(1);
      flags[8] = 2;
      writeNpy(join(f, 'bad-mask.npy'), flags, [3, 5], '|u1');
    }],
  ];
  it.each(cases)('%s', (_, args, message, extra) => expectFailure(args, 1, message, extra));
});
