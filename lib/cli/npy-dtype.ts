// Which NumPy dtypes the command reads and writes, and why it refuses others.
import type { DType } from '../index.js';
import { DataError } from './errors.js';

/** The float dtypes a .npy file can hold, with NumPy's descr for each. */
const NPY_FLOAT_DESCRS = { '<f4': 'float32', '<f8': 'float64', '<f2': 'float16' } as const satisfies Record<string, DType>;
/** The descr we write for each float dtype. */
export const DESCR_OF_DTYPE: Readonly<Partial<Record<DType, string>>> = Object.fromEntries(
  Object.entries(NPY_FLOAT_DESCRS).map(([descr, dtype]) => [dtype, descr]),
);
/** Masks: one byte per flag, NumPy's uint8 or bool. We write uint8. */
const MASK_DESCRS = ['|u1', '|b1'];
export const MASK_DESCR = '|u1';

type FloatDescr = keyof typeof NPY_FLOAT_DESCRS;

/** The dtype of a data file's descr; DataError naming the remedy otherwise. */
export function dtypeOfDescr(descr: string): DType {
  if (Object.hasOwn(NPY_FLOAT_DESCRS, descr)) return NPY_FLOAT_DESCRS[descr as FloatDescr];
  if (/^>f[248]$/.test(descr)) {
    throw new DataError(`the array is big-endian ('${descr}'); convert it first, e.g. np.save(path, a.astype('<${descr.slice(1)}'))`);
  }
  throw new DataError(`unsupported dtype '${descr}': expected float32 '<f4', float64 '<f8' or float16 '<f2'`);
}

/** Checks a mask file's descr (uint8 or bool). */
export function checkMaskDescr(descr: string): void {
  if (!MASK_DESCRS.includes(descr)) {
    throw new DataError(`unsupported mask dtype '${descr}': expected uint8 '|u1' or bool '|b1' (1 = kept)`);
  }
}
