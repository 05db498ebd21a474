/**
 * One Adagrad step on one element, over any arithmetic: the spec's formula as code.
 *
 *   1. g ← −g                                                  if maximize
 *   2. g ← g + wd·p (coupled)  |  p ← p − (p·wd)·lr (decoupled)  if wd > 0
 *   3. s ← s + g²
 *   4. d = √s + ε (outside) | √(s + ε) (inside) | √s (none)
 *   5. p ← p − lr·g/d    (lr = lr / (1 + (t−1)·lr_decay) per step)
 *
 * The profile says how step 5 rounds: (lr·g)/d or (g/d)·lr, and whether 1/d is one rsqrt operation.
 */
import type { ElementValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { coupledWeightDecay, decoupledWeightDecay, maximizeGradient } from '../../stages/gradient.js';
import type { AdagradConfig, AdagradProfile, AdagradSlot } from './config.js';
import type { AdagradStepScalars } from './scalars.js';

export interface AdagradStepPlan {
  readonly config: AdagradConfig;
  readonly profile: AdagradProfile;
  readonly weightDecay: AdagradConfig['weightDecayMode'];
  /** Multiply by rsqrt(s [+ ε]) instead of dividing by √(s [+ ε]). Never with eps outside the root. */
  readonly useRsqrt: boolean;
}

export function planAdagradStep(config: AdagradConfig, profile: AdagradProfile): AdagradStepPlan {
  return {
    config,
    profile,
    weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode,
    useRsqrt: profile.root === 'rsqrt' && config.epsPlacement !== 'outside',
  };
}

export function adagradElementStep<T>(A: Arith<T>, plan: AdagradStepPlan, s: AdagradStepScalars<T>, e: ElementValues<T, AdagradSlot>): void {
  const { config: c, profile } = plan;
  const F = profile.fused;
  let { p, g } = e;

  if (c.maximize) g = maximizeGradient(A, g);
  if (plan.weightDecay === 'coupled') g = coupledWeightDecay(A, p, g, s.weightDecay, F.weightDecay);
  else if (plan.weightDecay === 'decoupled') p = decoupledWeightDecay(A, p, s.weightDecay, s.lr);

  const acc = F.accumulate ? A.fma(g, g, e.accumulator) : A.add(e.accumulator, A.mul(g, g));

  let normalize: (x: T) => T;
  if (c.epsPlacement === 'outside') {
    const d = A.add(A.sqrt(acc), s.eps);
    normalize = (x) => A.div(x, d);
  } else {
    const arg = c.epsPlacement === 'inside' ? A.add(acc, s.eps) : acc;
    if (plan.useRsqrt) {
      const r = A.rsqrt(arg);
      normalize = (x) => A.mul(x, r);
    } else {
      const d = A.sqrt(arg);
      normalize = (x) => A.div(x, d);
    }
  }
  const step = profile.lrSite === 'numerator' ? normalize(A.mul(g, s.lr)) : A.mul(normalize(g), s.lr);
  e.p = A.sub(p, step);
  e.g = g;
  e.accumulator = acc;
}
