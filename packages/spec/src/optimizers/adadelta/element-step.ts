/**
 * One Adadelta step on one element, over any arithmetic: the spec's formula as code.
 *
 *   1. g ← −g                                                  if maximize
 *   2. g ← g + wd·p (coupled)  |  p ← p − (p·wd)·lr (decoupled)  if wd > 0
 *   3. E_g ← ρ·E_g + (1−ρ)·g²
 *   4. δ = √(E_x + ε) / √(E' + ε) · g     E' = E_g (updated) | E_g before step 3 (previous, TF.js)
 *   5. E_x ← ρ·E_x + (1−ρ)·δ²
 *   6. p ← p − lr·δ                         (scaleByLearningRate false: p ← p + δ, optax learning_rate=None)
 *
 * Steps 3 and 5 are the shared `averageOfSquares` stage (ema form); the profile says which sites torch
 * fuses and how δ rounds.
 */
import type { ElementValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { coupledWeightDecay, decoupledWeightDecay, maximizeGradient } from '../../stages/gradient.js';
import { averageOfSquares } from '../../stages/moving-average.js';
import type { AdadeltaConfig, AdadeltaProfile, AdadeltaSlot } from './config.js';
import type { AdadeltaStepScalars } from './scalars.js';

export interface AdadeltaStepPlan {
  readonly config: AdadeltaConfig;
  readonly profile: AdadeltaProfile;
  readonly weightDecay: AdadeltaConfig['weightDecayMode'];
}

export function planAdadeltaStep(config: AdadeltaConfig, profile: AdadeltaProfile): AdadeltaStepPlan {
  return { config, profile, weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode };
}

export function adadeltaElementStep<T>(A: Arith<T>, plan: AdadeltaStepPlan, s: AdadeltaStepScalars<T>, e: ElementValues<T, AdadeltaSlot>): void {
  const { config: c, profile } = plan;
  const F = profile.fused;
  let { p, g } = e;

  if (c.maximize) g = maximizeGradient(A, g);
  if (plan.weightDecay === 'coupled') g = coupledWeightDecay(A, p, g, s.weightDecay, F.weightDecay);
  else if (plan.weightDecay === 'decoupled') p = decoupledWeightDecay(A, p, s.weightDecay, s.lr);

  const eg = averageOfSquares(A, 'ema', F.gradSquareAvg, e.gradSquareAvg, g, s.rho, s.oneMinusRho);
  const den = A.add(c.denominator === 'previous' ? e.gradSquareAvg : eg, s.eps);
  const num = A.sqrt(A.add(e.deltaSquareAvg, s.eps));
  let delta: T;
  switch (profile.deltaOrder) {
    case 'ratio':
      delta = A.mul(A.div(num, A.sqrt(den)), g);
      break;
    case 'rsqrt-ratio':
      delta = A.mul(A.mul(num, A.rsqrt(den)), g);
      break;
    case 'grad-first':
      delta = A.div(A.mul(num, g), A.sqrt(den));
      break;
  }
  const ex = averageOfSquares(A, 'ema', F.deltaSquareAvg, e.deltaSquareAvg, delta, s.rho, s.oneMinusRho);

  if (!c.scaleByLearningRate) e.p = A.add(p, delta);
  else e.p = F.apply ? A.fma(delta, s.negLr, p) : A.sub(p, A.mul(delta, s.lr));
  e.g = g;
  e.gradSquareAvg = eg;
  e.deltaSquareAvg = ex;
}
