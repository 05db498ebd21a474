/** Adagrad: the optimizer module and a one-call preset helper. */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset } from '../../registry/optimizers.js';
import type { AdagradConfig, AdagradSlot } from './config.js';
import type { AdagradPresetName } from './presets.js';

export {
  ADAGRAD_NO_FUSION,
  ADAGRAD_SLOTS,
  type AdagradConfig,
  type AdagradEpsPlacement,
  type AdagradFlags,
  type AdagradFusedSites,
  type AdagradHyperparameters,
  type AdagradProfile,
  type AdagradSlot,
} from './config.js';
export { ADAGRAD } from './descriptor.js';
export { ADAGRAD_IEEE_PROFILE, ADAGRAD_PRESETS, ADAGRAD_PRESET_NAMES, type AdagradPreset, type AdagradPresetName } from './presets.js';
export { ADAGRAD_FRAMEWORKS } from './framework-args.js';
export { ADAGRAD_CONFIG_KEYS, ADAGRAD_RULES, validateAdagradConfig } from './validate.js';
export { ADAGRAD_SCALARS, adagradStepScalars, type AdagradScalarName, type AdagradStepScalars } from './scalars.js';
export { adagradElementStep, planAdagradStep, type AdagradStepPlan } from './element-step.js';
export { ADAGRAD_ALGORITHM_MARKDOWN, ADAGRAD_NUMERICS_MARKDOWN } from './algorithm.js';

/** A framework's Adagrad in one call, its numerics included: `adagrad('keras3', { lr: 0.1 })`. */
export function adagrad(preset: AdagradPresetName, overrides: Partial<AdagradConfig> = {}): OptimizerSpec<AdagradConfig, AdagradSlot> {
  return fromPreset('adagrad', preset, overrides) as unknown as OptimizerSpec<AdagradConfig, AdagradSlot>;
}
