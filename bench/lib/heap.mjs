// A full garbage collection on demand, without starting Node with --expose-gc:
// the flag set at run time exposes gc() to contexts made after it.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/**
 * Collects everything unreachable now. The benchmark does this before each
 * measurement, so the garbage of the one before (its buffer sets, hundreds of
 * MiB) is not collected inside it, in pauses charged to whoever runs then.
 */
export function collectGarbage() {
  gc();
}
