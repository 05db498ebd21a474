/**
 * One SGD step on one element, over any arithmetic (`Arith`): the spec's formula as code.
 *
 *   1. g ← −g                                                  if maximize
 *   2. g ← g + wd·p (coupled)  |  p ← p − (p·wd)·lr (decoupled)  if wd > 0
 *   3. no buffer:  p ← p − lr·g
 *   4. lr-outside: b ← μ'·b + s·g   (μ' = μ, s = 1−d; torch's first step μ' = 0, s = 1: b₁ = g)
 *                  p ← p − lr·b      (nesterov: p ← p − lr·(g + μ·b), or TF1's p − (g·lr + (b·μ)·lr))
 *      velocity:   b ← μ·b − lr·g;   p ← p + b   (nesterov: p ← p + (μ·b − lr·g))
 *
 * The fused sites (torch) and TF1's distributed Nesterov lr come from the profile. Operand order within
 * a product or sum does not change IEEE bits, so TF.js's (−lr)·b + p and TF1's p − b·lr need no flag.
 */
import type { ElementValues } from '../../contract/descriptor.js';
import type { Arith } from '../../numerics/arith.js';
import { coupledWeightDecay, decoupledWeightDecay, maximizeGradient } from '../../stages/gradient.js';
import type { SgdConfig, SgdProfile, SgdSlot } from './config.js';
import type { SgdStepScalars } from './scalars.js';
import { sgdHasMomentumBuffer } from './slots.js';

export interface SgdStepPlan {
  readonly config: SgdConfig;
  readonly profile: SgdProfile;
  readonly hasMomentum: boolean;
  /** Weight decay is skipped when wd = 0 (0·∞ would turn an infinite p into NaN). */
  readonly weightDecay: SgdConfig['weightDecayMode'];
}

export function planSgdStep(config: SgdConfig, profile: SgdProfile): SgdStepPlan {
  return { config, profile, hasMomentum: sgdHasMomentumBuffer(config), weightDecay: config.weightDecay === 0 ? 'none' : config.weightDecayMode };
}

/** p ← p − lr·x: fma(x, −lr, p) where fused (torch), else p − x·lr (the same bits as (−lr)·x + p). */
function descend<T>(A: Arith<T>, fused: boolean, p: T, x: T, s: SgdStepScalars<T>): T {
  return fused ? A.fma(x, s.negLr, p) : A.sub(p, A.mul(x, s.lr));
}

export function sgdElementStep<T>(A: Arith<T>, plan: SgdStepPlan, s: SgdStepScalars<T>, e: ElementValues<T, SgdSlot>): void {
  const { config: c, profile } = plan;
  const F = profile.fused;
  let { p, g } = e;

  if (c.maximize) g = maximizeGradient(A, g);
  if (plan.weightDecay === 'coupled') g = coupledWeightDecay(A, p, g, s.weightDecay, F.weightDecay);
  else if (plan.weightDecay === 'decoupled') p = decoupledWeightDecay(A, p, s.weightDecay, s.lr);

  if (!plan.hasMomentum) {
    e.p = descend(A, F.apply, p, g, s);
    e.g = g;
    return;
  }
  const b = e.momentum;
  if (c.momentumForm === 'velocity') {
    const nb = A.sub(A.mul(b, s.momentum), A.mul(g, s.lr));
    e.p = A.add(p, c.nesterov ? A.sub(A.mul(nb, s.momentum), A.mul(g, s.lr)) : nb);
    e.momentum = nb;
    e.g = g;
    return;
  }
  // lr-outside
  const nb = F.momentumBuffer ? A.fma(g, s.bufferScale, A.mul(b, s.bufferMomentum)) : A.add(A.mul(b, s.bufferMomentum), A.mul(g, s.bufferScale));
  if (!c.nesterov) e.p = descend(A, F.apply, p, nb, s);
  else if (profile.nesterovLr === 'distributed') e.p = A.sub(p, A.add(A.mul(g, s.lr), A.mul(A.mul(nb, s.momentum), s.lr)));
  else e.p = descend(A, F.apply, p, F.nesterov ? A.fma(nb, s.momentum, g) : A.add(g, A.mul(nb, s.momentum)), s);
  e.momentum = nb;
  e.g = g;
}
