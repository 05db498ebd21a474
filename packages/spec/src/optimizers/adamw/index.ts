/** AdamW: Adam's formula with a decoupled weight decay, as its own descriptor (presets torch, keras3, optax). */
import type { OptimizerSpec } from '../../contract/optimizer-spec.js';
import { fromPreset } from '../../registry/optimizers.js';
import type { AdamConfig, AdamSlot } from '../adam/config.js';
import type { AdamwPresetName } from './presets.js';

export { ADAMW, ADAMW_FRAMEWORKS, ADAMW_ALGORITHM_MARKDOWN } from './descriptor.js';
export { ADAMW_PRESETS, ADAMW_PRESET_NAMES, type AdamwPreset, type AdamwPresetName } from './presets.js';

/** A framework's AdamW in one call: `adamw('torch', { weightDecay: 0.1 })`. */
export function adamw(preset: AdamwPresetName, overrides: Partial<AdamConfig> = {}): OptimizerSpec<AdamConfig, AdamSlot> {
  return fromPreset('adamw', preset, overrides) as unknown as OptimizerSpec<AdamConfig, AdamSlot>;
}
