/**
 * The one place the docs import Isostep packages from. Everything the examples compute goes through
 * these packages; the docs add presentation only.
 *
 * In the browser bundle `@isostep/reference-cpu` is aliased to `reference-cpu-browser.ts` (its index
 * also exports Node-only file readers). A few modules are imported by file because their package's
 * index is Node-only or does not export them; each says why.
 */
export * from '@isostep/spec';
export { Mlp, ReferenceRmsprop, parseIdx, type IdxTensor } from '@isostep/reference-cpu';
export { WebGpuRmsprop, contextFromDevice, type GpuContext } from '@isostep/webgpu';
// The browser-capable conformance backend of @isostep/webgpu: its `./conformance` entry creates a Node (Dawn) device.
export { webgpuBackend } from '../../../packages/webgpu/src/conformance-backend.js';
// The conformance runner: the package index re-exports the trace file reader (node:fs).
export { parseTrace } from '../../../packages/conformance/src/trace/parse-trace.js';
export type { GoldenTrace } from '../../../packages/conformance/src/trace/types.js';
export { runTrace } from '../../../packages/conformance/src/runner/run-trace.js';
export type { ConformResult } from '../../../packages/conformance/src/runner/result.js';
export { cpuBackend } from '../../../packages/conformance/src/backends/cpu-backend.js';
export type { ConformanceBackend } from '../../../packages/conformance/src/backends/backend.js';
