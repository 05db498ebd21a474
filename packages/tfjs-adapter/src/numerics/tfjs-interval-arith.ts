/**
 * The acceptance intervals of a TF.js backend: the spec's interval arithmetic (`intervalArith`), with two
 * things TF.js cannot reproduce declared as a hull instead of hidden:
 *
 *  1. Fused sites. TF.js has no fma, so where the preset's profile fuses a·b + c the adapter rounds twice
 *     (`tensorArith.fma`). At every `fma` call the interval is the hull of the fused result (what the
 *     framework computed) and the unfused one (what TF.js computes). `fma` is only ever called at the
 *     sites the profile fuses, so no other site is widened.
 *  2. Subnormals. The framework may flush them (TensorFlow, XLA: `profile.subnormals = 'flush'`) while the
 *     TF.js cpu and wasm backends keep them; WebGPU implementations may do either. Where the two can
 *     differ, every op's interval is the hull of the flushing and the preserving evaluation. Flushing and
 *     IEEE ops are both monotone, so corner evaluation of each stays a valid enclosure, and so does the hull.
 */
import { intervalArith, type Arith, type Dtype, type Interval, type OpAccuracy, type SubnormalMode } from '@isostep/spec';

function hull(a: Interval, b: Interval): Interval {
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), nan: a.nan || b.nan };
}

/** Per-op hull of two interval arithmetics. */
function hullArith(x: Arith<Interval>, y: Arith<Interval>): Arith<Interval> {
  return {
    const: (v) => hull(x.const(v), y.const(v)),
    add: (a, b) => hull(x.add(a, b), y.add(a, b)),
    sub: (a, b) => hull(x.sub(a, b), y.sub(a, b)),
    mul: (a, b) => hull(x.mul(a, b), y.mul(a, b)),
    div: (a, b) => hull(x.div(a, b), y.div(a, b)),
    sqrt: (a) => hull(x.sqrt(a), y.sqrt(a)),
    rsqrt: (a) => hull(x.rsqrt(a), y.rsqrt(a)),
    fma: (a, b, c) => hull(x.fma(a, b, c), y.fma(a, b, c)),
    pow: (a, n) => hull(x.pow(a, n), y.pow(a, n)),
    neg: (a) => hull(x.neg(a), y.neg(a)),
    max: (a, b) => hull(x.max(a, b), y.max(a, b)),
  };
}

export interface SubnormalBehaviour {
  /** What the framework that recorded the values does (the preset's `profile.subnormals`); unknown: either. */
  readonly framework: SubnormalMode | 'unknown';
  /** What this TF.js backend does. */
  readonly backend: SubnormalMode | 'either';
}

export function tfjsIntervalArith(dtype: Dtype, accuracy: OpAccuracy, subnormals: SubnormalBehaviour): Arith<Interval> {
  const modes = new Set<SubnormalMode>();
  for (const m of [subnormals.framework, subnormals.backend]) {
    if (m === 'preserve' || m === 'flush') modes.add(m);
    else {
      modes.add('preserve');
      modes.add('flush');
    }
  }
  const [first, second] = [...modes];
  const base = second === undefined ? intervalArith(dtype, accuracy, first) : hullArith(intervalArith(dtype, accuracy, first!), intervalArith(dtype, accuracy, second));
  const withFusion: Arith<Interval> = {
    ...base,
    // Hull of the framework's single rounding and TF.js's two, both over the same (interval) operands.
    fma: (a, b, c) => hull(base.fma(a, b, c), base.add(base.mul(a, b), c)),
  };
  return withFusion;
}
