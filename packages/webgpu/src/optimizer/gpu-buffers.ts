/** The GPU-resident vectors of one optimizer: params, grads and the allocated slots, packed. */
import type { SlotName } from '@isostep/spec';
import { BufferLimitError } from '../device/errors.js';

export interface GpuVectors {
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  readonly slots: Readonly<Partial<Record<SlotName, GPUBuffer>>>;
  /**
   * Bound in place of slots the config does not allocate; never read or written by the kernel. One per
   * slot: WebGPU rejects one writable buffer bound twice in a dispatch.
   */
  readonly unused: Readonly<Record<SlotName, GPUBuffer>>;
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

export function allocateVectors(device: GPUDevice, total: number, slots: readonly SlotName[], uniformBytes: number): GpuVectors {
  checkFits(device, total);
  const size = total * 4;
  const vec = (label: string) =>
    device.createBuffer({ label, size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const slotBuffers: Partial<Record<SlotName, GPUBuffer>> = {};
  for (const s of slots) slotBuffers[s] = vec(s);
  return {
    params: vec('params'),
    grads: vec('grads'),
    slots: slotBuffers,
    unused: {
      meanSquare: unusedSlot(device, 'meanSquare'),
      meanGrad: unusedSlot(device, 'meanGrad'),
      momentum: unusedSlot(device, 'momentum'),
    },
    uniforms: device.createBuffer({ label: 'scalars', size: uniformBytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    staging: device.createBuffer({ label: 'readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
  };
}

function unusedSlot(device: GPUDevice, slot: SlotName): GPUBuffer {
  return device.createBuffer({ label: `unused ${slot}`, size: 4, usage: GPUBufferUsage.STORAGE });
}

export function destroyVectors(v: GpuVectors): void {
  for (const b of [v.params, v.grads, v.uniforms, v.staging, ...Object.values(v.unused), ...Object.values(v.slots)]) b?.destroy();
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
