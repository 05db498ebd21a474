/**
 * Acceptance intervals: the set of values an implementation with a declared per-op accuracy may return.
 *
 * This is how the WebGPU conformance suite checks floating point: evaluate the formula over intervals,
 * each operation returning the hull of every result it may legally produce, widened by its declared
 * ulp error. With every op correctly rounded and point inputs, each interval is a single value: the
 * bound is exact. Non-finite corners make the interval conservative (any value, possibly NaN), as the CTS does.
 */
import type { Dtype } from '../contract/dtype.js';
import { exactArith, type Arith, type SubnormalMode } from './arith.js';
import { stepAlongGrid, ulpDistance } from './dtype-grid.js';
import { gridSteps, type OpAccuracy } from './profile.js';

export interface Interval {
  /** Smallest non-NaN value allowed (lo > hi: no non-NaN value is allowed). */
  readonly lo: number;
  readonly hi: number;
  /** Whether NaN is an allowed result. */
  readonly nan: boolean;
}

export const NAN_ONLY: Interval = { lo: Infinity, hi: -Infinity, nan: true };
const ANY: Interval = { lo: -Infinity, hi: Infinity, nan: true };

export function point(x: number): Interval {
  return Number.isNaN(x) ? NAN_ONLY : { lo: x, hi: x, nan: false };
}

export function contains(i: Interval, x: number): boolean {
  if (Number.isNaN(x)) return i.nan;
  // ±0 compare equal, as they must: frameworks disagree on the sign of zero only where it cannot matter here.
  return i.lo <= x && x <= i.hi;
}

function hasRange(i: Interval): boolean {
  return i.lo <= i.hi;
}

/** Width of the interval in grid steps of the dtype (0 for a point; Infinity when NaN or unbounded mixes in). */
export function widthInUlps(dtype: Dtype, i: Interval): number {
  if (!hasRange(i)) return 0;
  if (i.nan) return Infinity;
  return ulpDistance(dtype, i.lo, i.hi);
}

/**
 * Builds an interval from candidate results computed at the corners of the input box (the operations
 * used are monotone on each piece, so the extremes are at corners). NaN at a corner of a box that is not a
 * point means opposite infinities or 0·∞ meet somewhere inside: give up precision and allow anything.
 */
function fromCorners(candidates: number[], inputsNan: boolean, isPointBox: boolean, widen: number, dtype: Dtype): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  let nan = inputsNan;
  for (const c of candidates) {
    if (Number.isNaN(c)) {
      nan = true;
      continue;
    }
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  if (nan && !isPointBox && candidates.some(Number.isNaN)) return ANY;
  if (lo <= hi && widen > 0) {
    lo = stepAlongGrid(dtype, lo, -widen);
    hi = stepAlongGrid(dtype, hi, widen);
  }
  return { lo, hi, nan };
}

function ends(i: Interval): number[] {
  return i.lo === i.hi ? [i.lo] : [i.lo, i.hi];
}

function isPoint(...xs: Interval[]): boolean {
  return xs.every((x) => x.lo === x.hi || !hasRange(x));
}

function containsZero(i: Interval): boolean {
  return hasRange(i) && i.lo <= 0 && i.hi >= 0;
}

/** Interval arithmetic in a dtype, each op widened by the declared accuracy. */
export function intervalArith(dtype: Dtype, accuracy: OpAccuracy, subnormals: SubnormalMode = 'preserve'): Arith<Interval> {
  // Flushing (DAZ/FTZ) is monotone, so corner evaluation with the flushing point ops stays a hull.
  const x = exactArith(dtype, subnormals);
  const w = {
    add: gridSteps(accuracy.add),
    sub: gridSteps(accuracy.sub),
    mul: gridSteps(accuracy.mul),
    div: gridSteps(accuracy.div),
    sqrt: gridSteps(accuracy.sqrt),
    rsqrt: gridSteps(accuracy.rsqrt),
    fma: gridSteps(accuracy.fma),
    pow: gridSteps(accuracy.pow),
  };

  const binary = (op: (a: number, b: number) => number, widen: number) => (a: Interval, b: Interval): Interval => {
    if (!hasRange(a) || !hasRange(b)) return NAN_ONLY;
    const c: number[] = [];
    for (const u of ends(a)) for (const v of ends(b)) c.push(op(u, v));
    return fromCorners(c, a.nan || b.nan, isPoint(a, b), widen, dtype);
  };

  return {
    const: (v) => point(x.const(v)),
    add: binary(x.add, w.add),
    sub: binary(x.sub, w.sub),
    mul: (a, b) => {
      const r = binary(x.mul, w.mul)(a, b);
      // 0 · ∞ inside the box (not at a corner) is NaN.
      const zeroTimesInf =
        (containsZero(a) && (b.lo === -Infinity || b.hi === Infinity)) ||
        (containsZero(b) && (a.lo === -Infinity || a.hi === Infinity));
      return zeroTimesInf && !r.nan ? { ...r, nan: true } : r;
    },
    div: (a, b) => {
      if (!hasRange(a) || !hasRange(b)) return NAN_ONLY;
      // A divisor range that straddles zero (and is not the point 0 itself) allows any quotient.
      if (!isPoint(b) && containsZero(b)) return ANY;
      return binary(x.div, w.div)(a, b);
    },
    sqrt: (a) => {
      if (!hasRange(a)) return NAN_ONLY;
      const nan = a.nan || a.lo < 0;
      if (a.hi < 0) return NAN_ONLY;
      const lo = a.lo < 0 ? 0 : a.lo;
      return fromCorners([x.sqrt(lo), x.sqrt(a.hi)], nan, isPoint(a), w.sqrt, dtype);
    },
    rsqrt: (a) => {
      if (!hasRange(a)) return NAN_ONLY;
      const nan = a.nan || a.lo < 0;
      if (a.hi < 0) return NAN_ONLY;
      const lo = a.lo < 0 ? 0 : a.lo;
      return fromCorners([x.rsqrt(lo), x.rsqrt(a.hi)], nan, isPoint(a), w.rsqrt, dtype);
    },
    fma: (a, b, c) => {
      if (!hasRange(a) || !hasRange(b) || !hasRange(c)) return NAN_ONLY;
      const cand: number[] = [];
      for (const u of ends(a)) for (const v of ends(b)) for (const t of ends(c)) cand.push(x.fma(u, v, t));
      return fromCorners(cand, a.nan || b.nan || c.nan, isPoint(a, b, c), w.fma, dtype);
    },
    pow: (a, n) => {
      if (!hasRange(a)) return NAN_ONLY;
      // Only used for ρᵗ with ρ ∈ [0, 1]: monotone on the non-negative half-line.
      if (a.lo < 0) return ANY;
      return fromCorners([x.pow(a.lo, n), x.pow(a.hi, n)], a.nan, isPoint(a), w.pow, dtype);
    },
    neg: (a) => ({ lo: -a.hi, hi: -a.lo, nan: a.nan }),
    // Exact and monotone in both operands: the hull is the max of the ends.
    max: (a, b) => {
      if (!hasRange(a) || !hasRange(b)) return NAN_ONLY;
      return { lo: x.max(a.lo, b.lo), hi: x.max(a.hi, b.hi), nan: a.nan || b.nan };
    },
  };
}

/** Every operation within 1 ulp of its exact result: faithful rounding, the weakest IEEE-like promise. */
export const FAITHFUL: OpAccuracy = { add: 1, sub: 1, mul: 1, div: 1, sqrt: 1, rsqrt: 1, fma: 1, pow: 1, source: 'faithful rounding (1 ulp per op)' };

/**
 * Interval arithmetic that encloses the REAL-number formula evaluated on the given inputs: each op is
 * widened by 1 ulp, and each hyperparameter constant too, since it is rounded into the dtype before use
 * (1−0.99999 is one value in float64 and another in float32). The float32 and float64 enclosures of one
 * step both contain the same real result, so they must overlap: the spec's bound of float32 against float64.
 */
export function realEnclosureArith(dtype: Dtype): Arith<Interval> {
  const IA = intervalArith(dtype, FAITHFUL);
  return {
    ...IA,
    const: (v) => {
      const r = IA.const(v);
      return { lo: stepAlongGrid(dtype, r.lo, -1), hi: stepAlongGrid(dtype, r.hi, 1), nan: r.nan };
    },
  };
}

/** Whether two intervals share a value (or both allow NaN). */
export function overlaps(a: Interval, b: Interval): boolean {
  if (a.nan && b.nan) return true;
  return Math.max(a.lo, b.lo) <= Math.min(a.hi, b.hi);
}
