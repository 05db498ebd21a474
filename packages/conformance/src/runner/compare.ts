/**
 * Compares one step's values against their acceptance intervals, keeping per-slot maxima, the largest
 * absolute error and the first failure.
 */
import { contains, ulpDistance, widthInUlps, type Dtype, type Interval } from '@isostep/spec';
import type { FirstFailure } from './result.js';

export class StepComparison {
  /** Max ulp distance per slot ('params' and framework slot names), over all parameters. */
  readonly maxUlp: Record<string, number> = {};
  maxBound = 0;
  /** Max |actual − expected| (see absError): ulps alone are unreadable near zero. */
  maxAbsError = 0;
  firstFailure: FirstFailure | null = null;

  constructor(private readonly dtype: Dtype) {}

  /**
   * Checks that expected (framework) and actual (backend) both lie in each value's interval. `slot` is
   * 'params' or the framework's slot name; `param` the parameter tensor the values belong to. `offset` is
   * the flat index of the first value within that tensor, for a runner that checks a tensor in chunks.
   */
  check(
    step: number,
    param: string,
    slot: string,
    expected: Float64Array,
    actual: Float64Array,
    intervals: readonly Interval[],
    offset = 0,
  ): void {
    if (actual.length !== expected.length) {
      throw new Error(`${slot} of ${JSON.stringify(param)} has ${actual.length} elements, the trace ${expected.length}`);
    }
    let max = this.maxUlp[slot] ?? 0;
    for (let i = 0; i < expected.length; i++) {
      const e = expected[i]!;
      const a = actual[i]!;
      const iv = intervals[i]!;
      const d = ulpDistance(this.dtype, a, e);
      if (d > max) max = d;
      const abs = absError(a, e);
      if (abs > this.maxAbsError) this.maxAbsError = abs;
      const bound = widthInUlps(this.dtype, iv);
      if (bound > this.maxBound) this.maxBound = bound;
      if (this.firstFailure !== null) continue;
      const okE = contains(iv, e);
      const okA = contains(iv, a);
      if (okE && okA) continue;
      this.firstFailure = {
        step,
        param,
        slot,
        index: offset + i,
        expected: e,
        actual: a,
        ulpDistance: d,
        absError: abs,
        bound,
        interval: [iv.lo, iv.hi],
        intervalAllowsNaN: iv.nan,
        outside: okE ? 'actual' : okA ? 'expected' : 'both',
      };
    }
    this.maxUlp[slot] = max;
  }
}

/** |a − e|, with equal non-finite values (NaN and NaN, ∞ and ∞) at distance 0 rather than NaN. */
export function absError(a: number, e: number): number {
  if (Object.is(a, e) || a === e) return 0;
  if (Number.isNaN(a) || Number.isNaN(e)) return Infinity;
  return Math.abs(a - e);
}
