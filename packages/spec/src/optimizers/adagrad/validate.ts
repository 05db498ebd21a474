/** Validation of every Adagrad config field: the shared field rules, then Adagrad's cross-field rules. */
import { InvalidConfigError } from '../../errors/isostep-error.js';
import { BOOLEAN, FINITE_NON_NEGATIVE, checkFields, numberIn, oneOf, type FieldRules } from '../../validation/fields.js';
import type { AdagradConfig } from './config.js';

const TITLE = 'Adagrad';

export const ADAGRAD_RULES: FieldRules = {
  lr: FINITE_NON_NEGATIVE,
  eps: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when epsPlacement is 'none')"),
  initialAccumulator: FINITE_NON_NEGATIVE,
  lrDecay: FINITE_NON_NEGATIVE,
  weightDecay: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')"),
  epsPlacement: oneOf(['outside', 'inside', 'none']),
  weightDecayMode: oneOf(['none', 'coupled', 'decoupled']),
  maximize: BOOLEAN,
};

export const ADAGRAD_CONFIG_KEYS = Object.keys(ADAGRAD_RULES) as (keyof AdagradConfig & string)[];

export function validateAdagradConfig(config: unknown, names: Readonly<Record<string, string>> = {}): AdagradConfig {
  const c = checkFields(TITLE, config, ADAGRAD_RULES, names) as unknown as AdagradConfig;
  const name = (k: string) => names[k] ?? k;
  if (c.weightDecayMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError(name('weightDecay'), c.weightDecay, "0 when weightDecayMode is 'none' (choose 'coupled' or 'decoupled')", TITLE);
  }
  if (c.epsPlacement === 'none' && c.eps !== 0) {
    throw new InvalidConfigError(name('eps'), c.eps, "0 when epsPlacement is 'none' (TF1 ApplyAdagrad has no eps)", TITLE);
  }
  return Object.freeze({ ...c });
}
