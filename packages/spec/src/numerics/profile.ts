/**
 * A numerics profile: how one framework evaluates the spec's formula in floating point.
 *
 * The config (`config.ts`) says WHAT is computed; the profile says in which ORDER, which sites are fused
 * into one rounding, and how accurate each operation of that framework is declared to be. Bit-exactness
 * needs both; tolerances are derived from the accuracy table, never typed in as atol/rtol.
 */

import type { SubnormalMode } from './arith.js';

/** Sites of the formula that a framework may fuse into one fma (one rounding instead of two). */
export interface FusedSites {
  /** g ← fma(p, wd, g) (torch `grad.add(param, alpha=wd)`). */
  readonly weightDecay: boolean;
  /** ema: v ← fma((1−ρ)·g, g, ρ·v) (torch `addcmul_`); increment: v ← fma(g² − v, 1−ρ, v) (timm `add_(…, alpha=)`). */
  readonly meanSquare: boolean;
  /** increment-form centered mean m̄ ← fma(g − m̄, 1−ρ, m̄) (timm). torch's lerp is `meanGradUpdate: 'lerp'`. */
  readonly meanGrad: boolean;
  /** v − m̄² as fma(−m̄, m̄, v) (torch, timm `addcmul(…, value=-1)`). */
  readonly centeredVariance: boolean;
  /** p ← fma(b, −lr, p) (torch `param.add_(buf, alpha=-lr)`). */
  readonly momentumApply: boolean;
}

/** Declared accuracy of one operation, in ulps of the exact result; 0 means correctly rounded. */
export type Ulps = number;

export interface OpAccuracy {
  readonly add: Ulps;
  readonly sub: Ulps;
  readonly mul: Ulps;
  readonly div: Ulps;
  readonly sqrt: Ulps;
  readonly rsqrt: Ulps;
  readonly fma: Ulps;
  readonly pow: Ulps;
  /** Where each number comes from: the framework's documentation, or a measurement we recorded. */
  readonly source: string;
}

export const CORRECTLY_ROUNDED: OpAccuracy = {
  add: 0,
  sub: 0,
  mul: 0,
  div: 0,
  sqrt: 0,
  rsqrt: 0,
  fma: 0,
  pow: 0,
  source: 'IEEE 754: every operation correctly rounded to nearest even',
};

export interface NumericsProfile {
  /**
   * Where lr multiplies: 'numerator' = (lr·g)/d (Keras 3, TF1, TF.js; torch's plain step (−lr·g)/d is the
   * same bits), or 'after-normalize' = (g·(1/d))·(−lr) (optax's chain: scale_by_rms, then scale(−lr)).
   */
  readonly lrSite: 'numerator' | 'after-normalize';
  /**
   * 'sqrt': divide by d. 'rsqrt': multiply by a reciprocal, as optax does: rsqrt(s + ε) when eps is
   * inside the root, 1/(√s + ε) when it is outside.
   */
  readonly root: 'sqrt' | 'rsqrt';
  /** The centered mean's update: same form as the mean square, or torch's `lerp_` (an fma either side of 0.5). */
  readonly meanGradUpdate: 'like-mean-square' | 'lerp';
  readonly fused: FusedSites;
  /**
   * Hyperparameters the framework stores in float32 variables whatever the tensor dtype (Keras 3 keeps
   * learning_rate and weight_decay in float32; in float64 they arrive as float64 copies of float32 values).
   */
  readonly float32Scalars: readonly ('lr' | 'weightDecay')[];
  /** Whether the framework's CPU threads flush subnormals (FTZ + DAZ): TensorFlow and XLA do. */
  readonly subnormals: SubnormalMode;
  /** Declared per-op accuracy, per dtype. */
  readonly accuracy: { readonly float32: OpAccuracy; readonly float64: OpAccuracy };
}

export const NO_FUSION: FusedSites = {
  weightDecay: false,
  meanSquare: false,
  meanGrad: false,
  centeredVariance: false,
  momentumApply: false,
};

/**
 * How many grid steps a result may sit from the correctly rounded one, given "within k ulp of the exact
 * result". Values within k ulp of x lie at most ⌊k + ½⌋ steps from round(x); k = 0 (or ½) is exact.
 */
export function gridSteps(k: Ulps): number {
  return k <= 0.5 ? 0 : Math.floor(k + 0.5);
}

/** The per-op maximum of two accuracy tables: what both a framework and a backend may do. */
export function combineAccuracy(a: OpAccuracy, b: OpAccuracy): OpAccuracy {
  return {
    add: Math.max(a.add, b.add),
    sub: Math.max(a.sub, b.sub),
    mul: Math.max(a.mul, b.mul),
    div: Math.max(a.div, b.div),
    sqrt: Math.max(a.sqrt, b.sqrt),
    rsqrt: Math.max(a.rsqrt, b.rsqrt),
    fma: Math.max(a.fma, b.fma),
    pow: Math.max(a.pow, b.pow),
    source: a.source === b.source ? a.source : `${a.source}; ${b.source}`,
  };
}
