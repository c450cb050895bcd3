// Types of known-answers.cjs, for the TypeScript consumer.

/** SPEC section 2's mask known answers: rate, seed, step, sampleOffset, N, C, rows. */
export const MASKS: readonly [number, number | bigint, number, number, number, number, string][];

/** Runs every check against `api`; rejects on the first failure. */
export function verify(api: typeof import('spatial-dropout'), label: string): Promise<void>;
