/**
 * WGSL's "correctly rounded" with "no rounding mode specified": the exact result when it is a float32,
 * otherwise either float32 neighbour of it. Each function returns [lo, hi], the two candidates (equal
 * when exact). Inputs are finite float32 values; the exact result is recovered from float64 with an
 * error-free transformation (TwoSum), so no double rounding can hide an inexact result.
 */
import { stepAlongGrid } from '@isostep/spec';

/** The float32 candidates for the real number s + err, where s is a float64 and |err| ≤ ½ ulp₆₄(s). */
function bracket(s: number, err: number): [number, number] {
  const r = Math.fround(s);
  if (r === s) {
    if (err === 0) return [s, s];
    return err > 0 ? [s, stepAlongGrid('float32', s, 1)] : [stepAlongGrid('float32', s, -1), s];
  }
  // s is between two float32 values and so is s + err: no float32 lies between them (s is the nearest double).
  return r < s ? [r, stepAlongGrid('float32', r, 1)] : [stepAlongGrid('float32', r, -1), r];
}

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

export function faithfulAdd(a: number, b: number): [number, number] {
  const [s, err] = twoSum(a, b);
  return bracket(s, err);
}

/** A float32 product is exact in float64 (24 + 24 ≤ 53 bits, no underflow). */
export function faithfulMul(a: number, b: number): [number, number] {
  return bracket(a * b, 0);
}

/** a·b + c with one rounding (the product is exact in float64, the sum error-free). */
export function faithfulFma(a: number, b: number, c: number): [number, number] {
  const [s, err] = twoSum(a * b, c);
  return bracket(s, err);
}
