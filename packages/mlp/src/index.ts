/**
 * `@isostep/mlp`: a float32 MLP with backprop, its data (seeded PRNG, shuffles, IDX/MNIST parsing) and
 * the training loop, over any Isostep backend: the loop steps the spec's `Optimizer` or
 * `ResidentOptimizer`, whichever the backend implements. Runs anywhere, browsers included; file readers,
 * the arena-backed (WebAssembly SIMD, threads) dense kernels, `runTraining` and the step backends are in
 * `@isostep/mlp/node`.
 */
// The model.
export { Mlp, type LossTarget, type MlpOptions } from './mlp/mlp.js';
export { parseLayerSizes, mlpParamNames, LayerSpecError, MAX_LAYER_SIZE, MAX_PARAMETERS, parameterCount } from './mlp/layer-sizes.js';
export { initMlpParams } from './mlp/init.js';
export { softmaxCrossEntropy, meanSquaredError, meanAbsoluteError, type LossKind } from './mlp/losses.js';
export { denseForward, denseParamGrad, denseInputGrad, DenseScratch } from './mlp/dense-kernels.js';
export { JsDenseOps, type DenseOps } from './mlp/dense-ops.js';

// Data.
export { createRandom, createRandomFromState, type Random } from './data/random.js';
export { seededPermutation } from './data/shuffle.js';
export { parseIdx, IdxFormatError, type IdxTensor, type IdxDtype, type IdxData } from './data/idx.js';
export { labelledImagesFromIdx, MNIST_FILES, type Mnist, type LabelledImages } from './data/mnist.js';

// Training over either optimizer shape.
export { bindOptimizer, isResident, type ParamUpdate, type TrainOptimizer } from './train/param-update.js';
export { trainEpoch, trainEpochAsync, type AsyncEpochContext, type EpochContext } from './train/train-loop.js';
export { evaluate, argmax, type Evaluation } from './train/evaluate.js';
export {
  parseTrainOptions,
  TrainOptionError,
  MOMENTUM_DEFAULT,
  TRAIN_BACKENDS,
  TFJS_BACKENDS,
  type RawTrainOptions,
  type TrainOptions,
  type TrainBackend,
  type TfjsBackend,
} from './train/train-options.js';
export { hyperparameterFlags, flagOfField, parseHyperparameters, type HyperparameterFlag, type FlagKind } from './train/hyperparameter-flags.js';
export { INPUT_SCALES, inputScaleOf, applyInputScale, type InputScale } from './data/input-scale.js';

// The tutorials' races (x² + y² with six optimizers; a bias-free Linear 20→20 with MSE and L1): the CLI's
// `isostep race` and the docs race page run these.
export {
  runQuadraticRace,
  quadraticRacePresets,
  quadraticLoss,
  checkRaceSteps,
  RaceOptionError,
  QUADRATIC_RACERS,
  QUADRATIC_START,
  QUADRATIC_DEFAULT_STEPS,
  QUADRATIC_PARAM,
  MAX_RACE_STEPS,
  type QuadraticRace,
  type QuadraticLane,
  type QuadraticRacer,
  type QuadraticRaceOptions,
} from './race/quadratic-race.js';
export {
  runLinearRace,
  linearRacePresets,
  LINEAR_RACERS,
  LINEAR_LOSSES,
  LINEAR_DEFAULT_STEPS,
  LINEAR_DEFAULT_LR,
  type LinearRace,
  type LinearLane,
  type LinearLoss,
  type LinearRacer,
  type LinearRaceOptions,
} from './race/linear-race.js';
export {
  generateLinearRaceData,
  linearRaceDataFromJson,
  LinearRaceDataError,
  LINEAR_FEATURES,
  LINEAR_DEFAULT_COUNT,
  MAX_LINEAR_COUNT,
  type LinearRaceData,
} from './race/linear-race-data.js';

// The float32 forward-error bound the PyTorch parity and ONNX tests are built on.
export { gamma, crossEntropyForwardBound } from './parity/parity-bound.js';

export { MissingPeerError } from './peers/missing-peer-error.js';
