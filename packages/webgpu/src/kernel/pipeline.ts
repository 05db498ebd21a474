/** The compute pipeline for one config and profile, with an explicit bind group layout (see rmsprop-wgsl.ts). */
import type { NumericsProfile, RmspropConfig } from '@isostep/spec';
import { kernelOverrides } from './overrides.js';
import { RMSPROP_WGSL, WORKGROUP_SIZE } from './rmsprop-wgsl.js';

export interface RmspropPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export function createRmspropPipeline(device: GPUDevice, config: RmspropConfig, profile: NumericsProfile): RmspropPipeline {
  const storage = (type: GPUBufferBindingType): GPUBindGroupLayoutEntry['buffer'] => ({ type });
  const layout = device.createBindGroupLayout({
    label: 'isostep rmsprop',
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: storage('uniform') },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: storage('read-only-storage') },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
      { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
      { binding: 4, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
      { binding: 5, visibility: GPUShaderStage.COMPUTE, buffer: storage('storage') },
    ],
  });
  const module = device.createShaderModule({ label: 'isostep rmsprop', code: RMSPROP_WGSL });
  const pipeline = device.createComputePipeline({
    label: 'isostep rmsprop',
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'step', constants: kernelOverrides(config, profile) },
  });
  return { pipeline, layout };
}

/** Workgroup grid for n elements: 2-D once n needs more than maxComputeWorkgroupsPerDimension groups. */
export function dispatchGrid(n: number, maxPerDimension: number): { x: number; y: number; rowStride: number } {
  const groups = Math.ceil(n / WORKGROUP_SIZE);
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  return { x, y, rowStride: x * WORKGROUP_SIZE };
}
