export { WebGpuRmsprop, type WebGpuRmspropOptions, type WebGpuSnapshot } from './optimizer/webgpu-rmsprop.js';
export { contextFromDevice, contextFromGpu, describeAdapter, type GpuContext } from './device/gpu-context.js';
export { BufferLimitError, DeviceLostError, NoAdapterError } from './device/errors.js';
export { RMSPROP_WGSL, WORKGROUP_SIZE } from './kernel/rmsprop-wgsl.js';
export { kernelOverrides } from './kernel/overrides.js';
export { wgslIntervalArith } from './numerics/wgsl-interval-arith.js';
export { webgpuBackend } from './conformance-backend.js';
