/**
 * The spec's arithmetic (`Arith` from @isostep/spec) over TF.js tensors. `elementStep` is written against
 * `Arith<T>`; instantiated with this, each spec operation becomes one TF.js op on whole tensors, so the
 * adapter evaluates exactly the spec's formula, in the spec's op order, with nothing rewritten by hand.
 *
 * Every op here is elementwise, so running the per-element formula on tensors computes the same value in
 * every element as running it element by element.
 */
import { add, div, maximum, mul, neg, pow, rsqrt, scalar, sqrt, sub, type Tensor } from '@tensorflow/tfjs-core';
import type { Arith } from '@isostep/spec';

export const tensorArith: Arith<Tensor> = {
  // A JS double cast to a float32 scalar: the same rounding the frameworks apply to their hyperparameters.
  const: (x) => scalar(x, 'float32'),
  add: (a, b) => add(a, b),
  sub: (a, b) => sub(a, b),
  mul: (a, b) => mul(a, b),
  div: (a, b) => div(a, b),
  sqrt: (a) => sqrt(a),
  rsqrt: (a) => rsqrt(a),
  /**
   * TF.js has no fused multiply-add op. A site the preset's profile fuses is evaluated as a·b, then + c:
   * two roundings where the framework has one. The conformance interval for TF.js backends (see
   * `tfjsIntervalArith`) takes the hull of both results at exactly these sites, so the difference is
   * declared, not hidden. Why not emulate fma exactly: see ACCURACY.md.
   */
  fma: (a, b, c) => add(mul(a, b), c),
  // n is a step count (< 2²⁴), exact as a float32 exponent.
  pow: (a, n) => pow(a, scalar(n, 'float32')),
  neg: (a) => neg(a),
  // Exact; NaN-propagating on the cpu and wasm backends (AMSGrad's running maximum).
  max: (a, b) => maximum(a, b),
};
