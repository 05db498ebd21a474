/**
 * The RMSprop configuration: hyperparameters plus independent behaviour flags.
 *
 * Every framework's RMSprop is one point in this space (see `presets.ts`). The flags are independent:
 * any combination is a valid optimizer, even ones no framework ships. The math they select is written
 * once, in `algorithm.ts` (formulas) and `element-step.ts` (the same formulas as code).
 */

/** Where eps enters the denominator d. */
export type EpsPlacement =
  /** d = √v̂ + ε (torch, Caffe, textbook, optax `eps_in_sqrt=False`). */
  | 'outside'
  /** d = √(v̂ + ε) (Keras 3, TF1, optax default, timm, MXNet fused, Lasagne, tutorial). */
  | 'inside'
  /** d = √(v − (m̄² + ε)) when centered, √(v + ε) otherwise: TF.js's centered quirk, eps subtracted. */
  | 'inside-subtracted';

/** How the learning rate and the momentum buffer b combine. Only matters when momentum > 0 or lr changes. */
export type MomentumForm =
  /** b ← μ·b + g/d; p ← p − lr·b (torch). */
  | 'lr-outside'
  /** b ← μ·b + lr·g/d; p ← p − b (Keras 3, TF1, TF.js, timm default). */
  | 'lr-inside'
  /** t ← μ·t − lr·(g/d); p ← p + t: lr inside with the sign folded into the trace (optax `trace`). */
  | 'optax-trace'
  /** b ← μ·b − lr·g/d; p ← p + b: MXNet's centered (Graves) form, sign folded, lr inside. */
  | 'graves';

/** How weight decay wd enters. */
export type WeightDecayMode =
  | 'none'
  /** g ← g + wd·p before everything else (after `maximize`): torch, Caffe, MXNet, timm default. */
  | 'coupled'
  /** p ← p − (p·wd)·lr before the step, g untouched: Keras 3 (AdamW-style, "decoupled"). */
  | 'decoupled';

/** The algebraic form of the mean-square (and centered mean) update. Different float32 results, and different overflow. */
export type MeanSquareForm =
  /** v ← ρ·v + (1−ρ)·g²: torch, Keras 3, TF.js, optax. Stays +inf when g² overflows. */
  | 'ema'
  /** v ← v + (g² − v)·(1−ρ): TF1 raw ops, timm. inf − inf = NaN at the step after g² overflows. */
  | 'increment';

export interface RmspropHyperparameters {
  /** Learning rate, ≥ 0 and finite. */
  readonly lr: number;
  /** Mean-square decay ρ (torch `alpha`, Keras `rho`, TF `decay`), in [0, 1]. */
  readonly rho: number;
  /** ε > 0, finite. */
  readonly eps: number;
  /** Momentum μ, in [0, 1). 0 disables the buffer unless the preset always allocates it. */
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

export type Dtype = 'float32' | 'float64';
