// Exit codes of the command, decided in one place: 2 for anything the user can
// fix on the command line (our usage errors, commander's, and the library's
// TypeError/RangeError argument errors), 1 for bad data or failed I/O.
import { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } from '../index.js';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** A command-line mistake: bad option value, conflicting options. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file the command cannot use: not .npy, unsupported dtype, truncated, mismatched mask. Exit code 1. */
export class DataError extends Error {
  override name = 'DataError';
}

/** A DataError naming the file it is about; other errors unchanged. */
export function inFile(path: string, error: unknown): unknown {
  return error instanceof DataError ? new DataError(`${path}: ${error.message}`) : error;
}

// The system's reasons a file could not be opened, in words.
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/**
 * A failed open as a DataError naming the path the user gave (an output is
 * opened as a temporary file beside it, whose name would mean nothing), with
 * the system's reason; other errors unchanged.
 */
export function openError(action: 'read' | 'create', path: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  const reason = action === 'create' && code === 'ENOENT' ? 'its folder does not exist' : (REASONS[code] ?? code);
  return new DataError(`cannot ${action} ${path}: ${reason}`);
}

// The library's names for what the command takes as flags.
const FLAGS: Record<string, string> = {
  'options.rate': '--rate', 'options.seed': '--seed', 'options.step': '--step', 'options.sampleOffset': '--sample-offset',
};

/**
 * The message to print for an error: the library's argument errors say the
 * flag, and the value as it was typed ("for --rate but received 1.5", not
 * "for options.rate but received 1.5 of type number").
 */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!isLibraryArgumentError(error)) return error.message;
  return error.message
    .replace(/ for (options\.\w+) but/, (whole, name: string) => (FLAGS[name] === undefined ? whole : ` for ${FLAGS[name]} but`))
    .replace(/ but received (-?[\d.e+]+|NaN|-?Infinity)n? of type (number|bigint)$/, ' but received $1');
}

const LIBRARY_ARGUMENT_CODES: readonly unknown[] = [ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE];

/** Whether the library rejected an argument (TypeError/RangeError with its error code). */
function isLibraryArgumentError(error: unknown): boolean {
  return (error instanceof TypeError || error instanceof RangeError)
    && LIBRARY_ARGUMENT_CODES.includes((error as { code?: unknown }).code);
}

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || isLibraryArgumentError(error)) return EXIT_USAGE;
  return EXIT_DATA;
}
