/**
 * One Adam (or AdamW) step on one element, over any arithmetic (`Arith`): the spec's formula as code.
 *
 * Reading guide — the formula in the order every framework evaluates it (the text version, with the same
 * names, is in `algorithm.ts`); c₁ = 1 − β1ᵗ, c₂ = 1 − β2ᵗ:
 *
 *   1. g ← −g                                                     if maximize
 *   2. coupled g ← g + wd·p | decoupled p ← p − (p·wd)·lr | decoupled-scale p ← p·(1 − lr·wd)
 *   3. m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²                (ema)
 *      m ← m + (g − m)·(1−β1) ;  v ← v + (g² − v)·(1−β2)           (increment)
 *   4. n = m, or nesterov 'tf1': n = (1−β1)·g + β1·m
 *   5. ε uncorrected: w = v (AMSGrad: v_max ← max(v_max, v), w = v_max)
 *                     p ← p − (n·α)/(√w + ε),  α = lr·√c₂/c₁
 *      ε corrected:   m̂ = n/c₁ (nesterov 'optax': m̂ = β1·m/(1−β1ᵗ⁺¹) + (1−β1)·g/c₁),  v̂ = v/c₂
 *                     AMSGrad raw: v_max ← max(v_max, v), ŵ = v_max/c₂ ; corrected: v_max ← max(v_max, v̂), ŵ = v_max
 *                     u = m̂/(√(ŵ + ε_root) + ε);  decoupled-update u ← u + wd·p;  p ← p − lr·u
 *
 * Steps 1–3 are shared stages (`stages/`); the correction and the denominator are Adam's own. Where the
 * corrections are applied (folded into a step size, divided, multiplied by a reciprocal), which sites are
 * fused and how βᵗ is formed come from the numerics profile (`AdamProfile`).
 */
import type { ElementValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { debias, debiasByReciprocal } from '../../stages/bias-correction.js';
import { coupledWeightDecay, decayIntoUpdate, decoupledWeightDecay, maximizeGradient, scaledWeightDecay } from '../../stages/gradient.js';
import { averageOf, averageOfSquares, lerpStartsFromStart, lerpTowards } from '../../stages/moving-average.js';
import type { AdamConfig, AdamProfile, AdamSlot, AdamWeightDecayMode } from './config.js';
import type { AdamStepScalars } from './scalars.js';

/** Decisions that depend only on the config and profile, made once per config rather than per element. */
export interface AdamStepPlan {
  readonly config: AdamConfig;
  readonly profile: AdamProfile;
  /** Frameworks skip weight decay entirely when wd = 0 (it would turn an infinite p into NaN via 0·∞). */
  readonly weightDecay: AdamWeightDecayMode;
  /** torch's `lerp_` branch for the first moment, from its float weight w = 1−β1. */
  readonly lerpFromStart: boolean;
  /** ε_root is added only when non-zero (v̂ + 0 is v̂). */
  readonly epsRoot: boolean;
}

export function planAdamStep(config: AdamConfig, profile: AdamProfile): AdamStepPlan {
  return {
    config,
    profile,
    weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode,
    lerpFromStart: lerpStartsFromStart(1 - config.beta1),
    epsRoot: config.epsRoot !== 0,
  };
}

export function adamElementStep<T>(A: Arith<T>, plan: AdamStepPlan, s: AdamStepScalars<T>, e: ElementValues<T, AdamSlot>): void {
  const { config: c, profile, weightDecay } = plan;
  const F = profile.fused;
  let { p, g, firstMoment: m, secondMoment: v, maxSecondMoment: vmax } = e;
  const p0 = p;

  // 1–2. gradient transforms and the decoupled decays that act on p before the step
  if (c.maximize) g = maximizeGradient(A, g);
  if (weightDecay === 'coupled') g = coupledWeightDecay(A, p, g, s.weightDecay, F.weightDecay);
  else if (weightDecay === 'decoupled') p = decoupledWeightDecay(A, p, s.weightDecay, s.lr);
  else if (weightDecay === 'decoupled-scale') p = scaledWeightDecay(A, p, s.decayFactor);

  // 3. moments
  m =
    profile.firstMomentUpdate === 'lerp'
      ? lerpTowards(A, m, g, s.oneMinusBeta1, s.oneMinusBeta1MinusOne, plan.lerpFromStart)
      : averageOf(A, c.momentForm, false, m, g, s.beta1, s.oneMinusBeta1);
  v = averageOfSquares(A, c.momentForm, F.secondMoment, v, g, s.beta2, s.oneMinusBeta2);

  // 4. the numerator's moment (TF1's nesterov: g·(1−β1) + β1·m, with m already updated)
  const n = c.nesterov && c.nesterovForm === 'tf1' ? A.add(A.mul(g, s.oneMinusBeta1), A.mul(s.beta1, m)) : m;

  // 5. correction, denominator, step
  let updateTimesLr: T | undefined; // decoupled-update needs u before lr; the other forms step directly
  if (c.epsPlacement === 'uncorrected') {
    let w = v;
    if (c.amsgrad) w = vmax = A.max(vmax, v);
    p = A.sub(p, A.div(A.mul(n, s.alpha), A.add(A.sqrt(w), s.eps)));
  } else {
    const site = profile.correctionSite;
    const correct = (x: T, bc: T, rbc: T) => (site === 'reciprocal' ? debiasByReciprocal(A, x, rbc) : debias(A, x, bc));
    const root = (x: T) => A.sqrt(plan.epsRoot ? A.add(x, s.epsRoot) : x);
    const nesterovOptax = c.nesterov && c.nesterovForm === 'optax';
    const mHat = () =>
      nesterovOptax
        ? A.add(A.mul(s.beta1, correct(m, s.bc1Next, s.rbc1Next)), A.mul(s.oneMinusBeta1, correct(g, s.bc1, s.rbc1)))
        : correct(n, s.bc1, s.rbc1);
    let d: T;
    if (c.amsgrad && c.amsgradMaximum === 'corrected') {
      vmax = A.max(vmax, correct(v, s.bc2, s.rbc2));
      d = A.add(root(vmax), s.eps);
    } else {
      let w = v;
      if (c.amsgrad) w = vmax = A.max(vmax, v);
      // torch: (√w / √c₂) + ε; everyone else corrects w first.
      d = site === 'step-size' && !plan.epsRoot ? A.add(A.div(A.sqrt(w), s.bc2Sqrt), s.eps) : A.add(root(correct(w, s.bc2, s.rbc2)), s.eps);
    }
    if (site === 'step-size' && !nesterovOptax && weightDecay !== 'decoupled-update') {
      // torch `param.addcdiv_(exp_avg, denom, value=-step_size)`: p + ((−lr/c₁)·m)/d, not fused.
      p = A.add(p, A.div(A.mul(s.negStepSize, n), d));
    } else {
      let u = A.div(mHat(), d);
      if (weightDecay === 'decoupled-update') u = decayIntoUpdate(A, u, p0, s.weightDecay);
      updateTimesLr = A.mul(s.negLr, u);
    }
  }
  if (updateTimesLr !== undefined) p = A.add(p, updateTimesLr);
  else if (weightDecay === 'decoupled-update') p = A.add(p, A.mul(s.negLr, A.mul(s.weightDecay, p0)));

  e.p = p;
  e.g = g;
  e.firstMoment = m;
  e.secondMoment = v;
  e.maxSecondMoment = vmax;
}
