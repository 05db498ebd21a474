/**
 * The one place the docs import Isostep packages from, all through their public, browser-safe entry
 * points. Everything the examples compute goes through these packages; the docs add presentation only.
 */
export * from '@isostep/spec';
export { Mlp, ReferenceRmsprop, labelledImagesFromIdx, parseIdx, type IdxTensor, type LabelledImages } from '@isostep/reference-cpu';
export { WebGpuRmsprop, contextFromDevice, webgpuBackend, type GpuContext } from '@isostep/webgpu';
export { cpuBackend, parseTrace, runTrace, type ConformResult, type ConformanceBackend, type GoldenTrace } from '@isostep/conformance';
