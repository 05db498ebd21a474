/**
 * Adam's math, written once, in words and formulas (the docs import these strings); `element-step.ts` is
 * the same formula as code (same names, same order). AdamW is this formula with a decoupled weight decay.
 */

export const ADAM_ALGORITHM_MARKDOWN = String.raw`
## The Adam (and AdamW) step, as Isostep specifies it

Notation: p parameter, g gradient, m first moment, v second moment, v_max AMSGrad's maximum, β1, β2 the
decays (torch \`betas\`, Keras \`beta_1\`/\`beta_2\`, TF \`beta1\`/\`beta2\`, optax \`b1\`/\`b2\`), ε eps, wd weight
decay, t the step number (1 for the first step), c₁ = 1 − β1ᵗ and c₂ = 1 − β2ᵗ the bias corrections.
Every hyperparameter is cast to the tensor dtype; 1−β is computed in float64 and rounded once, except
where \`oneMinusBetaInDtype\` says it is computed in the dtype from β already rounded (TF1).

1. **Maximize** (\`maximize\`, torch): g ← −g.
2. **Weight decay** (\`weightDecayMode\`, skipped when wd = 0): *coupled* g ← g + wd·p (torch Adam) ·
   *decoupled* p ← p − (p·wd)·lr (Keras 3) · *decoupled-scale* p ← p·(1 − lr·wd) (torch AdamW) ·
   *decoupled-update* u ← u + wd·p before lr scales u (optax adamw). The three decoupled forms are equal in
   real arithmetic and round differently.
3. **Moments** (\`momentForm\`): *ema* m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g² ·
   *increment* m ← m + (g − m)·(1−β1), v ← v + (g² − v)·(1−β2) (TF1, Keras 3: with g² = ∞, v = ∞ − ∞ = NaN a step later).
4. **Nesterov** (\`nesterov\`, \`nesterovForm\`): *tf1* the numerator moment is n = (1−β1)·g + β1·m;
   *optax* m̂ = β1·m/(1 − β1ᵗ⁺¹) + (1−β1)·g/c₁. Otherwise n = m.
5. **Where ε goes** (\`epsPlacement\`):
   - *corrected* (torch, TF.js, optax): m̂ = n/c₁, v̂ = v/c₂, u = m̂/(√(v̂ + ε_root) + ε), p ← p − lr·u.
   - *uncorrected* ("ε-hat", TF1 ApplyAdam, Keras 3): α = lr·√c₂/c₁, p ← p − α·n/(√v + ε).
   The two agree when ε_corrected = ε̂/√c₂: 31.6·ε̂ at t = 1 with β2 = 0.999, → ε̂ as t grows. ε = 0.1 separates them.
6. **AMSGrad** (\`amsgrad\`, \`amsgradMaximum\`): *raw* v_max ← max(v_max, v) and v_max replaces v in step 5
   (torch, Keras 3, TF1) · *corrected* v_max ← max(v_max, v̂) and replaces v̂ (optax).
`;

export const ADAM_NUMERICS_MARKDOWN = String.raw`
## Adam in floating point: βᵗ, where the corrections land, fused sites

- **βᵗ** (\`profile.betaPower\`): *float64* (torch: Python floats; the step size lr/c₁, √c₂, 1 − lr·wd rounded
  once each) · *pow* (Keras 3 \`ops.power\` = glibc powf; optax XLA pow, declared ≤ 40 ulp) · *product*
  (TF1 \`beta1_power\`, TF.js \`accBeta1\`: t float32 multiplications, not pow).
- **Correction site** (\`profile.correctionSite\`, ε corrected): *step-size* p + ((−lr/c₁)·m)/(√v/√c₂ + ε)
  (torch \`addcdiv_\`, unfused) · *divide* m/c₁, v/c₂ (TF.js) · *reciprocal* m·(1/c₁), v·(1/c₂) (optax: XLA
  rewrites a jitted division by a scalar). ε uncorrected folds both into α = (lr·√c₂)/c₁ in the dtype.
- **Fused sites** (torch): m ← fma(1−β1, g − m, m) (\`lerp_\`, weight < ½), v ← fma((1−β2)·g, g, v·β2)
  (\`addcmul_\`), coupled decay fma(p, wd, g). \`addcdiv_\` is not fused.
- **Declared accuracy**: torch's MKL sqrt within 1 ulp; XLA's pow; TensorFlow, Keras 3 and TF.js IEEE.
  TensorFlow and XLA flush subnormals.
`;
