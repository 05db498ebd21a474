/**
 * What WGSL promises about f32 arithmetic, and how the conformance runner turns it into acceptance
 * intervals for a WebGPU backend. Quoted from the WGSL specification, "Floating Point Evaluation"
 * (§15.7 in the 2025 editor's draft, https://www.w3.org/TR/WGSL/#floating-point-evaluation).
 *
 * The ulp table below is what a plain per-op model can say; the rules that are not "k ulp" (inherited
 * accuracies, fusion, reassociation, flushing, the finite-math assumption) are modelled by the WebGPU
 * backend's interval arithmetic (`@isostep/webgpu`, `wgslIntervalArith`), as the WebGPU CTS does.
 */
import type { OpAccuracy } from './profile.js';

/**
 * WGSL f32 accuracy, in ulps of the exact result.
 * - + − ×: "Correctly rounded", but "No rounding mode is specified. An implementation may round an
 *   intermediate result up or down": either neighbour of the exact result, i.e. within 1 ulp.
 * - x / y: "2.5 ULP for |y| in the range [2⁻¹²⁶, 2¹²⁶]"; outside that range the accuracy is undefined.
 * - inverseSqrt: "2 ULP".
 * - sqrt: "Inherited from 1.0 / inverseSqrt(x)". Derived bound (used only where the inherited form is not
 *   evaluated): the reciprocal root is off by a relative 2·2⁻²³ at most and the division by 2.5·2⁻²³, so
 *   the root is off by a relative 4.5·2⁻²³ (plus second-order terms) — up to 9 ulp, since an ulp is
 *   between 2⁻²⁴ and 2⁻²³ of the value.
 * - fma: "Inherited from x * y + z": no ulp bound exists (cancellation), hence Infinity; the interval
 *   arithmetic evaluates it as the hull of the fused and the unfused forms.
 * - pow: not used in the shader. ρᵗ for optax's bias correction is computed on the host, correctly rounded,
 *   and sent to the GPU as a uniform.
 */
export const WGSL_F32: OpAccuracy = {
  add: 1,
  sub: 1,
  mul: 1,
  div: 2.5,
  sqrt: 9,
  rsqrt: 2,
  fma: Infinity,
  pow: 0,
  source:
    'WGSL f32: + − × correctly rounded in either direction (1 ulp); / 2.5 ulp for |y| in [2^-126, 2^126]; inverseSqrt 2 ulp; sqrt inherited from 1/inverseSqrt; fma inherited from x*y+z',
};

export const WGSL_ACCURACY_MARKDOWN = String.raw`
## WebGPU: what WGSL allows, and the acceptance intervals derived from it

WGSL has no f64, so the WebGPU backend runs float32 traces only. Its f32 arithmetic is specified
per operation, and the conformance runner evaluates the spec's formula (the element step above, in the
preset's op order) over intervals that contain **every result a conforming WGSL implementation may
return**, exactly as the WebGPU conformance suite (CTS) builds its expectations. Each rule below is
quoted from the WGSL specification, *Floating Point Evaluation*:

| WGSL rule | How the interval models it |
|---|---|
| \`x + y\`, \`x - y\`, \`x * y\`: "Correctly rounded"; "No rounding mode is specified. An implementation may round an intermediate result up or down." | both float32 neighbours of the exact result (1 ulp) |
| \`x / y\`: "2.5 ULP for \|y\| in the range [2⁻¹²⁶, 2¹²⁶]" | ±3 grid steps around the correctly rounded quotient; a divisor range reaching outside [2⁻¹²⁶, 2¹²⁶] allows any value |
| \`inverseSqrt(x)\`: "2 ULP" | ±2 grid steps; x ≤ 0 allows any value (the exact result is not finite) |
| \`sqrt(x)\`: "Inherited from 1.0 / inverseSqrt(x)" | evaluated as that formula over intervals, so √0 allows any value, as in the CTS |
| \`fma(x, y, z)\`: "Inherited from x * y + z" | hull of the fused result and of the product-then-sum |
| "An implementation may fuse operations if the transformed expression is at least as accurate" | every product that feeds a sum or difference may also be contracted into one fma: hull of both |
| "An implementation may reassociate operations." | three-operand chains of + − and of × ÷ in one step are also evaluated in their other groupings (one level deep); values that cross a step boundary go through memory and are not reassociated |
| "Any inputs or outputs of operations … may be flushed to zero" | every input and output interval that holds a subnormal also holds zero |
| "Implementations may ignore the sign field of a floating point zero value" | ±0 compare equal (as they do for every backend) |
| "Implementations may assume that overflow, infinities, and NaNs are not present during shader execution"; such an expression yields "an indeterminate value" | an operation with a non-finite input or an exact result beyond the float32 range allows any value, NaN included |

Where the frameworks' own declared accuracy is wider (XLA's rsqrt), the hull of both is taken, since the
framework's value must lie in the interval too.

Consequences worth knowing: (1) \`lrSite\`, the \`fused\` sites and the choice of \`sqrt\` against
\`inverseSqrt\` are all honoured by the kernel (its WGSL is generated per config from the spec's step
graph, one statement per operation, with FTZ/DAZ flushes where the profile flushes), but WGSL cannot
*promise* them, so the intervals are a few ulp wide instead of one value;
(2) traces that overflow (g² = ∞, inf − inf = NaN) pass vacuously on WebGPU: WGSL promises nothing
there, and the report shows it as an unbounded interval (\`maxBound\` = Infinity); (3) sqrt(0)
(zero gradients with ε outside the root) is unbounded for the same reason. The adapters used here
(lavapipe, SwiftShader) do return IEEE results in those cases; that is measured, not promised.
`;
