/** `@isostep/mlp/bench`: one MNIST epoch of the JS MLP against PyTorch's, for `pnpm bench`. */
export { benchMnistEpoch, type EpochBenchOptions, type EpochBenchResult, type TorchRun } from './bench/bench-epoch.js';
