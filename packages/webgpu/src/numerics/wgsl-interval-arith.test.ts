import { WGSL_F32, contains, point, type Interval } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { wgslIntervalArith } from './wgsl-interval-arith.js';

const W = () => wgslIntervalArith('float32', WGSL_F32);
const ULP1 = 2 ** -23; // ulp of values in [1, 2)
const isAny = (i: Interval) => i.lo === -Infinity && i.hi === Infinity && i.nan;

describe('WGSL f32 interval arithmetic', () => {
  it('rounds + − × either way: both float32 neighbours of an inexact result, and nothing else', () => {
    const r = W().add(point(1), point(2 ** -30));
    expect(contains(r, 1)).toBe(true);
    expect(contains(r, 1 + ULP1)).toBe(true);
    expect(contains(r, 1 + 2 * ULP1)).toBe(false);
    expect(r.nan).toBe(false);
  });

  it('allows 2.5 ulp for division (3 grid steps around the rounded quotient)', () => {
    const r = W().div(point(1), point(3)); // 1/3 ∈ [2^-2, 2^-1): ulp 2^-25
    const q = Math.fround(1 / 3);
    expect(contains(r, q + 3 * 2 ** -25)).toBe(true);
    expect(contains(r, q + 4 * 2 ** -25)).toBe(false);
  });

  it('promises nothing for a divisor outside [2^-126, 2^126]', () => {
    expect(isAny(W().div(point(1), point(2 ** -127)))).toBe(true);
    expect(isAny(W().div(point(1), point(2 ** 127)))).toBe(true);
  });

  it('derives sqrt from 1/inverseSqrt: sqrt(0) and sqrt of a negative range are unbounded', () => {
    expect(isAny(W().sqrt(point(0)))).toBe(true);
    expect(isAny(W().sqrt({ lo: -1e-9, hi: 1, nan: false }))).toBe(true);
    const r = W().sqrt(point(4));
    expect(contains(r, 2)).toBe(true);
    expect(r.hi - r.lo).toBeLessThan(2 * 9 * 2 ** -22); // within the 9-ulp derived bound either side
  });

  it('treats non-finite inputs and overflowing results as indeterminate (finite-math assumption)', () => {
    expect(isAny(W().add(point(Infinity), point(1)))).toBe(true);
    expect(isAny(W().mul(point(3e38), point(10)))).toBe(true);
    expect(isAny(W().add(point(NaN), point(1)))).toBe(true);
  });

  it('lets subnormal inputs and outputs flush to zero', () => {
    const tiny = 2 ** -140;
    const r = W().mul(point(tiny), point(2));
    expect(contains(r, 2 ** -139)).toBe(true);
    expect(contains(r, 0)).toBe(true);
    // A flushed input: 1 + tiny may read tiny as 0 — both give 1 here, so the result must hold 1.
    expect(contains(W().add(point(1), point(tiny)), 1)).toBe(true);
  });

  it("holds the generated shader's explicit flush of a subnormal operand (DAZ) and the kept value", () => {
    // (−2^-140)·2^100: the kept operand gives −2^-40; flushed to −0 first, the product is −0.
    const r = W().mul(point(-(2 ** -140)), point(2 ** 100));
    expect(contains(r, -(2 ** -40))).toBe(true);
    expect(contains(r, -0)).toBe(true);
    expect(contains(r, 2 ** -41)).toBe(false);
  });

  it('lets a product feeding a sum be contracted into one fma', () => {
    // a·b = 1 − 2^-48 exactly; rounded, it is 1, so unfused a·b − 1 = 0; fused it is −2^-48.
    const a = point(1 + 2 ** -24 * 2); // 1 + 2^-23
    const b = point(1 - 2 ** -23);
    const A = W();
    const r = A.sub(A.mul(a, b), point(1));
    expect(contains(r, 0)).toBe(true);
    expect(contains(r, -(2 ** -46))).toBe(true);
  });

  it('evaluates fma as "inherited from x * y + z": the hull of fused and unfused', () => {
    const a = point(1 + 2 ** -23);
    const b = point(1 - 2 ** -23);
    const r = W().fma(a, b, point(-1));
    expect(contains(r, 0)).toBe(true);
    expect(contains(r, -(2 ** -46))).toBe(true);
  });

  it('lets a three-operand sum be regrouped within a step', () => {
    const A = W();
    // (2^24 + 1) + 1: left to right each +1 is lost (ties either way), regrouped it is 2^24 + 2 exactly.
    const r = A.add(A.add(point(2 ** 24), point(1)), point(1));
    expect(contains(r, 2 ** 24 + 2)).toBe(true);
  });

  it('does not regroup across a step boundary (values pass through memory)', () => {
    const A = W();
    A.pow(point(0.9), 1);
    const carried = A.add(point(2 ** 24), point(2 ** 24)); // exact: 2^25
    A.pow(point(0.9), 2); // next step
    const r = A.sub(carried, point(2 ** 24)); // only (2^25) − 2^24 = 2^24, exact
    expect(r.lo).toBe(2 ** 24);
    expect(r.hi).toBe(2 ** 24);
  });
});
