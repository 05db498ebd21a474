/**
 * A golden trace file that breaks a rule of its format.
 *
 * Carries enough to fix the file by hand: which file, where in it (a JSON path such as
 * `$.steps[3].state.rms[5]`), what the format wants there and what was found instead.
 */

// Symbol.for, not a module-local symbol: two installed copies of this package must recognise
// each other's errors, which `instanceof` cannot do.
const MARK: unique symbol = Symbol.for('isostep.TraceFormatError');

export interface TraceFormatErrorDetails {
  readonly file: string;
  readonly jsonPath: string;
  readonly expected: string;
  readonly found: string;
}

export class TraceFormatError extends Error {
  override readonly name: string = 'TraceFormatError';
  readonly file: string;
  readonly jsonPath: string;
  readonly expected: string;
  readonly found: string;
  readonly [MARK] = true;

  constructor(details: TraceFormatErrorDetails, options?: ErrorOptions) {
    super(`${details.file}: ${details.jsonPath}: expected ${details.expected}, found ${details.found}`, options);
    this.file = details.file;
    this.jsonPath = details.jsonPath;
    this.expected = details.expected;
    this.found = details.found;
  }

  /** True for a TraceFormatError from any copy of this package. */
  static isInstance(value: unknown): value is TraceFormatError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARK] === true;
  }
}
