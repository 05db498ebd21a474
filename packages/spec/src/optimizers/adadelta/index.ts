/** Adadelta: the optimizer module and a one-call preset helper. */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset } from '../../registry/optimizers.js';
import type { AdadeltaConfig, AdadeltaSlot } from './config.js';
import type { AdadeltaPresetName } from './presets.js';

export {
  ADADELTA_NO_FUSION,
  ADADELTA_SLOTS,
  type AdadeltaConfig,
  type AdadeltaDenominator,
  type AdadeltaFlags,
  type AdadeltaFusedSites,
  type AdadeltaHyperparameters,
  type AdadeltaProfile,
  type AdadeltaSlot,
} from './config.js';
export { ADADELTA } from './descriptor.js';
export { ADADELTA_IEEE_PROFILE, ADADELTA_PRESETS, ADADELTA_PRESET_NAMES, type AdadeltaPreset, type AdadeltaPresetName } from './presets.js';
export { ADADELTA_FRAMEWORKS } from './framework-args.js';
export { ADADELTA_CONFIG_KEYS, ADADELTA_RULES, validateAdadeltaConfig } from './validate.js';
export { ADADELTA_SCALARS, adadeltaStepScalars, type AdadeltaScalarName, type AdadeltaStepScalars } from './scalars.js';
export { adadeltaElementStep, planAdadeltaStep, type AdadeltaStepPlan } from './element-step.js';
export { ADADELTA_ALGORITHM_MARKDOWN, ADADELTA_NUMERICS_MARKDOWN } from './algorithm.js';

/** A framework's Adadelta in one call, its numerics included: `adadelta('torch', { lr: 0.5 })`. */
export function adadelta(preset: AdadeltaPresetName, overrides: Partial<AdadeltaConfig> = {}): OptimizerSpec<AdadeltaConfig, AdadeltaSlot> {
  return fromPreset('adadelta', preset, overrides) as unknown as OptimizerSpec<AdadeltaConfig, AdadeltaSlot>;
}
