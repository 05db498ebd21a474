/**
 * One validation path for every optimizer config: each field has a rule, every check is phrased as "is
 * inside the allowed range" so NaN cannot pass (NaN fails every comparison), and any key without a rule
 * is rejected with a suggestion. Optimizer modules add their cross-field rules after this.
 */
import { InvalidConfigError } from '../errors/isostep-error.js';
import { didYouMean } from './did-you-mean.js';

export type FieldRule =
  | {
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly minOpen?: boolean;
      readonly maxOpen?: boolean;
      /** The allowed range in words, as error messages print it. */
      readonly allowed: string;
    }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'oneOf'; readonly options: readonly string[] };

export type FieldRules = Readonly<Record<string, FieldRule>>;

/** Builds a number rule: [min, max], either end open. */
export function numberIn(min: number, max: number, allowed: string, open: { min?: boolean; max?: boolean } = {}): FieldRule {
  return { kind: 'number', min, max, minOpen: open.min, maxOpen: open.max, allowed };
}

export const FINITE_NON_NEGATIVE = numberIn(0, Number.MAX_VALUE, 'a finite number >= 0');
export const FINITE_POSITIVE = numberIn(0, Number.MAX_VALUE, 'a finite number > 0', { min: true });
export const UNIT_INTERVAL = numberIn(0, 1, 'a number in [0, 1]');
export const BOOLEAN: FieldRule = { kind: 'boolean' };
export const oneOf = (options: readonly string[]): FieldRule => ({ kind: 'oneOf', options });

export function allowedText(rule: FieldRule): string {
  if (rule.kind === 'number') return rule.allowed;
  if (rule.kind === 'boolean') return 'true or false';
  return `one of ${rule.options.map((o) => `'${o}'`).join(', ')}`;
}

export function satisfies(rule: FieldRule, value: unknown): boolean {
  switch (rule.kind) {
    case 'number':
      return (
        typeof value === 'number' &&
        (rule.minOpen ? value > rule.min : value >= rule.min) &&
        (rule.maxOpen ? value < rule.max : value <= rule.max)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'oneOf':
      return typeof value === 'string' && rule.options.includes(value);
  }
}

/**
 * Checks that `config` is a plain object with exactly the fields of `rules`, each inside its rule.
 * `names` maps a field to the name the user typed (a framework's argument name) for the message;
 * `optimizer` is the display name the message starts with.
 */
export function checkFields(
  optimizer: string,
  config: unknown,
  rules: FieldRules,
  names: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidConfigError('config', config, 'an object', optimizer);
  }
  const c = config as Record<string, unknown>;
  const known = Object.keys(rules);
  for (const key of Object.keys(c)) {
    if (!Object.hasOwn(rules, key)) {
      throw new InvalidConfigError(key, c[key], `no such field${didYouMean(key, known)}; fields: ${known.join(', ')}`, optimizer);
    }
  }
  for (const key of known) {
    const rule = rules[key]!;
    const value = Object.hasOwn(c, key) ? c[key] : undefined;
    if (!satisfies(rule, value)) throw new InvalidConfigError(names[key] ?? key, value, allowedText(rule), optimizer);
  }
  return c;
}

/** Rejects keys of an overrides object that are not config fields, before merging it over defaults. */
export function checkKnownKeys(optimizer: string, overrides: unknown, known: readonly string[], what = 'config'): void {
  if (overrides === undefined) return;
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new InvalidConfigError(what, overrides, 'an object of config fields', optimizer);
  }
  for (const key of Object.keys(overrides)) {
    if (!known.includes(key)) {
      throw new InvalidConfigError(key, (overrides as Record<string, unknown>)[key], `no such field${didYouMean(key, known)}; fields: ${known.join(', ')}`, optimizer);
    }
  }
}

/**
 * A learning rate for one step (`StepOptions.lr`, a schedule): finite and >= 0, for every optimizer.
 * `field` is the name the user passed it under (`options.lr`, `learningRate`).
 */
export function checkLr(lr: unknown, field = 'lr', optimizer = 'optimizer'): number {
  if (!satisfies(FINITE_NON_NEGATIVE, lr)) throw new InvalidConfigError(field, lr, allowedText(FINITE_NON_NEGATIVE), optimizer);
  return lr as number;
}
