/** Adadelta's per-step scalars: 1−ρ in double rounded once, or in the dtype from ρ (TF1's `1 - rho()`). */
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import type { AdadeltaConfig } from './config.js';

export const ADADELTA_SCALARS = ['lr', 'negLr', 'rho', 'oneMinusRho', 'eps', 'weightDecay'] as const;
export type AdadeltaScalarName = (typeof ADADELTA_SCALARS)[number];
export type AdadeltaStepScalars<T> = Readonly<Record<AdadeltaScalarName, T>>;

export function adadeltaStepScalars<T>(A: Arith<T>, config: AdadeltaConfig, profile: NumericsProfile, lr: number): AdadeltaStepScalars<T> {
  const held = (name: 'lr' | 'weightDecay', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  lr = held('lr', lr);
  const rho = A.const(config.rho);
  return {
    lr: A.const(lr),
    negLr: A.const(-lr),
    rho,
    oneMinusRho: config.oneMinusRhoInDtype ? A.sub(A.const(1), rho) : A.const(1 - config.rho),
    eps: A.const(config.eps),
    weightDecay: A.const(held('weightDecay', config.weightDecay)),
  };
}
