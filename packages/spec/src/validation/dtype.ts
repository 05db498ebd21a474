/**
 * The dtype a backend stores and computes in, checked once for every entry point that takes one, and the
 * config checked again in that dtype: every hyperparameter is cast to the tensor dtype before use (as the
 * frameworks cast their Python/JS scalars), so a value that passes its range as a double can leave it
 * once cast: eps 1e-50 is 0 in float32 (d = 0, NaN params), lr 1e300 is Infinity.
 */
import { DTYPES, type Dtype } from '../contract/dtype.js';
import type { OptimizerSpec } from '../contract/optimizer-spec.js';
import { InvalidConfigError, show } from '../errors/isostep-error.js';
import { roundTo } from '../numerics/dtype-grid.js';
import { didYouMean } from './did-you-mean.js';

/** `value` if it is a dtype the backends know, else InvalidConfigError naming `field`. */
export function checkDtype(value: unknown, field = 'dtype', optimizer = 'optimizer', allowed: readonly Dtype[] = DTYPES): Dtype {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as Dtype;
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  throw new InvalidConfigError(field, value, `${allowed.map((d) => `'${d}'`).join(' or ')}${hint}`, optimizer);
}

/**
 * Throws InvalidConfigError when a numeric config field of `spec` leaves its allowed range once cast to
 * `dtype`. Generic over the descriptor: the config with every number rounded to the dtype is validated
 * again by the descriptor's own `validate`, so each optimizer's rules (and cross-field rules) apply and the
 * error names the argument the user typed (`spec.argumentNames`, a framework's names).
 */
export function checkConfigInDtype(spec: OptimizerSpec, dtype: Dtype): void {
  // Some frameworks hold a hyperparameter in float32 whatever the tensor dtype (Keras 3's learning rate).
  const held = spec.profile.float32Scalars ?? [];
  const castOf = (key: string): Dtype => (held.includes(key) ? 'float32' : dtype);
  const config = spec.config as unknown as Readonly<Record<string, unknown>>;
  const rounded: Record<string, unknown> = {};
  const changed: string[] = [];
  for (const key of Object.keys(config)) {
    const v = config[key];
    if (typeof v === 'number') {
      const r = roundTo(castOf(key), v);
      if (!Object.is(r, v)) changed.push(key);
      rounded[key] = r;
    } else {
      rounded[key] = v;
    }
  }
  if (changed.length === 0) return;
  const names = spec.argumentNames ?? {};
  try {
    spec.optimizer.validate(rounded, names);
  } catch (e) {
    if (!(e instanceof InvalidConfigError)) throw e;
    // The descriptor named the field as the user typed it; add what the cast did to the value.
    const field = Object.keys(names).find((k) => names[k] === e.field) ?? e.field;
    const original = config[field];
    throw new InvalidConfigError(
      e.field,
      original,
      `${e.allowed} in ${castOf(field)} (${show(original)} is ${show(rounded[field])} in ${castOf(field)}, where the framework casts it before use)`,
      spec.optimizer.title,
    );
  }
}
