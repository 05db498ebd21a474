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
// Adam's further decoupled forms (torch AdamW's p·(1 − lr·wd), optax's lr·(u + wd·p)) are below.

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

/** p ← p·(1 − lr·wd) on the parameter before the step (torch AdamW `param.mul_(1 - lr * weight_decay)`); `factor` = 1 − lr·wd. */
export function scaledWeightDecay<T>(A: Arith<T>, p: T, factor: T): T {
  return A.mul(p, factor);
}

/** u ← u + wd·p: the decay joins the update before the learning rate scales it (optax `add_decayed_weights`). */
export function decayIntoUpdate<T>(A: Arith<T>, u: T, p: T, wd: T): T {
  return A.add(u, A.mul(wd, p));
}
