// Types of known-answers.cjs, for the TypeScript consumer.

/** Runs every check against `api`; rejects on the first failure. */
export function verify(api: typeof import('spatial-dropout'), label: string): Promise<void>;
