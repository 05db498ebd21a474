/**
 * Decoding of the format's number vectors into the exact values of the trace dtype.
 *
 * The format prints each value with the shortest round-trip precision of its dtype, so `Math.fround`
 * recovers float32 bits and a float64 value is used as-is. Non-finite values are the strings
 * "NaN", "Infinity", "-Infinity"; nothing else (not "1.5", not null) is accepted as an element.
 */
import { type JsonNode, fail, requireArray } from './json-node.js';
import type { TraceDtype } from './types.js';

const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

const ELEMENT = 'a number or one of the strings "NaN", "Infinity", "-Infinity"';

/** One element: a finite JSON number or a non-finite string, rounded to the dtype. */
export function decodeNumber(node: JsonNode, dtype: TraceDtype): number {
  const { value } = node;
  if (typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) return NON_FINITE[value] as number;
  if (typeof value !== 'number') fail(node, ELEMENT);
  // JSON.parse turns an overflowing literal such as 1e999 into Infinity; the format spells
  // infinity as a string, so an infinite number here means a value that is not representable.
  if (!Number.isFinite(value)) fail(node, `a finite number (infinity is written "Infinity")`, 'a number literal that overflows to Infinity');
  if (dtype === 'float64') return value;
  const rounded = Math.fround(value);
  // A shortest-printed float32 never rounds to infinity; a value that does is not a float32 value.
  if (!Number.isFinite(rounded)) fail(node, 'a number within float32 range', `the number ${String(value)}, which rounds to ${String(rounded)} in float32`);
  return rounded;
}

/** A vector of exactly `length` elements. `what` names the length's origin for the message. */
export function decodeVector(node: JsonNode, dtype: TraceDtype, length: number, what: string): Float64Array {
  const expected = `an array of ${length} numbers (${what})`;
  const elements = requireArray(node, expected);
  if (elements.length !== length) fail(node, expected);
  return Float64Array.from(elements, (element) => decodeNumber(element, dtype));
}

/** A non-empty vector of any length: the one that fixes the length of all the others. */
export function decodeNonEmptyVector(node: JsonNode, dtype: TraceDtype): Float64Array {
  const expected = 'a non-empty array of numbers';
  const elements = requireArray(node, expected);
  if (elements.length === 0) fail(node, expected);
  return Float64Array.from(elements, (element) => decodeNumber(element, dtype));
}
