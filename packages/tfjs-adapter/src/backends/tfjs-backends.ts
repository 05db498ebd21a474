/**
 * Getting a TF.js backend running in Node, or the reason it cannot run here. Nothing happens on import:
 * each backend is loaded and initialised when first asked for.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export type TfjsBackendName = 'cpu' | 'wasm' | 'webgpu';
type Tf = typeof import('@tensorflow/tfjs-core');

const ready = new Map<TfjsBackendName, Promise<string | null>>();

/** Resolves to null when `tf.setBackend(name)` can be used, or to the reason it cannot. */
export function prepareBackend(name: TfjsBackendName): Promise<string | null> {
  let p = ready.get(name);
  if (p === undefined) {
    p = prepare(name).catch((e: unknown) => `TF.js ${name} backend failed to initialise: ${(e as Error).message.split('\n')[0]}`);
    ready.set(name, p);
  }
  return p;
}

async function prepare(name: TfjsBackendName): Promise<string | null> {
  const tf: Tf = await import('@tensorflow/tfjs-core');
  if (name === 'cpu') {
    // The full bundle registers the cpu backend (and layers); tfjs-core alone has no kernels.
    await import('@tensorflow/tfjs');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from disk: point the loader at the package's dist directory.
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  } else {
    const reason = await provideNavigatorGpu();
    if (reason !== null) return reason;
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  const previous = tf.getBackend();
  const ok = await tf.setBackend(name);
  if (!ok) return `tf.setBackend('${name}') returned false: the backend could not initialise here`;
  if (previous !== undefined && previous !== name) await tf.setBackend(previous);
  return null;
}

/** WebGPU in Node needs a `navigator.gpu`: Dawn's `webgpu` npm package provides one where drivers exist. */
async function provideNavigatorGpu(): Promise<string | null> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu !== undefined) return null;
  let dawn: { create: (flags: string[]) => unknown; globals: object };
  try {
    const specifier = 'webgpu'; // optional: not a dependency of this package
    dawn = (await import(specifier)) as typeof dawn;
  } catch {
    return "no WebGPU in this Node: navigator.gpu is undefined and the optional 'webgpu' (Dawn) package is not installed";
  }
  // Dawn's Vulkan loader (Mesa lavapipe here) wants a private runtime dir; give it one when the shell did not.
  if (!process.env.XDG_RUNTIME_DIR) {
    const { mkdirSync } = await import('node:fs');
    const dir = `${(await import('node:os')).tmpdir()}/isostep-xdg-${process.getuid?.() ?? 0}`;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  Object.assign(globalThis, dawn.globals);
  // navigator (a global) keeps the GPU object alive: Dawn crashes if it is collected while in use.
  const gpu = dawn.create([]) as { requestAdapter: () => Promise<unknown> };
  const adapter = await gpu.requestAdapter();
  if (adapter === null || adapter === undefined) return 'no WebGPU adapter: Dawn found no usable GPU (Vulkan/Mesa) on this machine';
  Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu }, configurable: true });
  return null;
}

/** Makes `name` the active backend (TF.js has one global active backend). */
export async function useBackend(name: TfjsBackendName): Promise<Tf> {
  const reason = await prepareBackend(name);
  if (reason !== null) throw new Error(reason);
  const tf: Tf = await import('@tensorflow/tfjs-core');
  if (tf.getBackend() !== name) await tf.setBackend(name);
  return tf;
}
