/** Numbers in the state JSON files: shortest float32 round trip; non-finite as "NaN", "Infinity", "-Infinity". */
import { IsostepError } from '@isostep/spec';

/**
 * A state document that does not fit the format or the model; the message names the first mismatch and,
 * where there is one, `jsonPath` says where in the document (`$.param_groups[0].alpha`).
 */
export class StateImportError extends IsostepError {
  constructor(
    message: string,
    readonly jsonPath?: string,
    options?: ErrorOptions,
  ) {
    super(message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** A found value for a message, never longer than ~60 characters: a message must not grow with the file. */
export function brief(x: unknown): string {
  let text: string;
  try {
    text = typeof x === 'number' ? String(x) : (JSON.stringify(x) ?? String(x));
  } catch {
    text = String(x);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

const SPECIAL: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * A list of `length` float32 values, as strict as the trace reader: a number must be finite (JSON.parse
 * turns 1e400 into Infinity; infinity is written "Infinity") and within float32 range (1e39 is not a
 * float32 value). `path` is the list's JSON path, for the message and the error's `jsonPath`.
 */
export function decodeFloat32(values: unknown, where: string, length: number, path?: string): Float32Array {
  if (!Array.isArray(values)) throw new StateImportError(`${where}: expected a list of ${length} numbers, got ${values === null ? 'null' : typeof values}`, path);
  if (values.length !== length) throw new StateImportError(`${where}: expected ${length} values, got ${values.length}`, path);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const x = values[i] as unknown;
    const at = path === undefined ? undefined : `${path}[${i}]`;
    const v = typeof x === 'number' ? x : typeof x === 'string' && Object.hasOwn(SPECIAL, x) ? SPECIAL[x] : undefined;
    if (v === undefined) throw new StateImportError(`${where}[${i}]: expected a number or "NaN"/"Infinity"/"-Infinity", got ${brief(x)}`, at);
    if (typeof x === 'number' && !Number.isFinite(x)) throw new StateImportError(`${where}[${i}]: a number literal that overflows to ${x}; infinity is written "Infinity"`, at);
    const f = Math.fround(v);
    if (Number.isFinite(v) && !Number.isFinite(f)) throw new StateImportError(`${where}[${i}]: ${brief(x)} is outside float32 range (it rounds to ${f})`, at);
    out[i] = f;
  }
  return out;
}

/** Shortest decimal that reads back (via Math.fround) as exactly this float32 value. */
export function encodeFloat32(x: number): JsonNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  for (let p = 1; p <= 9; p++) {
    const s = Number(x.toPrecision(p));
    if (Math.fround(s) === x) return Object.is(x, -0) ? -0 : s;
  }
  return x;
}

export function encodeAll(values: ArrayLike<number>): JsonNumber[] {
  return Array.from(values, encodeFloat32);
}

/** A model variable that a state entry maps to: its name (TF.js) and shape. */
export interface VariableRef {
  readonly name: string;
  readonly shape: readonly number[];
}

export const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
export const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
