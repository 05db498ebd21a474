/**
 * The Adadelta configuration: hyperparameters plus independent behaviour flags. Every framework's
 * Adadelta is one point in this space (`presets.ts`); the math is in `algorithm.ts` and `element-step.ts`.
 */
import type { NumericsProfile } from '../../numerics/profile.js';
import type { WeightDecayMode } from '../../stages/gradient.js';

/** Which mean square of gradients divides the update. */
export type AdadeltaDenominator =
  /** This step's E_g, updated with g² first (torch, Keras 3, TF1, optax). */
  | 'updated'
  /** The previous step's E_g (TF.js): the first step is exactly p − lr·g. */
  | 'previous';

export interface AdadeltaHyperparameters {
  /** Learning rate ≥ 0, finite: 1.0 torch, 1e-3 Keras/TF1/TF.js; ignored when `scaleByLearningRate` is false. */
  readonly lr: number;
  /** Decay ρ of both averages, in [0, 1]. */
  readonly rho: number;
  /** ε ≥ 0, finite, inside both roots. */
  readonly eps: number;
  /** Weight decay wd ≥ 0, finite; exactly 0 when `weightDecayMode` is 'none'. */
  readonly weightDecay: number;
}

export interface AdadeltaFlags {
  readonly denominator: AdadeltaDenominator;
  readonly weightDecayMode: WeightDecayMode;
  /** Maximize the objective: g ← −g first (torch). */
  readonly maximize: boolean;
  /**
   * true: p ← p − lr·δ. false: optax's `learning_rate=None`: p ← p + δ, neither scaled nor negated, so the
   * step climbs the gradient.
   */
  readonly scaleByLearningRate: boolean;
  /** 1−ρ computed in the dtype from ρ already rounded (TF1 raw op) rather than in float64 and rounded once. */
  readonly oneMinusRhoInDtype: boolean;
}

export interface AdadeltaConfig extends AdadeltaHyperparameters, AdadeltaFlags {}

/** E_g, the mean square of gradients, and E_x, the mean square of updates (torch `square_avg`, `acc_delta`). */
export type AdadeltaSlot = 'gradSquareAvg' | 'deltaSquareAvg';
export const ADADELTA_SLOTS: readonly AdadeltaSlot[] = ['gradSquareAvg', 'deltaSquareAvg'];

export type AdadeltaFusedSites = {
  /** g ← fma(p, wd, g) (torch). */
  readonly weightDecay: boolean;
  /** E_g ← fma((1−ρ)·g, g, E_g·ρ) (torch `addcmul_`). */
  readonly gradSquareAvg: boolean;
  /** E_x ← fma((1−ρ)·δ, δ, E_x·ρ) (torch `addcmul_`). */
  readonly deltaSquareAvg: boolean;
  /** p ← fma(δ, −lr, p) (torch `param.add_(delta, alpha=-lr)`). */
  readonly apply: boolean;
};

export const ADADELTA_NO_FUSION: AdadeltaFusedSites = { weightDecay: false, gradSquareAvg: false, deltaSquareAvg: false, apply: false };

export interface AdadeltaProfile extends NumericsProfile {
  readonly fused: AdadeltaFusedSites;
  /**
   * How δ = √(E_x + ε)/√(E_g + ε)·g rounds: 'ratio' (√(E_x+ε)/√(E_g+ε))·g (torch, TF.js, optax);
   * 'rsqrt-ratio' (√(E_x+ε)·rsqrt(E_g+ε))·g (TF1, Eigen's rsqrt); 'grad-first' (√(E_x+ε)·g)/√(E_g+ε) (Keras 3).
   */
  readonly deltaOrder: 'ratio' | 'rsqrt-ratio' | 'grad-first';
}
