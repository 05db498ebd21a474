/// <reference types="@webgpu/types" preserve="true" />
/**
 * `@isostep/webgpu`: any Isostep optimizer as one WGSL dispatch per step for all parameters, the shader
 * generated from the spec's step graph. Browser-safe; a Node device is in `@isostep/webgpu/node`.
 */
export { WebGpuOptimizer, type WebGpuSnapshot } from './optimizer/webgpu-optimizer.js';
export { contextFromDevice, contextFromGpu, describeAdapter, type GpuContext } from './device/gpu-context.js';
export { BindingLimitError, BufferLimitError, DeviceLostError, NoAdapterError } from './device/errors.js';
export { WORKGROUP_SIZE, wgslFromGraph, type StepShader, type VectorBinding } from './kernel/wgsl-from-graph.js';
export { wgslIntervalArith } from './numerics/wgsl-interval-arith.js';
export { webgpuBackend } from './conformance-backend.js';
