/** SGD (plain, momentum, Nesterov): the optimizer module and a one-call preset helper. */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset } from '../../registry/optimizers.js';
import type { SgdConfig, SgdSlot } from './config.js';
import type { SgdPresetName } from './presets.js';

export {
  SGD_NO_FUSION,
  SGD_SLOTS,
  type SgdConfig,
  type SgdFirstBuffer,
  type SgdFlags,
  type SgdFusedSites,
  type SgdHyperparameters,
  type SgdMomentumForm,
  type SgdProfile,
  type SgdSlot,
} from './config.js';
export { SGD } from './descriptor.js';
export { SGD_IEEE_PROFILE, SGD_PRESETS, SGD_PRESET_NAMES, type SgdPreset, type SgdPresetName } from './presets.js';
export { SGD_FRAMEWORKS } from './framework-args.js';
export { SGD_CONFIG_KEYS, SGD_RULES, validateSgdConfig } from './validate.js';
export { sgdAllocatedSlots, sgdHasMomentumBuffer } from './slots.js';
export { SGD_SCALARS, sgdStepScalars, type SgdScalarName, type SgdStepScalars } from './scalars.js';
export { planSgdStep, sgdElementStep, type SgdStepPlan } from './element-step.js';
export { SGD_ALGORITHM_MARKDOWN, SGD_NUMERICS_MARKDOWN } from './algorithm.js';

/** A framework's SGD in one call, its numerics included: `sgd('torch', { lr: 0.1, momentum: 0.9 })`. */
export function sgd(preset: SgdPresetName, overrides: Partial<SgdConfig> = {}): OptimizerSpec<SgdConfig, SgdSlot> {
  return fromPreset('sgd', preset, overrides) as unknown as OptimizerSpec<SgdConfig, SgdSlot>;
}
