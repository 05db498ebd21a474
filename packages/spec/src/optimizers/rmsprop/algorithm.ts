/**
 * The math, written once, in words and formulas. The README and the docs site import these strings;
 * `element-step.ts` is the same formula as code (same names, same order).
 */

export const ALGORITHM_MARKDOWN = String.raw`
## The RMSprop step, as Isostep specifies it

Notation: p parameter, g gradient, v mean square, m̄ mean gradient (centered), b momentum buffer
(optax's *trace*), ρ decay (torch \`alpha\` = Keras \`rho\` = TF \`decay\`), ε eps, μ momentum,
wd weight decay, t the step number (1 for the first step). Every hyperparameter is cast to the tensor
dtype before use, as the frameworks cast their Python/JS scalars; 1−ρ is computed in float64 and rounded
once, except where \`oneMinusRhoInDtype\` says it is computed in the dtype from ρ already rounded (TF1).

1. **Maximize** (\`maximize\`): g ← −g.
2. **Weight decay** (skipped when wd = 0):
   *coupled* g ← g + wd·p · *decoupled* p ← p − (p·wd)·lr, on the parameter before the step.
3. **Mean square** (\`meanSquareForm\`), from v₀ = \`initialMeanSquare\`:
   *ema* v ← ρ·v + (1−ρ)·g² · *increment* v ← v + (g² − v)·(1−ρ).
   Equal in real arithmetic, not in float32, and not under overflow: when g² = ∞ the increment form
   gives ∞ − ∞ = NaN one step later.
4. **Centered mean** (\`centered\`): m̄ ← ρ·m̄ + (1−ρ)·g, or m̄ ← m̄ + (g − m̄)·(1−ρ), same form as v.
5. **Bias correction** (\`biasCorrection\`, optax): v̂ = v / (1 − ρᵗ), m̂ = m̄ / (1 − ρᵗ); otherwise v̂ = v, m̂ = m̄.
6. **Denominator** with s = v̂ − m̂² when centered, s = v̂ otherwise (\`epsPlacement\`):
   *outside* d = √s + ε · *inside* d = √(s + ε) · *inside-subtracted* d = √(v̂ − (m̂² + ε)) when centered
   (TF.js: ε is subtracted; zero gradients give √(−ε) = NaN), √(v̂ + ε) otherwise.
7. **Step** (\`momentumForm\`; the buffer exists when μ > 0 or \`alwaysAllocateMomentum\`):
   - *lr-inside* b ← μ·b + lr·g/d, p ← p − b
   - *lr-outside* b ← μ·b + g/d, p ← p − lr·b
   - *optax-trace* u = −lr·g/d, t ← u + μ·t, p ← p + t (\`nesterov\`: p ← p + (u + μ·t))
   - *graves* b ← μ·b − lr·g/d, p ← p + b
   - without a buffer, all four are p ← p − lr·g/d.

   lr inside and outside the buffer agree while lr is constant; they differ once lr changes between steps.
`;

export const NUMERICS_MARKDOWN = String.raw`
## Floating point: op order, fused sites, declared accuracy

Each preset carries a *numerics profile*. The float32 reference evaluates the formula above in the
profile's order with one correct rounding per operation; at the sites the profile declares fused it
computes a·b + c with a single rounding (exactly: a float32 product is exact in float64, and a TwoSum
error term settles the one case where rounding float64 → float32 would round twice). Where lr is applied
(\`lrSite\`): *numerator* (lr·g)/d, *after-normalize* (g·(1/d))·(−lr) as optax chains it, or
*lr-over-denominator* ((1/d)·lr)·g, the order torch gives hand-written \`lr / torch.sqrt(v + eps) * g\`
(\`Tensor.__rdiv__\` is the reciprocal times lr). \`root\`:
sqrt then divide, or rsqrt then multiply (optax; only with ε inside the root).

**Tolerances are derived, never typed in.** Each framework declares the accuracy of its operations in
ulps of the exact result (0 = correctly rounded): IEEE for TensorFlow's CPU kernels, Keras 3 and TF.js's
cpu backend; torch CPU's sqrt within 1 ulp (MKL); XLA's rsqrt within 2 ulp. A value v with a declared
error of k ulps may lie up to ⌊k + ½⌋ grid steps from the correctly rounded result. The conformance runner
evaluates the same formula over **intervals** (as the WebGPU conformance suite does): every operation
returns the hull of every result it may legally produce from its input intervals, widened by its
declared error. The acceptance interval of each parameter and slot is the result. A framework value and
a backend value both have to lie inside it; for a correctly rounded framework and point inputs the
interval is one number, so the check is bit-exact. NaN is accepted only where the interval allows NaN,
so NaN matches only NaN unless a non-finite input made any value possible.

In *resync* mode each step starts from the trace's previous params and state (points); in *free* mode
the intervals are carried from step to step, so the bound grows only as fast as the declared errors allow.
`;
