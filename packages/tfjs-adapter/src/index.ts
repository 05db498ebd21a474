export { IsostepRmsprop } from './optimizer/isostep-rmsprop.js';
export { registerIsostepOptimizers } from './optimizer/register.js';
export { ITERATIONS_NAME, slotWeightName, type NamedTensor } from './optimizer/weights-layout.js';
export { tensorArith } from './numerics/tensor-arith.js';
export { TFJS_CPU, TFJS_WASM, TFJS_WEBGPU } from './numerics/backend-accuracy.js';
export { tfjsIntervalArith, type SubnormalBehaviour } from './numerics/tfjs-interval-arith.js';
