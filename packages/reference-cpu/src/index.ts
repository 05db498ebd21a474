/**
 * `@isostep/reference-cpu`: runs anywhere (browsers included). Node-only modules are in
 * `@isostep/reference-cpu/node` (./node.ts): the fast path and its conformance backend.
 */
export { ReferenceOptimizer, createOptimizer, type ReferenceOptions } from './exact/reference-optimizer.js';
export { stepArrays, type SlotArrays } from './exact/step-arrays.js';
export { checkStepInputs } from './exact/check-step-inputs.js';
export { cpuBackend } from './conformance/cpu-backend.js';
