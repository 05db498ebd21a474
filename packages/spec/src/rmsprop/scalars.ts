/**
 * Hyperparameters as the dtype sees them.
 *
 * Frameworks receive Python or JS doubles and cast them to the tensor dtype; where 1−ρ is formed decides
 * its bits: torch, Keras, TF.js and optax subtract in double and round once, TF1's raw op rounds ρ first
 * and subtracts in float32 (`oneMinusRhoInDtype`). For ρ = 0.9 the two float32 values differ by 1 ulp.
 */
import type { Arith } from '../numerics/arith.js';
import type { NumericsProfile } from '../numerics/profile.js';
import type { RmspropConfig } from './config.js';

export interface StepScalars<T> {
  readonly lr: T;
  readonly negLr: T;
  readonly rho: T;
  readonly oneMinusRho: T;
  /** torch `lerp_` weight w = 1−ρ: below ½ it computes m̄ + w·(g − m̄), else g + (w − 1)·(g − m̄). */
  readonly lerpFromStart: boolean;
  readonly oneMinusRhoMinusOne: T;
  readonly eps: T;
  readonly momentum: T;
  readonly weightDecay: T;
  /** 1 − ρᵗ for optax's bias correction (t = the step being taken). */
  readonly biasCorrection: T;
}

export function stepScalars<T>(
  A: Arith<T>,
  config: RmspropConfig,
  profile: NumericsProfile,
  lr: number,
  t: number,
): StepScalars<T> {
  const held = (name: 'lr' | 'weightDecay', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  lr = held('lr', lr);
  const rho = A.const(config.rho);
  const oneMinusRho = config.oneMinusRhoInDtype ? A.sub(A.const(1), rho) : A.const(1 - config.rho);
  // torch computes w in float (its opmath for float32) from the double 1−α; the branch tests that value.
  const w = Math.fround(1 - config.rho);
  return {
    lr: A.const(lr),
    negLr: A.const(-lr),
    rho,
    oneMinusRho,
    lerpFromStart: w < 0.5,
    oneMinusRhoMinusOne: A.sub(oneMinusRho, A.const(1)),
    eps: A.const(config.eps),
    momentum: A.const(config.momentum),
    weightDecay: A.const(held('weightDecay', config.weightDecay)),
    // optax: 1 − ρᵗ in the dtype, from ρ already cast (XLA's pow; its error is in the declared accuracy).
    biasCorrection: A.sub(A.const(1), A.pow(rho, t)),
  };
}
