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
 * Steps 1–2, 3–4, 5 and 7 are the shared stages (`stages/`); what is RMSprop's own is the denominator.
 * Which products and sums are fused, and whether the root is sqrt-then-divide or rsqrt-then-multiply,
 * comes from the numerics profile. Every other choice of operand order below is the one the frameworks
 * use; multiplication and addition being commutative in IEEE arithmetic, a·b and b·a are the same bits,
 * so the few spellings that differ between frameworks need no flag.
 */
import type { ElementValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { debias } from '../../stages/bias-correction.js';
import { coupledWeightDecay, decoupledWeightDecay, maximizeGradient } from '../../stages/gradient.js';
import { momentumUpdate } from '../../stages/momentum.js';
import { averageOf, averageOfSquares, lerpStartsFromStart, lerpTowards } from '../../stages/moving-average.js';
import type { RmspropConfig, RmspropProfile, RmspropSlot } from './config.js';
import type { StepScalars } from './scalars.js';
import { hasMomentumBuffer } from './slots.js';

/** Decisions that depend only on the config and profile, made once per config rather than per element. */
export interface StepPlan {
  readonly config: RmspropConfig;
  readonly profile: RmspropProfile;
  readonly hasMomentum: boolean;
  /** Multiply by a reciprocal (optax) instead of dividing by d. */
  readonly useReciprocal: boolean;
  /** Frameworks skip weight decay entirely when wd = 0 (it would turn an infinite p into NaN via 0·∞). */
  readonly weightDecay: RmspropConfig['weightDecayMode'];
  /** torch's `lerp_` branch for the centered mean, from its float weight w = 1−ρ. */
  readonly lerpFromStart: boolean;
}

export function planStep(config: RmspropConfig, profile: RmspropProfile): StepPlan {
  return {
    config,
    profile,
    hasMomentum: hasMomentumBuffer(config),
    useReciprocal: profile.root === 'rsqrt',
    weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode,
    lerpFromStart: lerpStartsFromStart(1 - config.rho),
  };
}

export function elementStep<T>(A: Arith<T>, plan: StepPlan, s: StepScalars<T>, e: ElementValues<T, RmspropSlot>): void {
  const { config: c, profile, hasMomentum, useReciprocal, weightDecay } = plan;
  const F = profile.fused;
  let { p, g, meanSquare: v, meanGrad: m } = e;

  // 1–2. gradient transforms
  if (c.maximize) g = maximizeGradient(A, g);
  if (weightDecay === 'coupled') g = coupledWeightDecay(A, p, g, s.weightDecay, F.weightDecay);
  else if (weightDecay === 'decoupled') p = decoupledWeightDecay(A, p, s.weightDecay, s.lr);

  // 3. mean square
  v = averageOfSquares(A, c.meanSquareForm, F.meanSquare, v, g, s.rho, s.oneMinusRho, profile.squareProduct === 'scale-then-square');

  // 4. centered mean
  if (c.centered) {
    m =
      profile.meanGradUpdate === 'lerp'
        ? lerpTowards(A, m, g, s.oneMinusRho, s.oneMinusRhoMinusOne, plan.lerpFromStart)
        : averageOf(A, c.meanSquareForm, F.meanGrad, m, g, s.rho, s.oneMinusRho);
  }

  // 5. bias correction (optax)
  const vh = c.biasCorrection ? debias(A, v, s.biasCorrection) : v;
  const mh = c.biasCorrection && c.centered ? debias(A, m, s.biasCorrection) : m;

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

  // 7. the step: lr·g/d in the profile's order, then the momentum form
  // 'lr-over-denominator': ((1/d)·lr)·g, the order torch gives `lr / d * g` (reciprocal, then ×lr, then ×g).
  const inc =
    profile.lrSite === 'numerator'
      ? normalize(A.mul(g, s.lr))
      : profile.lrSite === 'after-normalize'
        ? A.mul(normalize(g), s.lr)
        : A.mul(A.mul(useReciprocal ? root : A.div(A.const(1), root), s.lr), g);
  const next = momentumUpdate(
    A,
    { form: c.momentumForm, buffer: hasMomentum, nesterov: c.nesterov, fusedApply: F.momentumApply },
    { p, b: e.momentum, lrTimesDirection: inc, direction: () => normalize(g) },
    s,
  );

  e.p = next.p;
  e.g = g;
  e.meanSquare = v;
  e.meanGrad = m;
  e.momentum = next.b;
}

function centeredVariance<T>(A: Arith<T>, fused: boolean, v: T, m: T): T {
  return fused ? A.fma(A.neg(m), m, v) : A.sub(v, A.mul(m, m));
}
