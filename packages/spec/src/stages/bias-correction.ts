/**
 * Bias correction of a moving average that starts at 0: x̂ = x / (1 − βᵗ). The scalar 1 − βᵗ is formed in
 * the dtype from β already cast, with the framework's pow (XLA's is exp(t·log β), off by tens of ulp;
 * its error is in the declared accuracy).
 */
import type { Arith } from '../numerics/arith.js';

/** 1 − βᵗ for step t (1 for the first step), in the dtype. */
export function biasCorrectionScalar<T>(A: Arith<T>, beta: T, t: number): T {
  return A.sub(A.const(1), A.pow(beta, t));
}

/** x̂ = x / (1 − βᵗ). */
export function debias<T>(A: Arith<T>, x: T, correction: T): T {
  return A.div(x, correction);
}
