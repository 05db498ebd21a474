/**
 * xⁿ for a double x and a step count n, correctly rounded to double (as glibc's `pow`, which Python's
 * `beta ** step` calls, is in practice). JavaScript's `**` is not: V8 gives 0.9 ** 4 = 0.65610000000000013,
 * glibc 0.65610000000000002, one ulp apart, and torch's Adam forms its bias corrections 1 − βᵗ in Python.
 *
 * Computed in double-double (≈ 106 bits) by binary powering with error-free products (exact fma), then
 * rounded once: correct unless xⁿ lies within ~2⁻¹⁰⁰ relative of a rounding boundary.
 */
import { fmaF64 } from './exact-fma.js';

type DD = readonly [number, number];

function mulDD(a: DD, b: DD): DD {
  const p = a[0] * b[0];
  const e = fmaF64(a[0], b[0], -p) + (a[0] * b[1] + a[1] * b[0]);
  const hi = p + e;
  return [hi, e - (hi - p)];
}

/** xⁿ correctly rounded to double, for an integer n ≥ 0 (finite, normal x and results). */
export function powFloat64(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) return x ** n;
  let result: DD = [1, 0];
  let base: DD = [x, 0];
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = mulDD(result, base);
    if (k > 1) base = mulDD(base, base);
  }
  return result[0] + result[1];
}
