/**
 * `@isostep/spec`: the optimizer contract, every optimizer module (flags, presets with their numerics,
 * formula, element step), validation and numerics. Backends depend on this package and on nothing else
 * of Isostep.
 */
// The contract: optimizers (two shapes), descriptors, specs, state, backends, bench rows.
export type { Dtype } from './contract/dtype.js';
export { DTYPES } from './contract/dtype.js';
export type {
  NamedTensors,
  Optimizer,
  OptimizerState,
  ResidentOptimizer,
  ResidentSnapshot,
  StepOptions,
  Tensor,
} from './contract/optimizer.js';
export { STATE_VERSION } from './contract/optimizer.js';
export type {
  ApplyArgument,
  ElementValues,
  FrameworkBinding,
  OptimizerConfig,
  OptimizerDescriptor,
  Preset,
  Provenance,
  StepProgram,
  StepScalarValues,
} from './contract/descriptor.js';
export { makeSpec, specLabel, type OptimizerSpec } from './contract/optimizer-spec.js';
export { checkStateHeader, frameworkSlotName, freshState } from './contract/state.js';
export type { BackendSession, ConformanceBackend, NamedValues, SessionSnapshot, SlotValues } from './contract/backend.js';
export {
  skippedRow,
  stepBytesPerElement,
  timedRow,
  type BenchContext,
  type BenchRow,
  type TriadKind,
  type TriadResult,
} from './contract/bench.js';

// The registry: optimizers by name, presets, and the three ways to an OptimizerSpec.
export {
  OPTIMIZERS,
  UnknownFrameworkError,
  allPresets,
  customOptimizer,
  frameworkBinding,
  fromFrameworkArgs,
  fromPreset,
  getOptimizer,
  getPreset,
  optimizerNames,
  presetForFramework,
  presetNames,
} from './registry/optimizers.js';
// Traces of code outside the frameworks name a preset directly (framework `isostep`); `fromTraceArgs` reads either form.
export { ISOSTEP_FRAMEWORK, fromPresetArgs, fromTraceArgs } from './registry/preset-args.js';

// The step graph every compiled kernel (WASM SIMD, JS, WGSL) is generated from.
export { buildStepGraph, scalarBlock, stepScalarBlock, type GraphNode, type StepGraph } from './graph/step-graph.js';

// Stages shared by optimizer modules.
export * from './stages/index.js';

// Validation shared by every optimizer and entry point.
export {
  BOOLEAN,
  FINITE_NON_NEGATIVE,
  FINITE_POSITIVE,
  UNIT_INTERVAL,
  allowedText,
  checkFields,
  checkKnownKeys,
  checkLr,
  numberIn,
  oneOf,
  satisfies,
  type FieldRule,
  type FieldRules,
} from './validation/fields.js';
export { closestName, didYouMean } from './validation/did-you-mean.js';
export { checkConfigInDtype, checkDtype } from './validation/dtype.js';
export { checkFiniteGradients, checkStepOptions, type CheckedStepOptions } from './validation/step-options.js';
export { checkSlotValues } from './validation/state-values.js';

// Optimizer modules.
export * from './optimizers/rmsprop/index.js';
export * from './optimizers/sgd/index.js';
export * from './optimizers/adagrad/index.js';
export * from './optimizers/adadelta/index.js';
export * from './optimizers/adam/index.js';
export * from './optimizers/adamw/index.js';

export {
  FrameworkArgumentError,
  InvalidConfigError,
  IsostepError,
  NonFiniteGradientError,
  ShapeMismatchError,
  UnknownOptimizerError,
  UnknownPresetError,
  show,
} from './errors/isostep-error.js';
export { exactArith, type Arith, type SubnormalMode } from './numerics/arith.js';
export { fmaF32, fmaF64, fmaIn } from './numerics/exact-fma.js';
export { isOfDtype, ordinal32, ordinal64, roundTo, stepAlongGrid, ulpDistance } from './numerics/dtype-grid.js';
export { CORRECTLY_ROUNDED, combineAccuracy, gridSteps, type NumericsProfile, type OpAccuracy, type Ulps } from './numerics/profile.js';
export { IEEE, TORCH_CPU, XLA_CPU } from './numerics/framework-accuracy.js';
export { TF_EIGEN_RSQRT_CPU } from './numerics/framework-accuracy.js';
export {
  FAITHFUL,
  NAN_ONLY,
  contains,
  intervalArith,
  overlaps,
  point,
  realEnclosureArith,
  widthInUlps,
  type Interval,
} from './numerics/interval.js';
export { WGSL_ACCURACY_MARKDOWN, WGSL_F32 } from './numerics/wgsl-accuracy.js';

// Tables generated from the descriptors (README, docs).
export { familyMarkdown, presetsTableMarkdown } from './docs/presets-table.js';
