export { ReferenceRmsprop, createRmsprop, stepArrays, type ReferenceOptions, type SlotArrays } from './rmsprop/reference-rmsprop.js';
export { checkStepInputs } from './rmsprop/check-step-inputs.js';
export * from './mlp/index.js';
export * from './data/index.js';
export * from './fast/index.js';
