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
