/**
 * Conformance backends by CLI name. The CPU backends come from `@isostep/reference-cpu` (a dependency);
 * the others from optional peer dependencies, imported by literal specifier when asked for, so the CLI
 * installs without TF.js or WebGPU. A backend whose package is missing (or that fails to load) becomes a
 * stand-in that skips every trace, with the reason naming the package to install.
 */
import { cpuBackend } from '@isostep/reference-cpu';
import type { ConformanceBackend } from '@isostep/spec';
import { importOptional, MissingPackageError } from './missing-package.js';
import { unavailableBackend } from './unavailable-backend.js';

type Load = () => Promise<ConformanceBackend>;

const tfjs = (name: 'tfjs-cpu' | 'tfjs-wasm' | 'tfjs-webgpu'): Load => async () =>
  (await import('@isostep/tfjs-adapter/conformance')).createBackend(name);

const LOADERS: Readonly<Record<string, Load>> = {
  'cpu-f32': async () => cpuBackend('float32'),
  'cpu-f64': async () => cpuBackend('float64'),
  // Loaded lazily: the fast path's module graph (worker pool, WebAssembly assembler) is only for those who ask.
  'cpu-fast': async () => (await import('@isostep/reference-cpu/node')).cpuFastBackend(),
  'tfjs-cpu': tfjs('tfjs-cpu'),
  'tfjs-wasm': tfjs('tfjs-wasm'),
  'tfjs-webgpu': tfjs('tfjs-webgpu'),
  webgpu: async () => (await import('@isostep/webgpu/conformance')).createBackend('webgpu'),
};

export const BACKEND_NAMES: readonly string[] = Object.keys(LOADERS);

export class UnknownBackendError extends Error {
  override readonly name = 'UnknownBackendError';
  constructor(readonly backend: string) {
    super(`unknown backend "${backend}"; known: ${BACKEND_NAMES.join(', ')}`);
  }
}

/** The backend named `name`, or a stand-in that skips every trace saying why it could not load. */
export async function loadBackend(name: string): Promise<ConformanceBackend> {
  if (!Object.hasOwn(LOADERS, name)) throw new UnknownBackendError(name);
  try {
    return await importOptional(`backend ${name}`, LOADERS[name]!);
  } catch (error) {
    if (error instanceof MissingPackageError) return unavailableBackend(name, error.message);
    return unavailableBackend(name, `backend ${name} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
}
