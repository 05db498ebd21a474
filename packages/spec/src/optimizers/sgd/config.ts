/**
 * The SGD configuration (plain SGD, heavy-ball momentum, Nesterov, dampening, weight decay, maximize):
 * hyperparameters plus independent behaviour flags. Every framework's SGD and momentum optimizer is one
 * point in this space (`presets.ts`); the math the flags select is written once, in `algorithm.ts`
 * (words) and `element-step.ts` (code).
 */
import type { WeightDecayMode } from '../../stages/gradient.js';
import type { NumericsProfile } from '../../numerics/profile.js';

export type { WeightDecayMode } from '../../stages/gradient.js';

/**
 * How the learning rate meets the momentum buffer b:
 * - 'lr-outside': b ← μ·b + (1−d)·g, p ← p − lr·b (torch, TF1 ApplyMomentum, TF.js momentum, optax trace);
 * - 'velocity': b ← μ·b − lr·g, p ← p + b (Keras 3 SGD, TF1 ApplyKerasMomentum): lr inside the buffer,
 *   so the two differ as soon as lr changes between steps.
 */
export type SgdMomentumForm = 'lr-outside' | 'velocity';

/** What the momentum buffer holds after the first step. */
export type SgdFirstBuffer =
  /** b₁ = μ·0 + (1−d)·g: the buffer starts at zeros (Keras, TF1, TF.js, optax). */
  | 'zeros'
  /** b₁ = g, a clone of the first gradient (after weight decay), dampening NOT applied (torch). */
  | 'gradient';

export interface SgdHyperparameters {
  /** Learning rate, ≥ 0 and finite. */
  readonly lr: number;
  /** Momentum μ in [0, 1]; 0 disables the buffer unless `alwaysAllocateMomentum`. */
  readonly momentum: number;
  /** Dampening d in [0, 1] (torch): the buffer adds (1−d)·g. Only with 'lr-outside'. */
  readonly dampening: number;
  /** Weight decay wd ≥ 0, finite; exactly 0 when `weightDecayMode` is 'none'. */
  readonly weightDecay: number;
}

export interface SgdFlags {
  /** Nesterov momentum: the step uses g + μ·b (lr-outside) or μ·b − lr·g (velocity) instead of b. */
  readonly nesterov: boolean;
  /** Maximize the objective: g ← −g first (torch). */
  readonly maximize: boolean;
  readonly weightDecayMode: WeightDecayMode;
  readonly momentumForm: SgdMomentumForm;
  readonly firstBuffer: SgdFirstBuffer;
  /** The buffer exists even when μ = 0 (TF1 MomentumOptimizer, TF.js tf.train.momentum). */
  readonly alwaysAllocateMomentum: boolean;
}

export interface SgdConfig extends SgdHyperparameters, SgdFlags {}

/** SGD's one slot: the momentum buffer (torch `momentum_buffer`, optax `trace`). */
export type SgdSlot = 'momentum';

export const SGD_SLOTS: readonly SgdSlot[] = ['momentum'];

// A type (not an interface) so it is assignable to the generic profile's Record<string, boolean>.
export type SgdFusedSites = {
  /** g ← fma(p, wd, g) (torch `grad.add(param, alpha=wd)`). */
  readonly weightDecay: boolean;
  /** b ← fma(g, 1−d, b·μ) (torch `buf.mul_(μ).add_(g, alpha=1−d)`). */
  readonly momentumBuffer: boolean;
  /** u ← fma(b, μ, g) (torch `grad.add(buf, alpha=μ)`). */
  readonly nesterov: boolean;
  /** p ← fma(u, −lr, p) (torch `param.add_(u, alpha=-lr)`). */
  readonly apply: boolean;
};

export const SGD_NO_FUSION: SgdFusedSites = { weightDecay: false, momentumBuffer: false, nesterov: false, apply: false };

/** How one framework evaluates SGD: the generic profile plus SGD's op-order choice. */
export interface SgdProfile extends NumericsProfile {
  readonly fused: SgdFusedSites;
  /**
   * Nesterov with lr outside the buffer: 'after-sum' p ← p − lr·(g + μ·b) (torch, TF.js, optax) or
   * 'distributed' p ← p − ((g·lr) + ((b·μ)·lr)) (TF1 ApplyMomentum use_nesterov).
   */
  readonly nesterovLr: 'after-sum' | 'distributed';
}
