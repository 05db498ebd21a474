export { ReferenceRmsprop, createRmsprop, stepArrays, type ReferenceOptions, type SlotArrays } from './rmsprop/reference-rmsprop.js';
export { checkStepInputs } from './rmsprop/check-step-inputs.js';
