/** A WebGPU device in the reader's browser, or the reason there is none (shown on the page). */
import { contextFromDevice, type GpuContext } from './isostep.js';

let cached: Promise<GpuContext | string> | null = null;

export function browserGpu(): Promise<GpuContext | string> {
  cached ??= (async () => {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return 'this browser has no WebGPU (navigator.gpu is missing)';
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter === null) return 'navigator.gpu.requestAdapter() returned null (no usable GPU adapter)';
      const device = await adapter.requestDevice();
      return contextFromDevice(device);
    } catch (e) {
      return `WebGPU device request failed: ${(e as Error).message}`;
    }
  })();
  return cached;
}
