/**
 * Declared per-op accuracy of each TF.js backend's float32 kernels (in ulps of the exact result, as in
 * @isostep/spec's `OpAccuracy`). The conformance runner combines these with the framework's own table,
 * per op, by taking the larger; nothing else widens a tolerance.
 */
import { CORRECTLY_ROUNDED, type OpAccuracy } from '@isostep/spec';

/**
 * cpu: every kernel reads float32 values as JS doubles, computes one double operation and stores it back
 * into a Float32Array. For + − × ÷ √ a double result rounded to float32 is the correctly rounded float32
 * result (53 ≥ 2·24 + 2 bits, so the double rounding is harmless). rsqrt is 1/Math.sqrt(x) in double and
 * pow is Math.pow in double, each rounded once: the same computation as the spec's exact float32
 * arithmetic, so they add no error relative to the reference.
 */
export const TFJS_CPU: OpAccuracy = {
  ...CORRECTLY_ROUNDED,
  source: 'TF.js cpu backend: each op one JS double operation rounded once to float32 (correctly rounded)',
};

/**
 * wasm: WebAssembly's f32 add/sub/mul/div/sqrt are IEEE 754 round-to-nearest with subnormals kept (no
 * FTZ in the wasm spec; XNNPACK's SIMD kernels use those instructions). rsqrt is 1/sqrt(x) in float32:
 * two roundings, so within 0.5 ulp + a relative 2⁻²⁴ inherited from the root, i.e. 1.5 ulp (derived);
 * measured max 1 ulp over 2²⁰ inputs. pow: no documented bound; measured max 1 ulp for ρᵗ, ρ ∈ {0.5, 0.9,
 * 0.95, 0.99, 0.999}, t ≤ 2000 (only optax's bias correction uses pow, where XLA's 40 ulp dominate).
 */
export const TFJS_WASM: OpAccuracy = {
  ...CORRECTLY_ROUNDED,
  rsqrt: 1.5,
  pow: 1,
  source: 'TF.js wasm backend: IEEE f32 + − × ÷ √; rsqrt = 1/sqrt in f32 (1.5 ulp, derived); pow measured ≤ 1 ulp',
};

/**
 * webgpu: the WGSL spec's accuracy for f32 (WGSL §"Floating Point Accuracy"): + − × correctly rounded,
 * ÷ 2.5 ulp, inverseSqrt 2 ulp, sqrt inherited from 1/inverseSqrt (2 + 2.5 ulp), pow inherited from
 * exp2(y·log2(x)) with no useful bound (a wide 4096 ulp is declared; only optax bias correction uses it).
 * Implementations may flush subnormals. Not verified on this machine (no WebGPU adapter here).
 */
export const TFJS_WEBGPU: OpAccuracy = {
  add: 0,
  sub: 0,
  mul: 0,
  div: 2.5,
  sqrt: 4.5,
  rsqrt: 2,
  fma: 0,
  pow: 4096,
  source: 'WGSL f32 accuracy (WebGPU spec): ÷ 2.5 ulp, inverseSqrt 2 ulp, sqrt 4.5 ulp, pow unbounded (4096 declared); FTZ allowed',
};
