// How the backend is chosen, observed from fresh processes so that the
// environment variable is read at startup as it would be in production.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendInfoIn } from './helpers/backend-info.js';
import { loadWasmKernel } from '../lib/backend/wasm.js';
import { nativeBinding } from './helpers/backends.js';

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist', 'index.js');

// Whether the fallback after the addon is wasm: what the machine has, whatever
// backend this run is about.
function wasmLoads(): boolean {
  try {
    loadWasmKernel();
    return true;
  } catch {
    return false;
  }
}

function info(env: Record<string, string | undefined>): { ok: boolean; text: string } {
  const text = backendInfoIn(entry, env);
  return { ok: !text.startsWith('ERROR'), text };
}

describe('backend selection', () => {
  it.runIf(nativeBinding !== undefined)('picks the native addon with the best SIMD level by default', () => {
    const { ok, text } = info({ SPATIAL_DROPOUT_BACKEND: undefined, SPATIAL_DROPOUT_SIMD: undefined });
    expect(ok).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.backend).toBe('native');
    expect(parsed.simd).toBe(nativeBinding!.info().simdLevels[0]);
    expect(parsed.reason).toBeUndefined();
    expect(parsed.threads).toBeGreaterThanOrEqual(1);
  });

  it('SPATIAL_DROPOUT_BACKEND=js forces the fallback and says so', () => {
    const parsed = JSON.parse(info({ SPATIAL_DROPOUT_BACKEND: 'js' }).text);
    expect(parsed).toEqual({ backend: 'js', simd: 'none', threads: 1, reason: 'SPATIAL_DROPOUT_BACKEND=js' });
  });

  it('an unknown backend name is a clear error', () => {
    expect(info({ SPATIAL_DROPOUT_BACKEND: 'gpu' }).text).toMatch(/SPATIAL_DROPOUT_BACKEND=gpu is not a backend/);
  });

  it.runIf(nativeBinding !== undefined)('SPATIAL_DROPOUT_SIMD forces a level, and an impossible one is refused with the list', () => {
    expect(JSON.parse(info({ SPATIAL_DROPOUT_SIMD: 'scalar', SPATIAL_DROPOUT_BACKEND: undefined }).text).simd).toBe('scalar');
    const forcedNative = info({ SPATIAL_DROPOUT_SIMD: 'pentium', SPATIAL_DROPOUT_BACKEND: 'native' });
    expect(forcedNative.text).toMatch(/SPATIAL_DROPOUT_BACKEND=native, but the native addon unavailable: SIMD level 'pentium' is not available/);
    const fallback = JSON.parse(info({ SPATIAL_DROPOUT_SIMD: 'pentium', SPATIAL_DROPOUT_BACKEND: undefined }).text);
    expect(fallback.backend).toBe(wasmLoads() ? 'wasm' : 'js');
    expect(fallback.reason).toMatch(/available: /);
  });
});
