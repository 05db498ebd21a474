/**
 * The arithmetic an RMSprop element step is written against.
 *
 * The spec's formula (`element-step.ts`) is written once, over this interface. Instantiated with
 * correctly rounded float32 ops it IS the float32 reference; with float64 ops, the float64 reference;
 * with interval ops that widen each result by the framework's declared ulp error, it gives the
 * acceptance interval of every value (`interval-arith.ts`). One formula, three readings.
 */
import type { Dtype } from '../contract/dtype.js';
import { fmaIn } from './exact-fma.js';
import { powFloat64 } from './exact-pow.js';

export interface Arith<T> {
  /** A float64 constant (a hyperparameter) rounded into the dtype, as frameworks cast Python/JS scalars. */
  const(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  sqrt(a: T): T;
  /** 1/√a as one operation (XLA's rsqrt), not 1 / sqrt(a). */
  rsqrt(a: T): T;
  /** a·b + c rounded once. Only called at the sites a preset's profile declares fused. */
  fma(a: T, b: T, c: T): T;
  /** aⁿ for a step count n ≥ 1 (optax's bias correction ρᵗ, which XLA computes as exp(t·log ρ)). */
  pow(a: T, n: number): T;
  neg(a: T): T;
  /**
   * The larger of a and b, NaN when either is NaN (torch.maximum, jnp.maximum, Eigen's cwiseMax on the
   * values AMSGrad compares); max(−0, +0) = +0. Exact: no rounding. AMSGrad's running maximum.
   */
  max(a: T, b: T): T;
}

/**
 * Correctly rounded arithmetic in a dtype. For float32 operands, doing +, −, ×, ÷, √ in float64 and
 * rounding to float32 is correctly rounded (float64 has ≥ 2·24 + 2 bits, so double rounding is harmless).
 * rsqrt is 1/√x computed in float64 and rounded once: correct except in ties narrower than 2⁻²⁹ ulp,
 * which the 2-ulp declared accuracy of the only rsqrt user (XLA) covers anyway.
 */
export function exactArith(dtype: Dtype, subnormals: SubnormalMode = 'preserve'): Arith<number> {
  const ieee = ieeeArith(dtype);
  return subnormals === 'flush' ? flushing(dtype, ieee) : ieee;
}

/**
 * How a framework's CPU threads treat subnormal numbers. TensorFlow (Keras 3, TF1 raw ops) and XLA
 * (jax/optax) set FTZ and DAZ: subnormal operands read as zero and subnormal results are written as
 * zero (sign kept). torch and TF.js keep them. Verified by the subnormal golden cases.
 */
export type SubnormalMode = 'preserve' | 'flush';

const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

/** Wraps arithmetic so operands and results below the smallest normal become signed zero (DAZ + FTZ). */
function flushing(dtype: Dtype, a: Arith<number>): Arith<number> {
  const min = MIN_NORMAL[dtype];
  const z = (x: number) => (x !== 0 && Math.abs(x) < min ? (x < 0 ? -0 : 0) : x);
  return {
    const: (x) => z(a.const(x)),
    add: (x, y) => z(a.add(z(x), z(y))),
    sub: (x, y) => z(a.sub(z(x), z(y))),
    mul: (x, y) => z(a.mul(z(x), z(y))),
    div: (x, y) => z(a.div(z(x), z(y))),
    sqrt: (x) => z(a.sqrt(z(x))),
    rsqrt: (x) => z(a.rsqrt(z(x))),
    fma: (x, y, w) => z(a.fma(z(x), z(y), z(w))),
    pow: (x, n) => z(a.pow(z(x), n)),
    neg: (x) => -x,
    max: (x, y) => z(a.max(z(x), z(y))),
  };
}

function ieeeArith(dtype: Dtype): Arith<number> {
  if (dtype === 'float64') {
    return {
      const: (x) => x,
      add: (a, b) => a + b,
      sub: (a, b) => a - b,
      mul: (a, b) => a * b,
      div: (a, b) => a / b,
      sqrt: (a) => Math.sqrt(a),
      rsqrt: (a) => 1 / Math.sqrt(a),
      fma: (a, b, c) => fmaIn('float64', a, b, c),
      // Correctly rounded, as glibc's pow (TensorFlow's and Python's) is; JavaScript's ** is not (0.9 ** 4).
      pow: (a, n) => powFloat64(a, n),
      neg: (a) => -a,
      max: maxOf,
    };
  }
  const r = Math.fround;
  return {
    const: r,
    add: (a, b) => r(a + b),
    sub: (a, b) => r(a - b),
    mul: (a, b) => r(a * b),
    div: (a, b) => r(a / b),
    sqrt: (a) => r(Math.sqrt(a)),
    rsqrt: (a) => r(1 / Math.sqrt(a)),
    fma: (a, b, c) => fmaIn('float32', a, b, c),
    pow: (a, n) => r(powFloat64(a, n)),
    neg: (a) => -a,
    max: maxOf,
  };
}

/** NaN-propagating maximum with max(−0, +0) = +0 (JavaScript's Math.max is exactly that). */
function maxOf(a: number, b: number): number {
  return Math.max(a, b);
}
