/** The page's WebGPU device for a component, or why there is none (shown to the reader), looked up once mounted. */
import { onMounted, ref, shallowRef } from 'vue';
import type { GpuContext } from '../../../lib/isostep.js';
import { browserGpu } from '../../../lib/webgpu-device.js';

export function useBrowserGpu() {
  const gpu = shallowRef<GpuContext | null>(null);
  const gpuStatus = ref('checking for WebGPU…');
  onMounted(async () => {
    const g = await browserGpu();
    if (typeof g === 'string') gpuStatus.value = g;
    else {
      gpu.value = g;
      gpuStatus.value = '';
    }
  });
  return { gpu, gpuStatus };
}
