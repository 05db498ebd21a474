/**
 * Errors that name what was wrong. Each class is tagged with a global symbol so `isInstance` works across
 * duplicate installs of the package (two copies of @isostep/spec in one node_modules tree).
 */

const TAG = Symbol.for('isostep.IsostepError');

export class IsostepError extends Error {
  readonly [TAG] = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
  static isInstance(x: unknown): x is IsostepError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[TAG] === true;
  }
}

/** Formats a value so NaN, ±Infinity, −0 and strings are unmistakable in a message. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A config field outside its allowed range. */
export class InvalidConfigError extends IsostepError {
  constructor(
    /** The field as the user named it (a framework's argument name where they typed those). */
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    /** The optimizer's display name. */
    readonly optimizer = 'optimizer',
  ) {
    super(`invalid ${optimizer} config: ${field} = ${show(value)}; allowed: ${allowed}`);
  }
}

export class UnknownPresetError extends IsostepError {
  constructor(
    readonly preset: string,
    readonly known: readonly string[],
    readonly optimizer = 'rmsprop',
  ) {
    super(`unknown ${optimizer} preset ${show(preset)}; known presets: ${known.join(', ')}`);
  }
}

/** A framework argument that the spec cannot map (unknown name, wrong type, value out of range). */
export class FrameworkArgumentError extends IsostepError {
  constructor(
    readonly framework: string,
    readonly argument: string,
    readonly value: unknown,
    readonly allowed: string,
    /** The optimizer's display name. */
    readonly optimizer = 'RMSprop',
  ) {
    super(`${framework} ${optimizer} argument ${argument} = ${show(value)}; allowed: ${allowed}`);
  }
}

/** An optimizer name the spec does not know. */
export class UnknownOptimizerError extends IsostepError {
  constructor(
    readonly optimizer: string,
    readonly known: readonly string[],
  ) {
    super(`unknown optimizer ${show(optimizer)}; known optimizers: ${known.join(', ')}`);
  }
}

/** Tensors that do not line up: a gradient for a missing param, lengths or dtypes that differ. */
export class ShapeMismatchError extends IsostepError {
  constructor(
    readonly tensor: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${tensor}: expected ${expected}, got ${actual}`);
  }
}

/**
 * A gradient holding NaN or ±Infinity, refused by the opt-in guard (`StepOptions.rejectNonFinite`)
 * before anything was written. Names the tensor (as the caller keyed it) and the first bad index.
 */
export class NonFiniteGradientError extends IsostepError {
  constructor(
    readonly tensor: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(`${tensor}[${index}] = ${show(value)}; allowed: a finite number (the step was refused by rejectNonFinite; nothing changed)`);
  }
}
