/// <reference types="@webgpu/types" preserve="true" />
/** `@isostep/webgpu/conformance`: the `webgpu` backend for `isostep conform`, on a device created in Node. */
import type { ConformanceBackend } from '@isostep/spec';
import { webgpuBackend } from './conformance-backend.js';
import { createNodeGpuContext } from './device/node-gpu.js';

export async function createBackend(name: string): Promise<ConformanceBackend> {
  if (name !== 'webgpu') throw new Error(`@isostep/webgpu provides the "webgpu" backend, not "${name}"`);
  return webgpuBackend(name, createNodeGpuContext);
}

export { webgpuBackend } from './conformance-backend.js';
