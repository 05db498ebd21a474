/** The compute pipeline of one generated shader, with its bind group layout derived from the shader's bindings. */
import { WORKGROUP_SIZE, type StepShader } from './wgsl-from-graph.js';

export interface StepPipeline {
  readonly shader: StepShader;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export function createStepPipeline(device: GPUDevice, shader: StepShader, label: string): StepPipeline {
  const layout = device.createBindGroupLayout({
    label,
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
      ...shader.vectors.map((v) => ({ binding: v.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: v.access } })),
    ],
  });
  const module = device.createShaderModule({ label, code: shader.code });
  const pipeline = device.createComputePipeline({
    label,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'step' },
  });
  return { shader, pipeline, layout };
}

/** Workgroup grid for n elements: 2-D once n needs more than maxComputeWorkgroupsPerDimension groups. */
export function dispatchGrid(n: number, maxPerDimension: number): { x: number; y: number; rowStride: number } {
  const groups = Math.ceil(n / WORKGROUP_SIZE);
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  return { x, y, rowStride: x * WORKGROUP_SIZE };
}
