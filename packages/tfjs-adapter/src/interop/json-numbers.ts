/** Numbers in the state JSON files: shortest float32 round trip; non-finite as "NaN", "Infinity", "-Infinity". */
import { IsostepError } from '@isostep/spec';

/** A state file that does not fit the format or the model; the message names the first mismatch. */
export class StateImportError extends IsostepError {}

export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

const SPECIAL: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function decodeFloat32(values: unknown, where: string, length: number): Float32Array {
  if (!Array.isArray(values)) throw new StateImportError(`${where}: expected a list of ${length} numbers, got ${typeof values}`);
  if (values.length !== length) throw new StateImportError(`${where}: expected ${length} values, got ${values.length}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const x = values[i] as unknown;
    const v = typeof x === 'number' ? x : typeof x === 'string' ? SPECIAL[x] : undefined;
    if (v === undefined) throw new StateImportError(`${where}[${i}]: expected a number or "NaN"/"Infinity"/"-Infinity", got ${JSON.stringify(x)}`);
    out[i] = v;
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
