/**
 * One check of a step's options for every backend (exact and fast CPU, WebGPU, TF.js): a plain object
 * with known keys only (a misspelled `lr` would silently step at the config's rate), a learning rate
 * that is valid in the dtype the step computes in, and the opt-in non-finite guard.
 */
import type { Dtype } from '../contract/dtype.js';
import type { StepOptions } from '../contract/optimizer.js';
import type { OptimizerSpec } from '../contract/optimizer-spec.js';
import { InvalidConfigError, NonFiniteGradientError } from '../errors/isostep-error.js';
import { roundTo } from '../numerics/dtype-grid.js';
import { didYouMean } from './did-you-mean.js';
import { checkLr } from './fields.js';

const STEP_OPTION_KEYS: readonly (keyof StepOptions & string)[] = ['lr', 'rejectNonFinite'];

export interface CheckedStepOptions {
  /** This step's learning rate: `options.lr`, else the config's. */
  readonly lr: number;
  readonly rejectNonFinite: boolean;
}

/** Validates `options` (undefined means none) for one step of `spec` in `dtype`. Throws InvalidConfigError naming `options.<key>`. */
export function checkStepOptions(spec: OptimizerSpec, dtype: Dtype, options: unknown): CheckedStepOptions {
  const title = spec.optimizer.title;
  if (options === undefined) return { lr: spec.config.lr, rejectNonFinite: false };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidConfigError('options', options, `an object with ${STEP_OPTION_KEYS.join(', ')} (or nothing)`, title);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(STEP_OPTION_KEYS as readonly string[]).includes(key)) {
      throw new InvalidConfigError(`options.${key}`, o[key], `no such step option${didYouMean(key, STEP_OPTION_KEYS)}; options: ${STEP_OPTION_KEYS.join(', ')}`, title);
    }
  }
  let lr = spec.config.lr;
  if (o.lr !== undefined) {
    lr = checkLr(o.lr, 'options.lr', title);
    if (!Number.isFinite(roundTo(dtype, lr))) {
      throw new InvalidConfigError('options.lr', lr, `a finite number >= 0 in ${dtype} (it is ${roundTo(dtype, lr)} there)`, title);
    }
  }
  const reject = o.rejectNonFinite;
  if (reject !== undefined && typeof reject !== 'boolean') throw new InvalidConfigError('options.rejectNonFinite', reject, 'true or false', title);
  return { lr, rejectNonFinite: reject === true };
}

/**
 * The opt-in guard (`rejectNonFinite`), shared by every backend: the first NaN or ±Infinity in any
 * gradient, as NonFiniteGradientError naming `<what>["<name>"]` and the index. Off by default because
 * the frameworks step with non-finite gradients (and the golden traces record what that does).
 */
export function checkFiniteGradients(grads: Iterable<readonly [string, ArrayLike<number>]>, what = 'grads'): void {
  for (const [name, values] of grads) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      // v - v is 0 for finite v and NaN for NaN and ±Infinity: one comparison per element.
      if (v - v !== 0) throw new NonFiniteGradientError(`${what}[${JSON.stringify(name)}]`, i, v);
    }
  }
}
