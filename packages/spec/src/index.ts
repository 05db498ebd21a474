export type { Optimizer, OptimizerState, NamedTensors, SlotName, StepOptions, Tensor } from './contract/optimizer.js';
export { SLOT_ORDER, STATE_VERSION } from './contract/optimizer.js';
export type {
  Dtype,
  EpsPlacement,
  MeanSquareForm,
  MomentumForm,
  RmspropConfig,
  RmspropFlags,
  RmspropHyperparameters,
  WeightDecayMode,
} from './rmsprop/config.js';
export { ALLOWED, checkLr, validateConfig } from './rmsprop/validate.js';
export { allocatedSlots, hasMomentumBuffer, initialSlotValue } from './rmsprop/slots.js';
export { stepScalars, type StepScalars } from './rmsprop/scalars.js';
export { elementStep, planStep, type ElementValues, type StepPlan } from './rmsprop/element-step.js';
export {
  IEEE_PROFILE,
  PRESET_NAMES,
  allPresets,
  getPreset,
  isPresetName,
  presetConfig,
  type Preset,
  type PresetName,
  type Provenance,
} from './rmsprop/presets.js';
export {
  FRAMEWORK_PRESETS,
  UnknownFrameworkError,
  configFromFrameworkArgs,
  presetForFramework,
} from './rmsprop/framework-args.js';
export { ALGORITHM_MARKDOWN, NUMERICS_MARKDOWN } from './rmsprop/algorithm.js';
export {
  FrameworkArgumentError,
  InvalidConfigError,
  IsostepError,
  ShapeMismatchError,
  UnknownPresetError,
  show,
} from './errors/isostep-error.js';
export { exactArith, type Arith, type SubnormalMode } from './numerics/arith.js';
export { fmaF32, fmaF64, fmaIn } from './numerics/exact-fma.js';
export { isOfDtype, ordinal32, ordinal64, roundTo, stepAlongGrid, ulpDistance } from './numerics/dtype-grid.js';
export {
  CORRECTLY_ROUNDED,
  NO_FUSION,
  combineAccuracy,
  gridSteps,
  type FusedSites,
  type NumericsProfile,
  type OpAccuracy,
  type Ulps,
} from './numerics/profile.js';
export { IEEE, TORCH_CPU, XLA_CPU } from './numerics/framework-accuracy.js';
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
export { variantsTableMarkdown } from './rmsprop/variants-table.js';
