/**
 * The RMSprop configuration: hyperparameters plus independent behaviour flags.
 *
 * Every framework's RMSprop is one point in this space (see `presets.ts`). The flags are independent:
 * any combination is a valid optimizer, even ones no framework ships. The math they select is written
 * once, in `algorithm.ts` (formulas) and `element-step.ts` (the same formulas as code).
 */
import type { AverageForm } from '../../stages/moving-average.js';
import type { MomentumForm } from '../../stages/momentum.js';
import type { WeightDecayMode } from '../../stages/gradient.js';
import type { NumericsProfile } from '../../numerics/profile.js';

/** Where eps enters the denominator d. */
export type EpsPlacement =
  /** d = √v̂ + ε (torch, Caffe, textbook, optax `eps_in_sqrt=False`). */
  | 'outside'
  /** d = √(v̂ + ε) (Keras 3, TF1, optax default, timm, MXNet fused, Lasagne, tutorial). */
  | 'inside'
  /** d = √(v − (m̄² + ε)) when centered, √(v + ε) otherwise: TF.js's centered quirk, eps subtracted. */
  | 'inside-subtracted';

/**
 * How the learning rate and the momentum buffer b combine (shared stage, `stages/momentum.ts`), with
 * x = g/d: lr-outside b ← μ·b + g/d, p ← p − lr·b (torch); lr-inside b ← μ·b + lr·g/d, p ← p − b (Keras 3,
 * TF1, TF.js, timm); optax-trace t ← μ·t − lr·(g/d), p ← p + t; graves b ← μ·b − lr·g/d, p ← p + b (MXNet).
 */
export type { MomentumForm } from '../../stages/momentum.js';

/** How weight decay wd enters (shared stage, `stages/gradient.ts`). */
export type { WeightDecayMode } from '../../stages/gradient.js';

/**
 * The algebraic form of the mean-square (and centered mean) update (shared stage,
 * `stages/moving-average.ts`): 'ema' v ← ρ·v + (1−ρ)·g² (torch, Keras 3, TF.js, optax; stays +inf when g²
 * overflows) or 'increment' v ← v + (g² − v)·(1−ρ) (TF1 raw ops, timm; inf − inf = NaN a step later).
 */
export type MeanSquareForm = AverageForm;

export interface RmspropHyperparameters {
  /** Learning rate, ≥ 0 and finite. */
  readonly lr: number;
  /** Mean-square decay ρ (torch `alpha`, Keras `rho`, TF `decay`), in [0, 1]. */
  readonly rho: number;
  /** ε > 0, finite. */
  readonly eps: number;
  /** Momentum μ, in [0, 1] (Keras accepts 1). 0 disables the buffer unless the preset always allocates it. */
  readonly momentum: number;
  /** Weight decay wd, ≥ 0 and finite; ignored when `weightDecayMode` is 'none' (must then be 0). */
  readonly weightDecay: number;
}

export interface RmspropFlags {
  readonly centered: boolean;
  readonly epsPlacement: EpsPlacement;
  /** v₀: 0 for most frameworks, 1 for TF1 and timm (optax `initial_scale`). Finite, ≥ 0. */
  readonly initialMeanSquare: number;
  readonly momentumForm: MomentumForm;
  /** Nesterov momentum in optax's form: u ← μ·t_new + (−lr·g/d) after the trace update. Needs 'optax-trace'. */
  readonly nesterov: boolean;
  readonly weightDecayMode: WeightDecayMode;
  /** Maximize the objective: g ← −g first (torch). */
  readonly maximize: boolean;
  /** optax `bias_correction`: v̂ = v / (1 − ρᵗ) (and m̄ likewise) before the denominator. */
  readonly biasCorrection: boolean;
  readonly meanSquareForm: MeanSquareForm;
  /**
   * Whether 1−ρ is computed in the working dtype from ρ already rounded to it (TF1 raw ops)
   * rather than in float64 and rounded once (torch, Keras, optax, TF.js: Python/JS doubles).
   */
  readonly oneMinusRhoInDtype: boolean;
  /** Whether the momentum buffer exists even when momentum = 0 (TF1, TF.js, Keras: only when > 0). */
  readonly alwaysAllocateMomentum: boolean;
}

export interface RmspropConfig extends RmspropHyperparameters, RmspropFlags {}

/** RMSprop's slots: the mean square v, the centered mean m̄, the momentum buffer b (optax's trace). */
export type RmspropSlot = 'meanSquare' | 'meanGrad' | 'momentum';

/** The canonical slot order: state files, weights lists and GPU buffers all follow it. */
export const RMSPROP_SLOTS: readonly RmspropSlot[] = ['meanSquare', 'meanGrad', 'momentum'];

/** Sites of RMSprop's formula a framework may fuse into one fma (one rounding instead of two). */
// A type (not an interface) so it is assignable to the generic profile's Record<string, boolean>.
export type RmspropFusedSites = {
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
};

export const NO_FUSION: RmspropFusedSites = {
  weightDecay: false,
  meanSquare: false,
  meanGrad: false,
  centeredVariance: false,
  momentumApply: false,
};

/** How one framework evaluates RMSprop: the generic profile plus RMSprop's op-order choices. */
export interface RmspropProfile extends NumericsProfile {
  readonly fused: RmspropFusedSites;
  /**
   * Where lr multiplies: 'numerator' = (lr·g)/d (Keras 3, TF1, TF.js; torch's plain step (−lr·g)/d is the
   * same bits), 'after-normalize' = (g·(1/d))·(−lr) (optax's chain: scale_by_rms, then scale(−lr)), or
   * 'lr-over-denominator' = ((1/d)·lr)·g: code written `lr / torch.sqrt(v + eps) * g`, which torch
   * evaluates as the tensor's reciprocal times lr (`Tensor.__rdiv__` is `self.reciprocal() * other`),
   * then times g: three roundings where the numerator form has two.
   */
  readonly lrSite: 'numerator' | 'after-normalize' | 'lr-over-denominator';
  /**
   * 'sqrt': divide by d. 'rsqrt': multiply by a reciprocal, as optax does: rsqrt(s + ε) when eps is
   * inside the root, 1/(√s + ε) when it is outside.
   */
  readonly root: 'sqrt' | 'rsqrt';
  /**
   * The unfused ema term (1−ρ)·g²: 'square-then-scale' (1−ρ)·(g·g) (the frameworks, and torch's
   * `(1 - alpha) * g**2`), or 'scale-then-square' ((1−ρ)·g)·g, what numpy makes of `(1 - rho) * g * g`
   * (left to right; the textbook class). Absent means 'square-then-scale'.
   */
  readonly squareProduct?: 'square-then-scale' | 'scale-then-square';
  /** The centered mean's update: same form as the mean square, or torch's `lerp_` (an fma either side of 0.5). */
  readonly meanGradUpdate: 'like-mean-square' | 'lerp';
}
