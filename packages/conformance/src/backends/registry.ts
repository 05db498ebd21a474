/**
 * Backends by CLI name. The CPU backends are built in; the others live in their own packages and are
 * imported on demand, so this package does not depend on TF.js or WebGPU (and a missing package is
 * reported as a skipped backend with the reason, not as a crash).
 */
import type { ConformanceBackend } from './backend.js';
import { cpuBackend } from './cpu-backend.js';

type Factory = () => Promise<ConformanceBackend>;

/** Module and export that provide each external backend: `export async function createBackend(name)`. */
const EXTERNAL: Readonly<Record<string, string>> = {
  'tfjs-cpu': '@isostep/tfjs-adapter/conformance',
  'tfjs-wasm': '@isostep/tfjs-adapter/conformance',
  'tfjs-webgpu': '@isostep/tfjs-adapter/conformance',
  webgpu: '@isostep/webgpu/conformance',
};

const BUILT_IN: Readonly<Record<string, Factory>> = {
  'cpu-f32': async () => cpuBackend('float32'),
  'cpu-f64': async () => cpuBackend('float64'),
  'cpu-fast': async () => (await import('./cpu-fast-backend.js')).cpuFastBackend(),
};

export const BACKEND_NAMES: readonly string[] = [...Object.keys(BUILT_IN), ...Object.keys(EXTERNAL)];

export class UnknownBackendError extends Error {
  constructor(readonly backend: string) {
    super(`unknown backend "${backend}"; known: ${BACKEND_NAMES.join(', ')}`);
  }
}

/** A stand-in that reports every trace as skipped, with the reason the real backend could not load. */
function unavailable(name: string, reason: string): ConformanceBackend {
  return {
    name,
    describe: async () => `unavailable: ${reason}`,
    unsupported: async () => reason,
    accuracy: () => {
      throw new Error(reason);
    },
    open: async () => {
      throw new Error(reason);
    },
  };
}

export async function loadBackend(name: string): Promise<ConformanceBackend> {
  const builtIn = BUILT_IN[name];
  if (builtIn) return builtIn();
  const specifier = EXTERNAL[name];
  if (specifier === undefined) throw new UnknownBackendError(name);
  let mod: { createBackend?: (name: string) => Promise<ConformanceBackend> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    return unavailable(name, `${specifier} could not be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof mod.createBackend !== 'function') return unavailable(name, `${specifier} has no createBackend export`);
  return mod.createBackend(name);
}
