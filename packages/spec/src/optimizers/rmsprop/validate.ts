/**
 * Validation of every RMSprop config field: the shared field rules (`validation/fields.ts`: NaN cannot
 * pass, unknown keys are rejected with a suggestion), then RMSprop's cross-field rules.
 */
import { InvalidConfigError } from '../../errors/isostep-error.js';
import {
  BOOLEAN,
  FINITE_NON_NEGATIVE,
  FINITE_POSITIVE,
  UNIT_INTERVAL,
  checkFields,
  numberIn,
  oneOf,
  type FieldRules,
} from '../../validation/fields.js';
import type { RmspropConfig } from './config.js';

const TITLE = 'RMSprop';

export const RMSPROP_RULES: FieldRules = {
  lr: FINITE_NON_NEGATIVE,
  rho: UNIT_INTERVAL,
  eps: FINITE_POSITIVE,
  // Keras accepts momentum = 1 (a buffer that never decays); so does the spec.
  momentum: UNIT_INTERVAL,
  weightDecay: numberIn(0, Number.MAX_VALUE, "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')"),
  centered: BOOLEAN,
  epsPlacement: oneOf(['outside', 'inside', 'inside-subtracted']),
  initialMeanSquare: FINITE_NON_NEGATIVE,
  momentumForm: oneOf(['lr-outside', 'lr-inside', 'optax-trace', 'graves']),
  nesterov: BOOLEAN,
  weightDecayMode: oneOf(['none', 'coupled', 'decoupled']),
  maximize: BOOLEAN,
  biasCorrection: BOOLEAN,
  meanSquareForm: oneOf(['ema', 'increment']),
  oneMinusRhoInDtype: BOOLEAN,
  alwaysAllocateMomentum: BOOLEAN,
};

export const RMSPROP_CONFIG_KEYS = Object.keys(RMSPROP_RULES) as (keyof RmspropConfig & string)[];

/** The allowed range of each numeric field, in words (for tables and messages). */
export const ALLOWED = Object.fromEntries(
  Object.entries(RMSPROP_RULES).flatMap(([k, r]) => (r.kind === 'number' ? [[k, r.allowed]] : [])),
) as Readonly<Record<'lr' | 'rho' | 'eps' | 'momentum' | 'weightDecay' | 'initialMeanSquare', string>>;

/**
 * A frozen copy of a valid config, or InvalidConfigError naming the first bad field. `names` maps spec
 * fields to the user's own argument names (a framework's), for the message.
 */
export function validateConfig(config: unknown, names: Readonly<Record<string, string>> = {}): RmspropConfig {
  const c = checkFields(TITLE, config, RMSPROP_RULES, names) as unknown as RmspropConfig;
  const name = (k: string) => names[k] ?? k;
  if (c.weightDecayMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError(name('weightDecay'), c.weightDecay, "0 when weightDecayMode is 'none' (choose 'coupled' or 'decoupled')", TITLE);
  }
  if (c.nesterov && c.momentumForm !== 'optax-trace') {
    throw new InvalidConfigError(name('nesterov'), c.nesterov, "false unless momentumForm is 'optax-trace' (nesterov is optax's trace option)", TITLE);
  }
  return Object.freeze({ ...c });
}
