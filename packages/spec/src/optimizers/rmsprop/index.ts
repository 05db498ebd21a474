/** RMSprop: the optimizer module (descriptor, flags, presets, formula) and a one-call preset helper. */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset, getPreset } from '../../registry/optimizers.js';
import type { RmspropConfig, RmspropSlot } from './config.js';
import type { PresetName, RmspropPreset } from './presets.js';

export * from './config.js';
export { RMSPROP } from './descriptor.js';
export { PRESET_NAMES, IEEE_PROFILE, RMSPROP_PRESETS, type PresetName, type RmspropPreset } from './presets.js';
export { RMSPROP_FRAMEWORKS } from './framework-args.js';
export { ALLOWED, RMSPROP_CONFIG_KEYS, RMSPROP_RULES, validateConfig } from './validate.js';
export { allocatedSlots, hasMomentumBuffer, initialSlotValue } from './slots.js';
export { RMSPROP_SCALARS, stepScalars, type StepScalars, type RmspropScalarName } from './scalars.js';
export { elementStep, planStep, type StepPlan } from './element-step.js';
export { ALGORITHM_MARKDOWN, NUMERICS_MARKDOWN } from './algorithm.js';
export { variantsTableMarkdown } from './variants-table.js';

/**
 * A framework's RMSprop in one call, its numerics included: `rmsprop('keras3', { lr: 0.1 })`. Overrides
 * are spec fields (`lr`, `rho`, …); an unknown key is an error.
 */
export function rmsprop(preset: PresetName, overrides: Partial<RmspropConfig> = {}): OptimizerSpec<RmspropConfig, RmspropSlot> {
  return fromPreset('rmsprop', preset, overrides) as unknown as OptimizerSpec<RmspropConfig, RmspropSlot>;
}

/** An RMSprop preset by name (typed), or UnknownPresetError. */
export function rmspropPreset(name: string): RmspropPreset {
  return getPreset('rmsprop', name) as RmspropPreset;
}

/** A preset's defaults with some spec fields overridden, validated (unknown keys rejected). */
export function presetConfig(name: string, overrides: Partial<RmspropConfig> = {}): RmspropConfig {
  return rmsprop(name as PresetName, overrides).config;
}
