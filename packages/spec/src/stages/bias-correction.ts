/**
 * Bias correction of a moving average that starts at 0: x̂ = x / (1 − βᵗ). The scalar 1 − βᵗ is formed in
 * the dtype from β already cast, with the framework's pow (XLA's is exp(t·log β), off by tens of ulp;
 * its error is in the declared accuracy), or from a running product of β (TF1's `beta1_power`, TF.js's
 * `accBeta1`), or in float64 (torch's Python floats; see the Adam scalars).
 */
import type { Arith } from '../numerics/arith.js';

/** 1 − βᵗ for step t (1 for the first step), in the dtype. */
export function biasCorrectionScalar<T>(A: Arith<T>, beta: T, t: number): T {
  return A.sub(A.const(1), A.pow(beta, t));
}

/**
 * βᵗ as TF1's AdamOptimizer and TF.js's Adam keep it: a variable that starts at β and is multiplied by β
 * after every step, so at step t it is the product of t factors with t − 1 roundings in the dtype (not
 * pow: for β2 = 0.999 the two differ from step 3 on).
 */
export function betaPowerProduct<T>(A: Arith<T>, beta: T, t: number): T {
  let power = beta;
  for (let i = 1; i < t; i++) power = A.mul(power, beta);
  return power;
}

/** x̂ = x / (1 − βᵗ). */
export function debias<T>(A: Arith<T>, x: T, correction: T): T {
  return A.div(x, correction);
}

/** x̂ = x · (1/(1 − βᵗ)): XLA rewrites a jitted division by a scalar into this (optax). */
export function debiasByReciprocal<T>(A: Arith<T>, x: T, reciprocalOfCorrection: T): T {
  return A.mul(x, reciprocalOfCorrection);
}
