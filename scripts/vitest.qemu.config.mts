// The project's vitest config, adjusted for a run under qemu-user emulation
// (scripts/test-arm64.sh), where everything is 10 to 50 times slower.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.mts';

const here = path.dirname(fileURLToPath(import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    root: path.join(here, '..'),
    test: {
      setupFiles: [path.join(here, 'vitest.qemu.setup.mts')],
      // Timeouts only guard against hangs here.
      testTimeout: 900_000,
      hookTimeout: 900_000,
    },
  }),
);
