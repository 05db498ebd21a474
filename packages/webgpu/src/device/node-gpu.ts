/**
 * A device in Node, through Dawn (`webgpu` npm package). On Linux without a GPU, Dawn finds Mesa's
 * lavapipe (Vulkan on the CPU), which needs Mesa ≥ 23 (Debian 12: bookworm-backports; see
 * .ci/install-webgpu.sh) and an XDG_RUNTIME_DIR.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoAdapterError } from './errors.js';
import { contextFromGpu, type GpuContext } from './gpu-context.js';

function ensureRuntimeDir(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const dir = join(tmpdir(), `isostep-xdg-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

/** Creates a device in Node, or throws NoAdapterError with the reason. */
export async function createNodeGpuContext(): Promise<GpuContext> {
  ensureRuntimeDir();
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    throw new NoAdapterError(`the 'webgpu' package could not be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  // The GPU* constants (GPUBufferUsage, GPUShaderStage, GPUMapMode) are globals in browsers.
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  const gpu = mod.create([]);
  const ctx = await contextFromGpu(gpu);
  if (typeof ctx === 'string') throw new NoAdapterError(`${ctx} (on Linux install Mesa's Vulkan drivers ≥ 23: .ci/install-webgpu.sh)`);
  return ctx;
}
