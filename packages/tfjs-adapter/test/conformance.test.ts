/**
 * Every committed golden trace against the adapter on each TF.js backend, in both modes. float64 traces
 * are reported as skipped (TF.js has no float64); tfjs-webgpu is skipped where Node has no WebGPU.
 */
import { describeConformance } from '@isostep/conformance/vitest';
import { createBackend } from '../src/conformance/index.js';

describeConformance('tfjs-cpu', () => createBackend('tfjs-cpu'));
describeConformance('tfjs-wasm', () => createBackend('tfjs-wasm'));
describeConformance('tfjs-webgpu', () => createBackend('tfjs-webgpu'));
