/**
 * Validation of every SGD config field: the shared field rules (`validation/fields.ts`: NaN cannot pass,
 * unknown keys are rejected with a suggestion), then SGD's cross-field rules.
 */
import { InvalidConfigError } from '../../errors/isostep-error.js';
import { BOOLEAN, FINITE_NON_NEGATIVE, UNIT_INTERVAL, checkFields, numberIn, oneOf, type FieldRules } from '../../validation/fields.js';
import type { SgdConfig } from './config.js';

const TITLE = 'SGD';

export const SGD_RULES: FieldRules = {
  lr: FINITE_NON_NEGATIVE,
  momentum: UNIT_INTERVAL,
  dampening: UNIT_INTERVAL,
  weightDecay: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')"),
  nesterov: BOOLEAN,
  maximize: BOOLEAN,
  weightDecayMode: oneOf(['none', 'coupled', 'decoupled']),
  momentumForm: oneOf(['lr-outside', 'velocity']),
  firstBuffer: oneOf(['zeros', 'gradient']),
  alwaysAllocateMomentum: BOOLEAN,
};

export const SGD_CONFIG_KEYS = Object.keys(SGD_RULES) as (keyof SgdConfig & string)[];

/** A frozen copy of a valid SGD config, or InvalidConfigError naming the first bad field (in the user's names). */
export function validateSgdConfig(config: unknown, names: Readonly<Record<string, string>> = {}): SgdConfig {
  const c = checkFields(TITLE, config, SGD_RULES, names) as unknown as SgdConfig;
  const name = (k: string) => names[k] ?? k;
  if (c.weightDecayMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError(name('weightDecay'), c.weightDecay, "0 when weightDecayMode is 'none' (choose 'coupled' or 'decoupled')", TITLE);
  }
  if (c.dampening !== 0 && c.momentumForm !== 'lr-outside') {
    throw new InvalidConfigError(name('dampening'), c.dampening, "0 unless momentumForm is 'lr-outside' (dampening is torch's)", TITLE);
  }
  if (c.firstBuffer === 'gradient' && c.momentumForm !== 'lr-outside') {
    throw new InvalidConfigError(name('firstBuffer'), c.firstBuffer, "'zeros' unless momentumForm is 'lr-outside' (the first-gradient clone is torch's)", TITLE);
  }
  return Object.freeze({ ...c });
}
