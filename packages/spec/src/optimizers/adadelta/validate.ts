/** Validation of every Adadelta config field: the shared field rules, then Adadelta's cross-field rule. */
import { InvalidConfigError } from '../../errors/isostep-error.js';
import { BOOLEAN, FINITE_NON_NEGATIVE, UNIT_INTERVAL, checkFields, numberIn, oneOf, type FieldRules } from '../../validation/fields.js';
import type { AdadeltaConfig } from './config.js';

const TITLE = 'Adadelta';

export const ADADELTA_RULES: FieldRules = {
  lr: FINITE_NON_NEGATIVE,
  rho: UNIT_INTERVAL,
  eps: FINITE_NON_NEGATIVE,
  weightDecay: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')"),
  denominator: oneOf(['updated', 'previous']),
  weightDecayMode: oneOf(['none', 'coupled', 'decoupled']),
  maximize: BOOLEAN,
  scaleByLearningRate: BOOLEAN,
  oneMinusRhoInDtype: BOOLEAN,
};

export const ADADELTA_CONFIG_KEYS = Object.keys(ADADELTA_RULES) as (keyof AdadeltaConfig & string)[];

export function validateAdadeltaConfig(config: unknown, names: Readonly<Record<string, string>> = {}): AdadeltaConfig {
  const c = checkFields(TITLE, config, ADADELTA_RULES, names) as unknown as AdadeltaConfig;
  const name = (k: string) => names[k] ?? k;
  if (c.weightDecayMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError(name('weightDecay'), c.weightDecay, "0 when weightDecayMode is 'none' (choose 'coupled' or 'decoupled')", TITLE);
  }
  if (c.weightDecayMode === 'decoupled' && c.weightDecay !== 0 && !c.scaleByLearningRate) {
    throw new InvalidConfigError(name('weightDecayMode'), c.weightDecayMode, "'coupled' or 'none' when scaleByLearningRate is false (decoupled decay is scaled by lr)", TITLE);
  }
  return Object.freeze({ ...c });
}
