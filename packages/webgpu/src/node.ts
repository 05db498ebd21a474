/// <reference types="@webgpu/types" preserve="true" />
/** `@isostep/webgpu/node`: a device in Node through Dawn (the `webgpu` package). */
export { createNodeGpuContext } from './device/node-gpu.js';
