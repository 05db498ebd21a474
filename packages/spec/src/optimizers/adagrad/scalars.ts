/**
 * Adagrad's per-step scalars. torch's `lr_decay` makes the learning rate depend on the step:
 * clr = lr / (1 + (t − 1)·lr_decay), in float64 (Python), then cast once to the dtype.
 */
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import type { AdagradConfig } from './config.js';

export const ADAGRAD_SCALARS = ['lr', 'eps', 'weightDecay'] as const;
export type AdagradScalarName = (typeof ADAGRAD_SCALARS)[number];
export type AdagradStepScalars<T> = Readonly<Record<AdagradScalarName, T>>;

export function adagradStepScalars<T>(A: Arith<T>, config: AdagradConfig, profile: NumericsProfile, lr: number, t: number): AdagradStepScalars<T> {
  const held = (name: 'lr' | 'weightDecay', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  const base = held('lr', lr);
  return {
    lr: A.const(config.lrDecay === 0 ? base : base / (1 + (t - 1) * config.lrDecay)),
    eps: A.const(config.eps),
    weightDecay: A.const(held('weightDecay', config.weightDecay)),
  };
}
