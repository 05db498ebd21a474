/**
 * Validation of every Adam (and AdamW) config field: the shared field rules (`validation/fields.ts`: NaN
 * cannot pass, unknown keys are rejected with a suggestion), then Adam's cross-field rules.
 */
import { InvalidConfigError } from '../../errors/isostep-error.js';
import { BOOLEAN, FINITE_NON_NEGATIVE, FINITE_POSITIVE, checkFields, numberIn, oneOf, type FieldRules } from '../../validation/fields.js';
import type { AdamConfig, AdamWeightDecayMode } from './config.js';

/** β in [0, 1): β = 1 never forgets and makes 1 − βᵗ = 0 (torch rejects it too). */
const BETA = numberIn(0, 1, 'a number in [0, 1)', { max: true });

export const ADAM_RULES: FieldRules = {
  lr: FINITE_NON_NEGATIVE,
  beta1: BETA,
  beta2: BETA,
  eps: FINITE_POSITIVE,
  epsRoot: FINITE_NON_NEGATIVE,
  weightDecay: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')"),
  epsPlacement: oneOf(['corrected', 'uncorrected']),
  amsgrad: BOOLEAN,
  amsgradMaximum: oneOf(['raw', 'corrected']),
  nesterov: BOOLEAN,
  nesterovForm: oneOf(['tf1', 'optax']),
  weightDecayMode: oneOf(['none', 'coupled', 'decoupled', 'decoupled-scale', 'decoupled-update']),
  maximize: BOOLEAN,
  momentForm: oneOf(['ema', 'increment']),
  oneMinusBetaInDtype: BOOLEAN,
};

export const ADAM_CONFIG_KEYS = Object.keys(ADAM_RULES) as (keyof AdamConfig & string)[];

/** The decoupled forms: AdamW is Adam with one of these. */
export const DECOUPLED_MODES: readonly AdamWeightDecayMode[] = ['decoupled', 'decoupled-scale', 'decoupled-update'];

/**
 * A frozen copy of a valid config, or InvalidConfigError naming the first bad field. `names` maps spec
 * fields to the user's own argument names (a framework's), for the message. `title` is 'Adam' or 'AdamW';
 * AdamW also requires a decoupled weight decay.
 */
export function validateAdamConfig(config: unknown, names: Readonly<Record<string, string>> = {}, title = 'Adam'): AdamConfig {
  const c = checkFields(title, config, ADAM_RULES, names) as unknown as AdamConfig;
  const name = (k: string) => names[k] ?? k;
  if (c.weightDecayMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError(name('weightDecay'), c.weightDecay, "0 when weightDecayMode is 'none' (choose a weight decay mode)", title);
  }
  if (c.epsPlacement === 'uncorrected' && c.amsgrad && c.amsgradMaximum === 'corrected') {
    throw new InvalidConfigError(name('amsgradMaximum'), c.amsgradMaximum, "'raw' when epsPlacement is 'uncorrected' (there is no v̂ to take the maximum of)", title);
  }
  if (c.epsPlacement === 'uncorrected' && c.nesterov && c.nesterovForm === 'optax') {
    throw new InvalidConfigError(name('nesterovForm'), c.nesterovForm, "'tf1' when epsPlacement is 'uncorrected' (optax's form corrects m and g separately)", title);
  }
  if (c.epsPlacement === 'uncorrected' && c.epsRoot !== 0) {
    throw new InvalidConfigError(name('epsRoot'), c.epsRoot, "0 when epsPlacement is 'uncorrected' (eps_root is added to the corrected v̂)", title);
  }
  if (title === 'AdamW' && !DECOUPLED_MODES.includes(c.weightDecayMode)) {
    throw new InvalidConfigError(name('weightDecayMode'), c.weightDecayMode, `one of ${DECOUPLED_MODES.map((m) => `'${m}'`).join(', ')} (AdamW decouples its weight decay; coupled L2 is Adam's weightDecayMode 'coupled')`, title);
  }
  return Object.freeze({ ...c });
}
