/**
 * Declared per-op accuracy of each framework's float kernels: the only source of tolerances.
 * A number here is "within k ulp of the exact result"; 0 is correctly rounded (IEEE 754).
 */
import { CORRECTLY_ROUNDED, type OpAccuracy } from './profile.js';

/** torch CPU: MKL's vsSqrt/vdSqrt is not correctly rounded (≈17% of float32 inputs 1 ulp off the IEEE root). */
export const TORCH_CPU: OpAccuracy = {
  ...CORRECTLY_ROUNDED,
  sqrt: 1,
  source: 'torch CPU: + − × ÷ and fma correctly rounded; sqrt via MKL vsSqrt/vdSqrt within 1 ulp',
};

/** XLA CPU (jax, eager): rsqrt is an approximation refined by Newton steps, documented within 2 ulp. */
export const XLA_CPU: OpAccuracy = {
  ...CORRECTLY_ROUNDED,
  rsqrt: 2,
  // XLA documents no bound for pow; it evaluates exp(t·log ρ) in float32. MEASURED, not declared:
  // jnp.asarray(ρ) ** t against the correctly rounded ρᵗ, ρ ∈ {0.9, 0.99, 0.999}, t < 300: ≤ 39 ulp.
  pow: 40,
  source: 'XLA CPU: + − × ÷ and sqrt correctly rounded; rsqrt within 2 ulp; pow (bias correction) measured ≤ 40 ulp',
};

/** TensorFlow's Eigen CPU kernels (Keras 3 on TF, TF1 raw ops) and TF.js's cpu backend: plain IEEE. */
export const IEEE: OpAccuracy = CORRECTLY_ROUNDED;

/**
 * TensorFlow's Eigen CPU kernels where they call `.rsqrt()` (raw ApplyAdagrad, ApplyAdadelta): Eigen's
 * packet rsqrt is a hardware estimate (_mm256_rsqrt_ps / _mm512_rsqrt14_ps) refined by one Newton step,
 * so it is not correctly rounded and its bits depend on the CPU. MEASURED (TF 2.21, x86-64 AVX-512):
 * 24 % of float32 inputs off the correctly rounded 1/√x, by at most 2 ulp; a scalar tail element can
 * round differently from the same value in a packet. Everything else is IEEE, as in `IEEE`.
 */
export const TF_EIGEN_RSQRT_CPU: OpAccuracy = {
  ...CORRECTLY_ROUNDED,
  rsqrt: 2,
  source: 'TensorFlow CPU (Eigen): + − × ÷ and sqrt correctly rounded; packet rsqrt measured within 2 ulp',
};
