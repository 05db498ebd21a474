/**
 * SGD's hyperparameters as the dtype sees them: the per-step scalars of `element-step.ts`. Frameworks cast
 * their Python/JS doubles to the tensor dtype; 1−d is formed in double (torch `alpha=1 - dampening`).
 *
 * torch's first momentum step clones the gradient: b₁ = g. That is the buffer update with μ = 0 and
 * 1−d = 1 at t = 1 (b·0 + 1·g = g exactly, b being the zeros it starts at), so the per-step scalars
 * `bufferMomentum` and `bufferScale` carry it and the element step has no branch on t.
 */
import type { Arith } from '../../numerics/arith.js';
import type { NumericsProfile } from '../../numerics/profile.js';
import type { SgdConfig } from './config.js';

export const SGD_SCALARS = ['lr', 'negLr', 'momentum', 'bufferMomentum', 'bufferScale', 'weightDecay'] as const;
export type SgdScalarName = (typeof SGD_SCALARS)[number];
export type SgdStepScalars<T> = Readonly<Record<SgdScalarName, T>>;

export function sgdStepScalars<T>(A: Arith<T>, config: SgdConfig, profile: NumericsProfile, lr: number, t: number): SgdStepScalars<T> {
  const held = (name: 'lr' | 'weightDecay' | 'momentum', x: number) => (profile.float32Scalars.includes(name) ? Math.fround(x) : x);
  lr = held('lr', lr);
  const momentum = held('momentum', config.momentum);
  const clone = config.firstBuffer === 'gradient' && t === 1;
  return {
    lr: A.const(lr),
    negLr: A.const(-lr),
    momentum: A.const(momentum),
    bufferMomentum: A.const(clone ? 0 : momentum),
    bufferScale: A.const(clone ? 1 : 1 - config.dampening),
    weightDecay: A.const(held('weightDecay', config.weightDecay)),
  };
}
