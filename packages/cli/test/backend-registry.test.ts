/** Backends by CLI name: built-in CPU backends, optional ones from their packages, unknown names rejected. */
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, loadBackend, UnknownBackendError } from '../src/backends/registry.js';
import { unavailableBackend } from '../src/backends/unavailable-backend.js';

describe('the backend registry', () => {
  it('lists the CPU backends first, then the optional ones', () => {
    expect(BACKEND_NAMES).toEqual(['cpu-f32', 'cpu-f64', 'cpu-fast', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu', 'webgpu']);
  });

  it('loads the exact CPU backends, each running its own dtype only', async () => {
    const f32 = await loadBackend('cpu-f32');
    expect(f32.name).toBe('cpu-f32');
    expect(await f32.unsupported('float32')).toBeNull();
    expect(await f32.unsupported('float64')).toMatch(/float32/);
    const f64 = await loadBackend('cpu-f64');
    expect(await f64.unsupported('float64')).toBeNull();
  });

  it('loads the fast CPU backend from @isostep/reference-cpu/node', async () => {
    const fast = await loadBackend('cpu-fast');
    expect(fast.name).toBe('cpu-fast');
    expect(await fast.unsupported('float32')).toBeNull();
    await fast.close?.();
  });

  it('loads the TF.js backends from the adapter installed in this workspace', async () => {
    const tfjs = await loadBackend('tfjs-cpu');
    expect(tfjs.name).toBe('tfjs-cpu');
    expect(await tfjs.describe()).not.toMatch(/^unavailable/);
    await tfjs.close?.();
  });

  it('rejects an unknown name with the known ones', async () => {
    await expect(loadBackend('cuda')).rejects.toThrow(UnknownBackendError);
    await expect(loadBackend('toString')).rejects.toThrow(/unknown backend "toString"; known: cpu-f32, cpu-f64, cpu-fast/);
  });
});

describe('a backend that could not load', () => {
  it('skips every trace with the reason, and never opens', async () => {
    const b = unavailableBackend('webgpu', 'backend webgpu needs @isostep/webgpu, which is not installed; install it: npm install @isostep/webgpu');
    expect(await b.unsupported('float32')).toMatch(/npm install @isostep\/webgpu/);
    expect(await b.describe()).toMatch(/^unavailable: /);
    await expect(b.open({} as never, 'float32')).rejects.toThrow(/not installed/);
  });
});
