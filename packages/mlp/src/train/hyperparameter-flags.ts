/**
 * The optimizer flags of `isostep train`, derived from the spec rather than listed by hand: every config
 * field of every optimizer module becomes a kebab-case flag (`lr` → `--lr`, `weightDecay` → `--weight-decay`,
 * `beta1` → `--beta1`), typed by the field's value in the optimizer's first preset (a number, true/false, or
 * a named choice). An optimizer added to the spec brings its flags with it. Whether a flag applies to the
 * chosen optimizer, and whether its value is allowed, is the spec's validation (`fromPreset`): its error
 * names the field, which `flagOfField` turns back into the flag the user typed.
 */
import { OPTIMIZERS, getPreset, presetNames } from '@isostep/spec';

export type FlagKind = 'number' | 'boolean' | 'choice';

export interface HyperparameterFlag {
  /** The spec config field (camelCase), also commander's key for the flag. */
  readonly field: string;
  /** `--weight-decay`. */
  readonly flag: string;
  readonly kind: FlagKind;
  /** The optimizers that have this field, in registry order. */
  readonly optimizers: readonly string[];
}

export function flagOfField(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function kindOf(value: unknown): FlagKind {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'choice';
}

/** Every optimizer field as a flag, in first-seen order (RMSprop's first: lr, rho, eps, momentum, …). */
export function hyperparameterFlags(): HyperparameterFlag[] {
  const byField = new Map<string, { kind: FlagKind; optimizers: string[] }>();
  for (const d of OPTIMIZERS) {
    const defaults = getPreset(d, presetNames(d)[0]!).defaults as unknown as Record<string, unknown>;
    for (const field of d.configKeys) {
      const kind = kindOf(defaults[field]);
      const seen = byField.get(field);
      if (seen === undefined) byField.set(field, { kind, optimizers: [d.name] });
      else if (seen.kind !== kind) throw new Error(`config field ${field} is a ${seen.kind} in ${seen.optimizers[0]} and a ${kind} in ${d.name}`);
      else seen.optimizers.push(d.name);
    }
  }
  return [...byField].map(([field, { kind, optimizers }]) => ({ field, flag: flagOfField(field), kind, optimizers }));
}

/** How the caller reports a bad value (its own error type, naming the flag). */
export type FlagFailure = (flag: string, detail: string) => Error;

/**
 * The hyperparameters given on the command line, by spec field: numbers through `parseNumber` (strict
 * decimals), booleans from a bare flag (`--nesterov`) or `true`/`false`, choices as typed (the spec
 * rejects a choice it does not know, listing the allowed ones).
 */
export function parseHyperparameters(
  raw: Readonly<Record<string, unknown>>,
  parseNumber: (flag: string, text: string) => number,
  fail: FlagFailure,
): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const { field, flag, kind } of hyperparameterFlags()) {
    const value = raw[field];
    if (value === undefined) continue;
    if (kind === 'boolean') {
      if (value === true || value === 'true') out[field] = true;
      else if (value === false || value === 'false') out[field] = false;
      else throw fail(flag, `"${String(value)}" is not true or false`);
    } else if (typeof value !== 'string') {
      throw fail(flag, `needs a value`);
    } else {
      out[field] = kind === 'number' ? parseNumber(flag, value) : value;
    }
  }
  return out;
}
