/**
 * `@isostep/reference-cpu` as the docs' browser bundle sees it (a Vite alias in .vitepress/config.ts):
 * the package index also re-exports the IDX file readers (node:fs, node:zlib), which a browser bundle
 * cannot load, so the bundle gets this browser-safe subset of the same modules instead.
 */
export { ReferenceRmsprop, createRmsprop, stepArrays, type ReferenceOptions, type SlotArrays } from '../../../packages/reference-cpu/src/rmsprop/reference-rmsprop.js';
export { checkStepInputs } from '../../../packages/reference-cpu/src/rmsprop/check-step-inputs.js';
export * from '../../../packages/reference-cpu/src/mlp/index.js';
export { parseIdx, IdxFormatError, type IdxTensor } from '../../../packages/reference-cpu/src/data/idx.js';
export { createRandom } from '../../../packages/reference-cpu/src/data/random.js';
