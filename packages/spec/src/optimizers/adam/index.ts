/** Adam: the optimizer module (descriptor, flags, presets, formula) and a one-call preset helper. */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset } from '../../registry/optimizers.js';
import type { AdamConfig, AdamSlot } from './config.js';
import type { AdamPresetName } from './presets.js';

export * from './config.js';
export { ADAM, adamFamilyDescriptor, compileAdam, validateAdamProfile } from './descriptor.js';
export {
  ADAM_BASE,
  ADAM_PRESETS,
  ADAM_PRESET_NAMES,
  KERAS3_ADAM_PROFILE,
  OPTAX_ADAM_PROFILE,
  TORCH_ADAM_PROFILE,
  type AdamPreset,
  type AdamPresetName,
} from './presets.js';
export { ADAM_ARGUMENTS, ADAMW_ARGUMENTS, ADAM_FRAMEWORKS, ADAM_INERT_OPTIONS } from './framework-args.js';
export { ADAM_CONFIG_KEYS, ADAM_RULES, DECOUPLED_MODES, validateAdamConfig } from './validate.js';
export { allocatedAdamSlots, initialAdamSlotValue } from './slots.js';
export { ADAM_SCALARS, adamStepScalars, type AdamScalarName, type AdamStepScalars } from './scalars.js';
export { adamElementStep, planAdamStep, type AdamStepPlan } from './element-step.js';
export { ADAM_ALGORITHM_MARKDOWN, ADAM_NUMERICS_MARKDOWN } from './algorithm.js';

/** A framework's Adam in one call, its numerics included: `adam('torch', { lr: 0.01, amsgrad: true })`. */
export function adam(preset: AdamPresetName, overrides: Partial<AdamConfig> = {}): OptimizerSpec<AdamConfig, AdamSlot> {
  return fromPreset('adam', preset, overrides) as unknown as OptimizerSpec<AdamConfig, AdamSlot>;
}
