/**
 * RMSprop's hyperparameters as the dtype sees them: the per-step scalars of `element-step.ts`.
 *
 * Frameworks receive Python or JS doubles and cast them to the tensor dtype; where 1−ρ is formed decides
 * its bits: torch, Keras, TF.js and optax subtract in double and round once, TF1's raw op rounds ρ first
 * and subtracts in float32 (`oneMinusRhoInDtype`). For ρ = 0.9 the two float32 values differ by 1 ulp.
 */
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import { biasCorrectionScalar } from '../../stages/bias-correction.js';
import type { RmspropConfig } from './config.js';

/** The scalars, in the order a compiled kernel reads them from its scalar block. */
export const RMSPROP_SCALARS = [
  'lr',
  'negLr',
  'rho',
  'oneMinusRho',
  'oneMinusRhoMinusOne',
  'eps',
  'momentum',
  'weightDecay',
  'biasCorrection',
] as const;
export type RmspropScalarName = (typeof RMSPROP_SCALARS)[number];

export type StepScalars<T> = Readonly<Record<RmspropScalarName, T>>;

export function stepScalars<T>(A: Arith<T>, config: RmspropConfig, profile: NumericsProfile, lr: number, t: number): StepScalars<T> {
  const held = (name: 'lr' | 'weightDecay', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  lr = held('lr', lr);
  const rho = A.const(config.rho);
  const oneMinusRho = config.oneMinusRhoInDtype ? A.sub(A.const(1), rho) : A.const(1 - config.rho);
  return {
    lr: A.const(lr),
    negLr: A.const(-lr),
    rho,
    oneMinusRho,
    // torch `lerp_` with weight w = 1−ρ uses w − 1 on one branch.
    oneMinusRhoMinusOne: A.sub(oneMinusRho, A.const(1)),
    eps: A.const(config.eps),
    momentum: A.const(config.momentum),
    weightDecay: A.const(held('weightDecay', config.weightDecay)),
    // optax: 1 − ρᵗ in the dtype, from ρ already cast (XLA's pow; its error is in the declared accuracy).
    biasCorrection: biasCorrectionScalar(A, rho, t),
  };
}
