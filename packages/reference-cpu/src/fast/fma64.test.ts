/**
 * The error-free float64 fma against the spec's exact bigint `fmaF64` (the definition), on the inputs
 * where emulations go wrong: ties of the product, results that cancel to subnormals or zero, overflow
 * of the product alone, operands at the splitting limit, huge exponent gaps, and random bit patterns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmaF64 } from '@isostep/spec';
import { fmaF64Eft } from './fma64.js';

const same = (a: number, b: number, c: number) => {
  const want = fmaF64(a, b, c);
  const got = fmaF64Eft(a, b, c);
  return Object.is(got, want) ? null : `fma(${a}, ${b}, ${c}) = ${got}, exact ${want}`;
};

/** Doubles across the whole range: random bits (NaN, ±∞, subnormals included) and scaled mantissas. */
const anyDouble = fc.oneof(
  fc.double(),
  fc.tuple(fc.double({ min: 1, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1023 }), fc.boolean()).map(([m, e, neg]) => (neg ? -1 : 1) * m * 2 ** e),
  fc.constantFrom(0, -0, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022, Number.MAX_VALUE, 2 ** 995, 2 ** 994 * 1.999, Infinity, -Infinity, NaN),
);

describe('fmaF64Eft is the exact fma', () => {
  it('on random doubles over the whole range', () => {
    fc.assert(fc.property(anyDouble, anyDouble, anyDouble, (a, b, c) => {
        expect(same(a, b, c)).toBeNull();
      }),
      { numRuns: 20000 },
    );
  });

  it('where c cancels a·b (results near zero, subnormal and ±0)', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, fc.integer({ min: -3, max: 3 }), (a, b, k) => {
        const p = a * b;
        // c = −fl(a·b) nudged by a few ulps: the result is the product's rounding error (± a few ulps).
        const c = -p + k * Math.abs(p) * 2 ** -52;
        expect(same(a, b, c)).toBeNull();
      }),
      { numRuns: 20000 },
    );
  });

  it('at ties of the product (broken either way by a tiny addend, or exactly a tie)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 26 }), fc.integer({ min: 1, max: 2 ** 26 }), fc.integer({ min: -600, max: 600 }), fc.constantFrom(0, 0.25, -0.25, 2 ** -40, -(2 ** -40)), (x, y, e, t) => {
        // (2²⁶+x)(2²⁷+y) has 54 bits or more: its last bit is a tie when x·y is odd.
        const a = (2 ** 26 + x) * 2 ** e;
        const b = 2 ** 27 + y;
        expect(same(a, b, t * 2 ** e)).toBeNull();
        expect(same(-a, b, t * 2 ** e)).toBeNull();
      }),
      { numRuns: 20000 },
    );
  });

  it('with huge exponent gaps between c and a·b', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -1100, max: 1100 }), (a, b, c, gap) => {
        expect(same(a, b, c * 2 ** gap)).toBeNull();
        expect(same(a * 2 ** -500, b * 2 ** -500, c * 2 ** gap)).toBeNull();
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    [2 ** 512, 2 ** 512, -1.5 * 2 ** 1023], // the product overflows alone; the fma does not
    [2 ** 1000, 2 ** 30, -(2 ** 1023)],
    [Number.MAX_VALUE, 1 + 2 ** -52, -Number.MAX_VALUE],
    [2 ** -485 * (1 + 2 ** -52), 2 ** -485 * (1 - 2 ** -52), -(2 ** -970)], // exact −2⁻¹⁰⁷⁴
    [-(2 ** -600), 2 ** -600, 0], // −0
    [2 ** -600, 2 ** -600, -0],
    [1 + 2 ** -52, 1 - 2 ** -52, -1],
    [3 * 2 ** -1074, 2 ** 900 * (1 + 2 ** -52), -3 * 2 ** -174],
    [0, Infinity, 1],
    [Infinity, 1, -Infinity],
    [2 ** 994 * 1.5, 2 ** 994, 1],
    [1e308, 10, -Infinity],
  ])('fma(%d, %d, %d)', (a, b, c) => {
    expect(same(a, b, c)).toBeNull();
  });
});
