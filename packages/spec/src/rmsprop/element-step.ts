/**
 * One RMSprop step on one element, over any arithmetic (`Arith`): the spec's formula as code.
 *
 * Reading guide — the formula, in the order every framework evaluates it (the text version, with the
 * same names, is in `algorithm.ts`):
 *
 *   1. g ← −g                                      if maximize
 *   2. g ← g + wd·p   (coupled)  |  p ← p − (p·wd)·lr   (decoupled, on the pre-step p)
 *   3. v ← ρ·v + (1−ρ)·g²   (ema)  |  v ← v + (g² − v)·(1−ρ)   (increment)
 *   4. m̄ ← same form with g in place of g²           if centered
 *   5. v̂ = v / (1 − ρᵗ), m̂ = m̄ / (1 − ρᵗ)              if bias correction, else v̂ = v, m̂ = m̄
 *   6. s = v̂ − m̂² (centered) or v̂;  d = √s + ε (outside) | √(s + ε) (inside) | √(v̂ − (m̂² + ε)) (inside-subtracted, centered)
 *   7. lr-inside:   b ← μ·b + lr·g/d;  p ← p − b          (no buffer: p ← p − lr·g/d)
 *      lr-outside:  b ← μ·b + g/d;     p ← p − lr·b       (no buffer: p ← p − lr·g/d)
 *      optax-trace: u = −lr·g/d; t ← u + μ·t; p ← p + t   (nesterov: p ← p + (u + μ·t))
 *      graves:      b ← μ·b − lr·g/d;  p ← p + b
 *
 * Which of these products and sums are fused, and whether the root is sqrt-then-divide or rsqrt-then-
 * multiply, comes from the numerics profile. Every other choice of operand order below is the one the
 * frameworks use; multiplication and addition being commutative in IEEE arithmetic, a·b and b·a are
 * the same bits, so the few spellings that differ between frameworks need no flag.
 */
import type { Arith } from '../numerics/arith.js';
import type { NumericsProfile } from '../numerics/profile.js';
import type { RmspropConfig } from './config.js';
import type { StepScalars } from './scalars.js';

/** The values of one element, updated in place by `elementStep`. Unallocated slots are ignored. */
export interface ElementValues<T> {
  p: T;
  g: T;
  /** mean square v */
  v: T;
  /** centered mean m̄ */
  m: T;
  /** momentum buffer b (or optax's trace t) */
  b: T;
}

/** Decisions that depend only on the config and profile, made once per step rather than per element. */
export interface StepPlan {
  readonly config: RmspropConfig;
  readonly profile: NumericsProfile;
  readonly hasMomentum: boolean;
  /** Multiply by a reciprocal (optax) instead of dividing by d. */
  readonly useReciprocal: boolean;
  /** Frameworks skip weight decay entirely when wd = 0 (it would turn an infinite p into NaN via 0·∞). */
  readonly weightDecay: RmspropConfig['weightDecayMode'];
}

export function planStep(config: RmspropConfig, profile: NumericsProfile): StepPlan {
  return {
    config,
    profile,
    hasMomentum: config.momentum > 0 || config.alwaysAllocateMomentum,
    useReciprocal: profile.root === 'rsqrt',
    weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode,
  };
}

export function elementStep<T>(A: Arith<T>, plan: StepPlan, s: StepScalars<T>, e: ElementValues<T>): void {
  const { config: c, profile, hasMomentum, useReciprocal, weightDecay } = plan;
  const F = profile.fused;
  let { p, g, v, m, b } = e;

  // 1–2. gradient transforms
  if (c.maximize) g = A.neg(g);
  if (weightDecay === 'coupled') {
    g = F.weightDecay ? A.fma(p, s.weightDecay, g) : A.add(g, A.mul(s.weightDecay, p));
  } else if (weightDecay === 'decoupled') {
    p = A.sub(p, A.mul(A.mul(p, s.weightDecay), s.lr));
  }

  // 3. mean square
  if (c.meanSquareForm === 'ema') {
    v = F.meanSquare
      ? A.fma(A.mul(s.oneMinusRho, g), g, A.mul(v, s.rho))
      : A.add(A.mul(s.rho, v), A.mul(s.oneMinusRho, A.mul(g, g)));
  } else {
    const delta = A.sub(A.mul(g, g), v);
    v = F.meanSquare ? A.fma(delta, s.oneMinusRho, v) : A.add(v, A.mul(delta, s.oneMinusRho));
  }

  // 4. centered mean
  if (c.centered) {
    if (profile.meanGradUpdate === 'lerp') {
      const diff = A.sub(g, m);
      m = s.lerpFromStart ? A.fma(s.oneMinusRho, diff, m) : A.fma(s.oneMinusRhoMinusOne, diff, g);
    } else if (c.meanSquareForm === 'ema') {
      m = A.add(A.mul(s.rho, m), A.mul(s.oneMinusRho, g));
    } else {
      const diff = A.sub(g, m);
      m = F.meanGrad ? A.fma(diff, s.oneMinusRho, m) : A.add(m, A.mul(diff, s.oneMinusRho));
    }
  }

  // 5. bias correction (optax)
  const vh = c.biasCorrection ? A.div(v, s.biasCorrection) : v;
  const mh = c.biasCorrection && c.centered ? A.div(m, s.biasCorrection) : m;

  // 6. denominator: d (divide by it) or q = 1/d (multiply by it, optax)
  let root: T;
  if (c.epsPlacement === 'outside') {
    const variance = c.centered ? centeredVariance(A, F.centeredVariance, vh, mh) : vh;
    const d = A.add(A.sqrt(variance), s.eps);
    root = useReciprocal ? A.div(A.const(1), d) : d;
  } else {
    const arg =
      c.epsPlacement === 'inside-subtracted' && c.centered
        ? A.sub(vh, A.add(A.mul(mh, mh), s.eps))
        : A.add(c.centered ? centeredVariance(A, F.centeredVariance, vh, mh) : vh, s.eps);
    root = useReciprocal ? A.rsqrt(arg) : A.sqrt(arg);
  }
  const normalize = (x: T): T => (useReciprocal ? A.mul(x, root) : A.div(x, root));

  // 7. the step: inc = lr·g/d, in the profile's order
  const inc = profile.lrSite === 'numerator' ? normalize(A.mul(g, s.lr)) : A.mul(normalize(g), s.lr);
  switch (c.momentumForm) {
    case 'lr-inside':
      if (hasMomentum) {
        b = A.add(A.mul(b, s.momentum), inc);
        p = A.sub(p, b);
      } else p = A.sub(p, inc);
      break;
    case 'lr-outside':
      if (hasMomentum) {
        b = A.add(A.mul(b, s.momentum), normalize(g));
        p = F.momentumApply ? A.fma(b, s.negLr, p) : A.sub(p, A.mul(s.lr, b));
      } else p = A.sub(p, inc);
      break;
    case 'optax-trace': {
      const u = A.neg(inc); // (g/d)·(−lr): negation is exact, so this is optax's `scale(-lr)`
      if (hasMomentum) {
        b = A.add(u, A.mul(s.momentum, b));
        p = A.add(p, c.nesterov ? A.add(u, A.mul(s.momentum, b)) : b);
      } else p = A.add(p, u);
      break;
    }
    case 'graves':
      if (hasMomentum) {
        b = A.sub(A.mul(b, s.momentum), inc);
        p = A.add(p, b);
      } else p = A.sub(p, inc);
      break;
  }

  e.p = p;
  e.g = g;
  e.v = v;
  e.m = m;
  e.b = b;
}

function centeredVariance<T>(A: Arith<T>, fused: boolean, v: T, m: T): T {
  return fused ? A.fma(A.neg(m), m, v) : A.sub(v, A.mul(m, m));
}
