/**
 * Validation of every config field. Written so NaN cannot pass: each check is phrased as "is inside the
 * allowed range" (NaN fails every comparison), never as "is outside".
 */
import { InvalidConfigError } from '../errors/isostep-error.js';
import type { RmspropConfig } from './config.js';

const EPS_PLACEMENTS = ['outside', 'inside', 'inside-subtracted'] as const;
const MOMENTUM_FORMS = ['lr-outside', 'lr-inside', 'optax-trace', 'graves'] as const;
const WEIGHT_DECAY_MODES = ['none', 'coupled', 'decoupled'] as const;
const MEAN_SQUARE_FORMS = ['ema', 'increment'] as const;

export const ALLOWED = {
  lr: 'a finite number >= 0',
  rho: 'a number in [0, 1]',
  eps: 'a finite number > 0',
  momentum: 'a number in [0, 1]',
  weightDecay: "a finite number >= 0 (exactly 0 when weightDecayMode is 'none')",
  initialMeanSquare: 'a finite number >= 0',
} as const;

function isNumberIn(x: unknown, lo: number, hi: number, loOpen = false): x is number {
  return typeof x === 'number' && (loOpen ? x > lo : x >= lo) && x <= hi;
}

export function checkLr(lr: unknown, field = 'lr'): number {
  if (!isNumberIn(lr, 0, Number.MAX_VALUE)) throw new InvalidConfigError(field, lr, ALLOWED.lr);
  return lr;
}

function checkOneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new InvalidConfigError(field, value, `one of ${options.map((o) => `'${o}'`).join(', ')}`);
  }
  return value as T;
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidConfigError(field, value, 'true or false');
  return value;
}

/** Returns a frozen copy of a valid config, or throws InvalidConfigError naming the first bad field. */
export function validateConfig(config: RmspropConfig): RmspropConfig {
  if (typeof config !== 'object' || config === null) throw new InvalidConfigError('config', config, 'an object');
  const c = config as unknown as Record<string, unknown>;
  checkLr(c.lr);
  if (!isNumberIn(c.rho, 0, 1)) throw new InvalidConfigError('rho', c.rho, ALLOWED.rho);
  if (!isNumberIn(c.eps, 0, Number.MAX_VALUE, true)) throw new InvalidConfigError('eps', c.eps, ALLOWED.eps);
  if (!isNumberIn(c.momentum, 0, 1)) throw new InvalidConfigError('momentum', c.momentum, ALLOWED.momentum);
  if (!isNumberIn(c.weightDecay, 0, Number.MAX_VALUE)) {
    throw new InvalidConfigError('weightDecay', c.weightDecay, ALLOWED.weightDecay);
  }
  if (!isNumberIn(c.initialMeanSquare, 0, Number.MAX_VALUE)) {
    throw new InvalidConfigError('initialMeanSquare', c.initialMeanSquare, ALLOWED.initialMeanSquare);
  }
  checkBoolean('centered', c.centered);
  checkOneOf('epsPlacement', c.epsPlacement, EPS_PLACEMENTS);
  const form = checkOneOf('momentumForm', c.momentumForm, MOMENTUM_FORMS);
  const nesterov = checkBoolean('nesterov', c.nesterov);
  const wdMode = checkOneOf('weightDecayMode', c.weightDecayMode, WEIGHT_DECAY_MODES);
  checkBoolean('maximize', c.maximize);
  checkBoolean('biasCorrection', c.biasCorrection);
  checkOneOf('meanSquareForm', c.meanSquareForm, MEAN_SQUARE_FORMS);
  checkBoolean('oneMinusRhoInDtype', c.oneMinusRhoInDtype);
  checkBoolean('alwaysAllocateMomentum', c.alwaysAllocateMomentum);
  if (wdMode === 'none' && c.weightDecay !== 0) {
    throw new InvalidConfigError('weightDecay', c.weightDecay, "0 when weightDecayMode is 'none' (choose 'coupled' or 'decoupled')");
  }
  if (nesterov && form !== 'optax-trace') {
    throw new InvalidConfigError('nesterov', nesterov, "false unless momentumForm is 'optax-trace' (nesterov is optax's trace option)");
  }
  return Object.freeze({ ...config });
}
