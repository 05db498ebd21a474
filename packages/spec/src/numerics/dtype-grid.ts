/**
 * The float grids of float32 and float64: rounding into a dtype, stepping to neighbours, and ordinals
 * (the position of a value on the grid), which give ulp distances.
 */
import type { Dtype } from '../contract/dtype.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Rounds a float64 to the dtype (round to nearest even). float64 is the identity. */
export function roundTo(dtype: Dtype, x: number): number {
  return dtype === 'float32' ? Math.fround(x) : x;
}

/** Ordinal of a float32 value: consecutive floats differ by 1, −0 and +0 share 0. NaN has none. */
export function ordinal32(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
}

/** Ordinal of a float64 value as a bigint (same meaning as `ordinal32`). */
export function ordinal64(x: number): bigint {
  f64[0] = x;
  const bits = u64[0]!;
  return bits & 0x8000000000000000n ? -(bits & 0x7fffffffffffffffn) : bits;
}

function fromOrdinal32(o: number): number {
  u32[0] = o < 0 ? (-o | 0x80000000) >>> 0 : o;
  return f32[0]!;
}

function fromOrdinal64(o: bigint): number {
  u64[0] = o < 0n ? -o | 0x8000000000000000n : o;
  return f64[0]!;
}

const MAX_ORD32 = 0x7f800000; // +Infinity
const MAX_ORD64 = 0x7ff0000000000000n;

/**
 * Moves `x` by `k` steps along the dtype's grid (k < 0 moves down), saturating at ±Infinity.
 * NaN stays NaN. `x` must already be a value of the dtype.
 */
export function stepAlongGrid(dtype: Dtype, x: number, k: number): number {
  if (Number.isNaN(x) || k === 0) return x;
  if (dtype === 'float32') {
    const o = Math.max(-MAX_ORD32, Math.min(MAX_ORD32, ordinal32(x) + k));
    return fromOrdinal32(o);
  }
  let o = ordinal64(x) + BigInt(k);
  if (o > MAX_ORD64) o = MAX_ORD64;
  if (o < -MAX_ORD64) o = -MAX_ORD64;
  return fromOrdinal64(o);
}

/**
 * Distance in ulps (grid steps of the dtype) between two values of the dtype. 0 for equal values,
 * for +0/−0, and for NaN/NaN; Infinity when exactly one is NaN.
 */
export function ulpDistance(dtype: Dtype, a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : Infinity;
  if (dtype === 'float32') return Math.abs(ordinal32(a) - ordinal32(b));
  const d = ordinal64(a) - ordinal64(b);
  return Number(d < 0n ? -d : d);
}

/** True when x is exactly representable in the dtype (NaN and ±Infinity are). */
export function isOfDtype(dtype: Dtype, x: number): boolean {
  return dtype === 'float64' || Number.isNaN(x) || Math.fround(x) === x;
}
