/**
 * The Adam configuration (AdamW shares it: `../adamw`): hyperparameters plus independent behaviour flags.
 *
 * Every framework's Adam and AdamW is one point in this space (`presets.ts`). The flags say WHAT is
 * computed (they differ in real arithmetic, or under overflow); the numerics profile (`AdamProfile`) says
 * in which order and with which roundings (they agree in real arithmetic). The math is written once, in
 * `algorithm.ts` (words) and `element-step.ts` (code).
 */
import type { AverageForm } from '../../stages/moving-average.js';
import type { NumericsProfile } from '../../numerics/profile.js';

/**
 * Where ε enters relative to the bias correction of v.
 * - 'corrected': d = √v̂ + ε with v̂ = v/(1−β2ᵗ) (torch, TF.js, optax; the paper's Algorithm 1).
 * - 'uncorrected': ε is added to the uncorrected √v and both corrections are folded into the step size,
 *   α = lr·√(1−β2ᵗ)/(1−β1ᵗ), p ← p − α·m/(√v + ε̂): the paper's "epsilon hat" (TF1 ApplyAdam, Keras 3).
 *   Equal to 'corrected' with ε = ε̂/√(1−β2ᵗ): 31.6·ε̂ at t = 1 with β2 = 0.999.
 */
export type AdamEpsPlacement = 'corrected' | 'uncorrected';

/**
 * How weight decay wd enters (every form is skipped when wd = 0).
 * - 'coupled': g ← g + wd·p, L2 in the gradient (torch Adam `weight_decay`).
 * - 'decoupled': p ← p − (p·wd)·lr on the pre-step p (Keras 3 Adam and AdamW; the shared stage).
 * - 'decoupled-scale': p ← p·(1 − lr·wd) on the pre-step p, 1 − lr·wd formed as the scalars are (torch
 *   AdamW, Adam `decoupled_weight_decay=True`).
 * - 'decoupled-update': the decay joins the update, p ← p − lr·(u + wd·p) (optax adamw's
 *   add_decayed_weights before scale_by_learning_rate).
 * The three decoupled forms are equal in real arithmetic (p·(1 − lr·wd) − lr·u) and round differently.
 */
export type AdamWeightDecayMode = 'none' | 'coupled' | 'decoupled' | 'decoupled-scale' | 'decoupled-update';

export interface AdamHyperparameters {
  /** Learning rate, ≥ 0 and finite. */
  readonly lr: number;
  /** First-moment decay β1 (torch `betas[0]`, Keras `beta_1`, TF `beta1`, optax `b1`), in [0, 1). */
  readonly beta1: number;
  /** Second-moment decay β2, in [0, 1). */
  readonly beta2: number;
  /** ε > 0, finite (ε̂ when `epsPlacement` is 'uncorrected'). */
  readonly eps: number;
  /** optax `eps_root`: ε inside the root, d = √(v̂ + ε_root) + ε. ≥ 0, finite; 0 everywhere else. */
  readonly epsRoot: number;
  /** Weight decay wd, ≥ 0 and finite; exactly 0 when `weightDecayMode` is 'none'. */
  readonly weightDecay: number;
}

export interface AdamFlags {
  readonly epsPlacement: AdamEpsPlacement;
  /** AMSGrad: divide by the running maximum of the second moment instead of the second moment. */
  readonly amsgrad: boolean;
  /**
   * What AMSGrad's maximum is taken of: 'raw' v, then corrected like v (torch `max_exp_avg_sq`, Keras
   * `velocity_hat`, TF1 ApplyAdamWithAmsgrad `vhat`), or 'corrected' v̂ = v/(1−β2ᵗ) (optax `nu_max`).
   * Since 1−β2ᵗ grows with t, max of v̂ forgets an early large v faster than max of v.
   */
  readonly amsgradMaximum: 'raw' | 'corrected';
  /** Nesterov momentum in the numerator (`nesterovForm` says which). */
  readonly nesterov: boolean;
  /**
   * - 'tf1': ApplyAdam `use_nesterov`: the numerator is (1−β1)·g + β1·m (m already updated), corrected
   *   with 1−β1ᵗ like m.
   * - 'optax': scale_by_adam `nesterov`: m̂ = β1·m/(1−β1ᵗ⁺¹) + (1−β1)·g/(1−β1ᵗ) (Dozat's NAdam).
   */
  readonly nesterovForm: 'tf1' | 'optax';
  readonly weightDecayMode: AdamWeightDecayMode;
  /** Maximize the objective: g ← −g first (torch). */
  readonly maximize: boolean;
  /**
   * The algebraic form of both moment updates: 'ema' m ← β·m + (1−β)·x (torch, TF.js, optax) or
   * 'increment' m ← m + (x − m)·(1−β) (TF1 ApplyAdam, Keras 3). Under overflow they differ: when g² = ∞
   * the increment form gives v = ∞ − ∞ = NaN one step later (the 1e20-gradient traces).
   */
  readonly momentForm: AverageForm;
  /** Whether 1−β is computed in the dtype from β already rounded (TF1 raw ops) rather than in float64 and rounded once. */
  readonly oneMinusBetaInDtype: boolean;
}

export interface AdamConfig extends AdamHyperparameters, AdamFlags {}

/** Adam's slots: the first moment m, the second moment v, AMSGrad's running maximum. */
export type AdamSlot = 'firstMoment' | 'secondMoment' | 'maxSecondMoment';

/** The canonical slot order: state files, weights lists and GPU buffers all follow it. */
export const ADAM_SLOTS: readonly AdamSlot[] = ['firstMoment', 'secondMoment', 'maxSecondMoment'];

/** Sites of Adam's formula a framework may fuse into one fma (one rounding instead of two). */
// A type (not an interface) so it is assignable to the generic profile's Record<string, boolean>.
export type AdamFusedSites = {
  /** coupled decay g ← fma(p, wd, g) (torch `grad.add(param, alpha=wd)`). */
  readonly weightDecay: boolean;
  /** ema: v ← fma((1−β2)·g, g, v·β2) (torch `mul_(β2).addcmul_(g, g, value=1−β2)`); increment: fma(g² − v, 1−β2, v). */
  readonly secondMoment: boolean;
};

export const NO_ADAM_FUSION: AdamFusedSites = { weightDecay: false, secondMoment: false };

/**
 * How a framework forms β1ᵗ and β2ᵗ (all equal in real arithmetic):
 * - 'float64': in double, and every step scalar derived from them (step size, √(1−β2ᵗ), 1 − lr·wd) too,
 *   each rounded once to the dtype (torch: Python floats);
 * - 'pow': pow(β, t) in the dtype, from β already cast (Keras 3 `ops.power` = glibc powf; optax/XLA pow,
 *   whose error is in XLA_CPU's declared accuracy);
 * - 'product': the running product β·β·…·β of t multiplications in the dtype, starting from β (TF1
 *   AdamOptimizer's `beta1_power` variables, TF.js `accBeta1`).
 */
export type BetaPowerForm = 'float64' | 'pow' | 'product';

/**
 * Where the corrections are applied when ε is 'corrected' (ε 'uncorrected' always folds them into the
 * step size α = (lr·√(1−β2ᵗ))/(1−β1ᵗ)):
 * - 'step-size': p ← p + ((−lr/(1−β1ᵗ))·m)/(√v/√(1−β2ᵗ) + ε) (torch: `addcdiv_(m, denom, value=-step_size)`);
 * - 'divide': m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ) (TF.js);
 * - 'reciprocal': m̂ = m·(1/(1−β1ᵗ)), v̂ = v·(1/(1−β2ᵗ)) (optax: XLA turns the jitted division by a scalar
 *   into a multiplication by its reciprocal).
 */
export type CorrectionSite = 'step-size' | 'divide' | 'reciprocal';

/** How one framework evaluates Adam: the generic profile plus Adam's op-order choices. */
export interface AdamProfile extends NumericsProfile {
  readonly fused: AdamFusedSites;
  readonly betaPower: BetaPowerForm;
  readonly correctionSite: CorrectionSite;
  /** The first moment's update: like the second (`momentForm`, unfused), or torch's `lerp_` (an fma either side of ½). */
  readonly firstMomentUpdate: 'like-second' | 'lerp';
}
