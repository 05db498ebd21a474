/** Every committed golden trace, both modes, on the Node WebGPU device (lavapipe here); float64 traces skip. */
import { describeConformance } from '@isostep/conformance/vitest';
import { createBackend } from '../src/conformance.js';

describeConformance('webgpu (Node, Dawn)', () => createBackend('webgpu'), { modes: ['resync', 'free'] });
