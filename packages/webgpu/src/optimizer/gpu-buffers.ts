/**
 * The GPU-resident vectors of one optimizer, packed (every tensor of the model back to back): one storage
 * buffer per vector the generated shader binds, i.e. per entry of the step graph's `vectors` ('p', 'g',
 * then `spec.program.slots` in their order). This is the one place GPU state is laid out.
 */
import { BufferLimitError } from '../device/errors.js';

export interface GpuVectors {
  /** One buffer per vector name ('p', 'g' and each allocated slot). */
  readonly byName: ReadonlyMap<string, GPUBuffer>;
  readonly uniforms: GPUBuffer;
  /** One MAP_READ buffer of one vector's size, reused by every readback. */
  readonly staging: GPUBuffer;
}

/** Refuses sizes above the device's limits with the limit's name, before allocating anything. */
export function checkFits(device: GPUDevice, total: number): void {
  const bytes = total * 4;
  const { maxStorageBufferBindingSize, maxBufferSize } = device.limits;
  if (bytes > maxStorageBufferBindingSize) {
    throw new BufferLimitError('maxStorageBufferBindingSize', maxStorageBufferBindingSize, bytes, total);
  }
  if (bytes > maxBufferSize) throw new BufferLimitError('maxBufferSize', maxBufferSize, bytes, total);
}

export function allocateVectors(device: GPUDevice, total: number, names: readonly string[], uniformBytes: number): GpuVectors {
  checkFits(device, total);
  const size = total * 4;
  const byName = new Map<string, GPUBuffer>();
  for (const name of names) {
    byName.set(name, device.createBuffer({ label: name, size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC }));
  }
  return {
    byName,
    uniforms: device.createBuffer({ label: 'step scalars', size: uniformBytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    staging: device.createBuffer({ label: 'readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
  };
}

export function destroyVectors(v: GpuVectors): void {
  for (const b of [...v.byName.values(), v.uniforms, v.staging]) b.destroy();
}

/** Copies one vector to the host: copy into the staging buffer, map, copy out of the mapping, unmap. */
export async function readVector(device: GPUDevice, src: GPUBuffer, staging: GPUBuffer): Promise<Float32Array> {
  const enc = device.createCommandEncoder({ label: 'readback' });
  enc.copyBufferToBuffer(src, 0, staging, 0, staging.size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  try {
    // Copy before unmap: the mapped range is detached by unmap().
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.unmap();
  }
}
