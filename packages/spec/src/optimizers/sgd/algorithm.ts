/** SGD's math in words (Markdown), imported by the README and the docs; `element-step.ts` is the same as code. */

export const SGD_ALGORITHM_MARKDOWN = String.raw`
## The SGD step (with momentum), as Isostep specifies it

Notation: p parameter, g gradient, b momentum buffer (torch \`momentum_buffer\`, optax \`trace\`), μ momentum,
d dampening, wd weight decay, t the step number (1 for the first step). Hyperparameters are cast to the
tensor dtype as the frameworks cast them; 1−d is formed in float64 and rounded once.

1. **Maximize** (\`maximize\`): g ← −g.
2. **Weight decay** (skipped when wd = 0): *coupled* g ← g + wd·p · *decoupled* p ← p − (p·wd)·lr.
3. **No buffer** (μ = 0 and not \`alwaysAllocateMomentum\`): p ← p − lr·g.
4. **Buffer** (\`momentumForm\`):
   - *lr-outside* (torch, TF1 ApplyMomentum, TF.js, optax): b ← μ·b + (1−d)·g, p ← p − lr·b;
     \`nesterov\`: p ← p − lr·(g + μ·b) with the new b.
     \`firstBuffer\` *gradient* (torch): b₁ = g, dampening not applied; *zeros*: b₁ = (1−d)·g.
   - *velocity* (Keras 3): b ← μ·b − lr·g, p ← p + b; \`nesterov\`: p ← p + (μ·b − lr·g) with the new b.

   The two forms agree while lr is constant (b_velocity = −lr·b_outside) and differ once lr changes.
`;

export const SGD_NUMERICS_MARKDOWN = String.raw`
### How floating point enters SGD

torch fuses every site (\`add(alpha=…)\` is an fma on CPU): g ← fma(p, wd, g), b ← fma(g, 1−d, b·μ),
u ← fma(b, μ, g), p ← fma(u, −lr, p). Everyone else rounds each product and sum. TF1's Nesterov
distributes the learning rate, p ← p − ((g·lr) + ((b·μ)·lr)); TF.js and optax compute p ← p + (−lr)·(g + b·μ).
TensorFlow and XLA flush subnormals (FTZ + DAZ); torch and TF.js keep them.
`;
