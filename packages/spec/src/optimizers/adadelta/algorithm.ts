/** Adadelta's math in words (Markdown), imported by the README and the docs; `element-step.ts` is the same as code. */

export const ADADELTA_ALGORITHM_MARKDOWN = String.raw`
## The Adadelta step, as Isostep specifies it

Notation: p parameter, g gradient, E_g the mean square of gradients (torch \`square_avg\`), E_x the mean
square of updates (torch \`acc_delta\`), ρ decay, ε eps, wd weight decay. Both averages start at 0.

1. **Maximize** (\`maximize\`): g ← −g.
2. **Weight decay** (skipped when wd = 0): *coupled* g ← g + wd·p · *decoupled* p ← p − (p·wd)·lr.
3. E_g ← ρ·E_g + (1−ρ)·g² (1−ρ in float64, or in the dtype from ρ where \`oneMinusRhoInDtype\`: TF1).
4. δ = √(E_x + ε) / √(E' + ε) · g, with E' the updated E_g, or the previous one (\`denominator\`
   *previous*: TF.js, whose first step is exactly p − lr·g).
5. E_x ← ρ·E_x + (1−ρ)·δ².
6. p ← p − lr·δ; with \`scaleByLearningRate\` false (optax \`learning_rate=None\`) p ← p + δ, uphill.
`;

export const ADADELTA_NUMERICS_MARKDOWN = String.raw`
### How floating point enters Adadelta

torch fuses both averages (\`addcmul_\`: fma((1−ρ)·g, g, ρ·E_g)), the coupled weight decay and the final
step (fma(δ, −lr, p)), with MKL's sqrt (within 1 ulp). δ rounds as (√(E_x+ε)/√(E_g+ε))·g in torch, TF.js
and optax, as (√(E_x+ε)·g)/√(E_g+ε) in Keras 3, and as (√(E_x+ε)·rsqrt(E_g+ε))·g with Eigen's packet
rsqrt (within 2 ulp) in TF1. TensorFlow and XLA flush subnormals.
`;
