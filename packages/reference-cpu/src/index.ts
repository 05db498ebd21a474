/**
 * `@isostep/reference-cpu`: runs anywhere (browsers included). Node-only modules are in
 * `@isostep/reference-cpu/node` (./node.ts): the IDX/MNIST file readers and the fast path.
 */
export { ReferenceRmsprop, createRmsprop, stepArrays, type ReferenceOptions, type SlotArrays } from './rmsprop/reference-rmsprop.js';
export { checkStepInputs } from './rmsprop/check-step-inputs.js';
export * from './mlp/index.js';
export * from './data/index.js';
