/**
 * Momentum forms: how the learning rate and a momentum buffer b combine. lr inside and outside the
 * buffer agree while lr is constant; they differ once lr changes between steps (a schedule).
 */
import type { Arith } from '../numerics/arith.js';

export type MomentumForm =
  /** b ← μ·b + lr·x; p ← p − b (Keras 3, TF1 RMSprop, TF.js, timm). */
  | 'lr-inside'
  /** b ← μ·b + x; p ← p − lr·b (torch; fused as fma(b, −lr, p)). */
  | 'lr-outside'
  /** t ← u + μ·t with u = −lr·x; p ← p + t (optax `trace`, sign folded; nesterov p ← p + (u + μ·t)). */
  | 'optax-trace'
  /** b ← μ·b − lr·x; p ← p + b (MXNet Graves, Keras SGD's velocity). */
  | 'graves';

export interface MomentumInputs<T> {
  readonly p: T;
  readonly b: T;
  /** lr·x in the framework's op order. */
  readonly lrTimesDirection: T;
  /** x alone (only lr-outside reads it; a thunk, so other forms do not compute it). */
  readonly direction: () => T;
}

export interface MomentumScalars<T> {
  readonly momentum: T;
  readonly lr: T;
  readonly negLr: T;
}

export interface MomentumOptions {
  readonly form: MomentumForm;
  /** Whether a buffer exists (μ > 0, or the framework always allocates one). */
  readonly buffer: boolean;
  readonly nesterov: boolean;
  /** lr-outside's apply as fma(b, −lr, p) (torch `param.add_(buf, alpha=-lr)`). */
  readonly fusedApply: boolean;
}

/** The parameter update with its momentum buffer; without a buffer every form is p ← p − lr·x. */
export function momentumUpdate<T>(A: Arith<T>, o: MomentumOptions, x: MomentumInputs<T>, s: MomentumScalars<T>): { p: T; b: T } {
  const { p, b, lrTimesDirection: inc } = x;
  if (!o.buffer) return { p: o.form === 'optax-trace' ? A.add(p, A.neg(inc)) : A.sub(p, inc), b };
  switch (o.form) {
    case 'lr-inside': {
      const nb = A.add(A.mul(b, s.momentum), inc);
      return { p: A.sub(p, nb), b: nb };
    }
    case 'lr-outside': {
      const nb = A.add(A.mul(b, s.momentum), x.direction());
      return { p: o.fusedApply ? A.fma(nb, s.negLr, p) : A.sub(p, A.mul(s.lr, nb)), b: nb };
    }
    case 'optax-trace': {
      const u = A.neg(inc); // negation is exact: this is optax's scale(−lr)
      const nb = A.add(u, A.mul(s.momentum, b));
      return { p: A.add(p, o.nesterov ? A.add(u, A.mul(s.momentum, nb)) : nb), b: nb };
    }
    case 'graves': {
      const nb = A.sub(A.mul(b, s.momentum), inc);
      return { p: A.add(p, nb), b: nb };
    }
  }
}
