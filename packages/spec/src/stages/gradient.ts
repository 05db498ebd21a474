/**
 * Gradient transforms every optimizer family shares, applied before its own update, in this order:
 * maximize (torch `maximize`), then weight decay. Frameworks skip weight decay entirely when wd = 0
 * (it would turn an infinite p into NaN through 0·∞), so callers only call these when wd > 0.
 */
import type { Arith } from '../numerics/arith.js';

/** How weight decay wd enters. */
export type WeightDecayMode =
  | 'none'
  /** g ← g + wd·p before everything else (after `maximize`): torch, Caffe, MXNet, timm. */
  | 'coupled'
  /** p ← p − (p·wd)·lr before the step, g untouched: Keras 3 ("decoupled", AdamW-style). */
  | 'decoupled';

/** g ← −g: maximize the objective (torch). Negation is exact. */
export function maximizeGradient<T>(A: Arith<T>, g: T): T {
  return A.neg(g);
}

/** g ← g + wd·p, or fma(p, wd, g) where the framework fuses it (torch `grad.add(param, alpha=wd)`). */
export function coupledWeightDecay<T>(A: Arith<T>, p: T, g: T, wd: T, fused: boolean): T {
  return fused ? A.fma(p, wd, g) : A.add(g, A.mul(wd, p));
}

/** p ← p − (p·wd)·lr on the parameter before the step (Keras 3 `p - p * wd * lr`). */
export function decoupledWeightDecay<T>(A: Arith<T>, p: T, wd: T, lr: T): T {
  return A.sub(p, A.mul(A.mul(p, wd), lr));
}
