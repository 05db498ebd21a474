/**
 * The Adagrad configuration: hyperparameters plus independent behaviour flags. Every framework's Adagrad
 * is one point in this space (`presets.ts`); the math is written once in `algorithm.ts` and `element-step.ts`.
 */
import type { NumericsProfile } from '../../numerics/profile.js';
import type { WeightDecayMode } from '../../stages/gradient.js';

/** Where eps enters the denominator. */
export type AdagradEpsPlacement =
  /** d = √s + ε (torch, TF1 ApplyAdagradV2). */
  | 'outside'
  /** d = √(s + ε) (Keras 3, TF.js, optax). */
  | 'inside'
  /** d = √s, no eps (TF1 ApplyAdagrad, what AdagradOptimizer runs): s = 0 and g = 0 give 0·∞ = NaN. */
  | 'none';

export interface AdagradHyperparameters {
  /** Learning rate, ≥ 0 and finite. */
  readonly lr: number;
  /** ε ≥ 0, finite; exactly 0 when `epsPlacement` is 'none'. */
  readonly eps: number;
  /** s₀, the accumulator's initial value: 0 (torch) or 0.1 (Keras, TF1, TF.js, optax). Finite, ≥ 0. */
  readonly initialAccumulator: number;
  /** torch `lr_decay`: step t uses lr / (1 + (t − 1)·lr_decay), formed in float64. Finite, ≥ 0. */
  readonly lrDecay: number;
  /** Weight decay wd ≥ 0, finite; exactly 0 when `weightDecayMode` is 'none'. */
  readonly weightDecay: number;
}

export interface AdagradFlags {
  readonly epsPlacement: AdagradEpsPlacement;
  readonly weightDecayMode: WeightDecayMode;
  /** Maximize the objective: g ← −g first (torch). */
  readonly maximize: boolean;
}

export interface AdagradConfig extends AdagradHyperparameters, AdagradFlags {}

/** Adagrad's one slot: the sum of squared gradients s (torch `sum`, optax `sum_of_squares`). */
export type AdagradSlot = 'accumulator';
export const ADAGRAD_SLOTS: readonly AdagradSlot[] = ['accumulator'];

export type AdagradFusedSites = {
  /** g ← fma(p, wd, g) (torch `grad.add(param, alpha=wd)`). */
  readonly weightDecay: boolean;
  /** s ← fma(g, g, s) (torch `addcmul_(g, g, value=1)`). */
  readonly accumulate: boolean;
};

export const ADAGRAD_NO_FUSION: AdagradFusedSites = { weightDecay: false, accumulate: false };

export interface AdagradProfile extends NumericsProfile {
  readonly fused: AdagradFusedSites;
  /** 'numerator': p − (lr·g)/d (torch, Keras, TF1); 'after-normalize': p − (g/d)·lr (TF.js, optax). */
  readonly lrSite: 'numerator' | 'after-normalize';
  /**
   * 'sqrt': divide by d. 'rsqrt': multiply by rsqrt(s + ε) (or rsqrt(s) without eps) as one operation
   * (TF1 ApplyAdagrad, optax). With eps outside the root the framework divides by √s + ε either way.
   */
  readonly root: 'sqrt' | 'rsqrt';
}
