/**
 * Numbers as the trace format writes them (FORMAT.md, "Numbers"): the shortest decimal that round-trips
 * the dtype's value, non-finite values as the strings "NaN", "Infinity", "-Infinity", negative zero as -0.
 */
import type { Dtype } from '@isostep/spec';

/** The shortest decimal whose float32 rounding is x (x already a float32 value). */
function shortestFloat32(x: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x); // unreachable: 9 significant digits always round-trip a float32
}

/** One value as JSON text, in the dtype. */
export function traceNumber(x: number, dtype: Dtype): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  if (Object.is(x, -0)) return '-0';
  // JS prints a double as its shortest round-trip decimal already.
  return dtype === 'float32' ? shortestFloat32(Math.fround(x)) : String(x);
}

/** A flat vector as a JSON array (one line). */
export function traceVector(values: ArrayLike<number>, dtype: Dtype): string {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = traceNumber(values[i]!, dtype);
  return `[${out.join(', ')}]`;
}
