/** Adagrad's math in words (Markdown), imported by the README and the docs; `element-step.ts` is the same as code. */

export const ADAGRAD_ALGORITHM_MARKDOWN = String.raw`
## The Adagrad step, as Isostep specifies it

Notation: p parameter, g gradient, s the sum of squared gradients (torch \`sum\`, optax \`sum_of_squares\`),
ε eps, wd weight decay, t the step number (1 for the first step).

1. **Maximize** (\`maximize\`): g ← −g.
2. **Weight decay** (skipped when wd = 0): *coupled* g ← g + wd·p · *decoupled* p ← p − (p·wd)·lr.
3. **Accumulate**, from s₀ = \`initialAccumulator\` (0 torch, 0.1 elsewhere): s ← s + g².
4. **Denominator** (\`epsPlacement\`): *outside* d = √s + ε · *inside* d = √(s + ε) · *none* d = √s (TF1 ApplyAdagrad).
5. **Step**: p ← p − lr_t·g/d with lr_t = lr / (1 + (t − 1)·\`lrDecay\`) (torch \`lr_decay\`, in float64).
`;

export const ADAGRAD_NUMERICS_MARKDOWN = String.raw`
### How floating point enters Adagrad

torch fuses the accumulation (s ← fma(g, g, s)) and the coupled weight decay, and takes √s from MKL
(within 1 ulp); its final \`addcdiv\` is not fused: p + ((−lr·g)/d). Keras and TF1 put lr in the numerator,
TF.js and optax multiply after normalizing. TF1 ApplyAdagrad multiplies by Eigen's packet rsqrt (within
2 ulp, CPU dependent), optax by XLA's rsqrt (within 2 ulp). TensorFlow and XLA flush subnormals.
`;
