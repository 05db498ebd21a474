/**
 * Exponential moving averages, in the algebraic forms frameworks use. Equal in real arithmetic; not in
 * float32, and not under overflow (when x² = ∞ the increment form gives ∞ − ∞ = NaN one step later).
 */
import type { Arith } from '../numerics/arith.js';

/** `ema`: a ← ρ·a + (1−ρ)·x (torch, Keras 3, TF.js, optax). `increment`: a ← a + (x − a)·(1−ρ) (TF1 raw ops, timm). */
export type AverageForm = 'ema' | 'increment';

/**
 * The average of squares: ema v ← ρ·v + (1−ρ)·g², fused as fma((1−ρ)·g, g, v·ρ) (torch `mul_(ρ).addcmul_(g, g,
 * value=1−ρ)`); increment v ← v + (g² − v)·(1−ρ), fused as fma(g² − v, 1−ρ, v) (timm `add_(…, alpha=1−ρ)`).
 */
export function averageOfSquares<T>(
  A: Arith<T>,
  form: AverageForm,
  fused: boolean,
  v: T,
  g: T,
  rho: T,
  oneMinusRho: T,
  /** ema unfused: ((1−ρ)·g)·g, as numpy evaluates `(1 - rho) * g * g` left to right, instead of (1−ρ)·(g·g). */
  scaleFirst = false,
): T {
  if (form === 'ema') {
    if (fused) return A.fma(A.mul(oneMinusRho, g), g, A.mul(v, rho));
    return A.add(A.mul(rho, v), scaleFirst ? A.mul(A.mul(oneMinusRho, g), g) : A.mul(oneMinusRho, A.mul(g, g)));
  }
  const delta = A.sub(A.mul(g, g), v);
  return fused ? A.fma(delta, oneMinusRho, v) : A.add(v, A.mul(delta, oneMinusRho));
}

/**
 * The average of values: ema m ← ρ·m + (1−ρ)·x (no framework fuses this form: torch uses `lerp`, below);
 * increment m ← m + (x − m)·(1−ρ), fused as fma(x − m, 1−ρ, m) (timm).
 */
export function averageOf<T>(A: Arith<T>, form: AverageForm, fused: boolean, m: T, x: T, rho: T, oneMinusRho: T): T {
  if (form === 'ema') return A.add(A.mul(rho, m), A.mul(oneMinusRho, x));
  const diff = A.sub(x, m);
  return fused ? A.fma(diff, oneMinusRho, m) : A.add(m, A.mul(diff, oneMinusRho));
}

/**
 * torch's `lerp_(x, w)`: m + w·(x − m) as one fma when w < ½, else x + (w − 1)·(x − m), also one fma
 * (ATen's lerp kernel picks the end it starts from by the weight, to stay exact at w = 1).
 * `fromStart` is that branch (`w < 0.5` in float), a property of the config, decided once.
 */
export function lerpTowards<T>(A: Arith<T>, m: T, x: T, w: T, wMinusOne: T, fromStart: boolean): T {
  const diff = A.sub(x, m);
  return fromStart ? A.fma(w, diff, m) : A.fma(wMinusOne, diff, x);
}

/** torch's lerp branch for weight w (a double rounded to float, its opmath for float32 tensors). */
export function lerpStartsFromStart(w: number): boolean {
  return Math.fround(w) < 0.5;
}
