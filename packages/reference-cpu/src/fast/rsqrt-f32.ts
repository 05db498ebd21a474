/**
 * The reference's rsqrt, `Math.fround(1 / Math.sqrt(x))` for a float32 x, bit for bit, in wasm SIMD
 * without a float64 sqrt and divide per lane (those two, on the divider, dominate the exact chain's cost).
 *
 * For a positive finite x, with t = 1/√x, u = 2⁻⁵³ and y = fl64(1/fl64(√x)) the reference's float64
 * value (two roundings: |y/t − 1| < 2.01u):
 *  1. r0 = fl32(fl32(√x)/x) in f32x4 (f32 sqrt and divide round once each, ≤ 2⁻²⁴), so r0 = t(1+a)(1+b)
 *     and e = 1 − x·r0² has |e| ≤ (1 + 2⁻²⁴)⁴ − 1 < 1.01·2⁻²² (the sweep of [1, 4) sees 2⁻²²·⁴).
 *     (√x/x rather than 1/√x: the same error and divider work, one constant fewer.)
 *  2. One Newton step in f64x2: w = r0·(3 − q), q = x·r0², which is 2t to first order. r0² is exact
 *     (48 bits); q ≈ 1 rounds once (≤ u absolute, u/2 relative in w); 3 − q ≈ 2 and the product round
 *     once each (≤ u). As 2t = r0·(2 + e + (3/4)e² + …), the truncation is (3/8)e²(1 + O(e)) < 0.383·2⁻⁴⁴
 *     relative, so |w/2 − t| < 0.39·2⁻⁴⁴·t and |w/2 − y| < 0.4·2⁻⁴⁴·t (the sweep sees 0.21·2⁻⁴⁴).
 *     A second-order term (two more f64x2 ops per half) would bring this to ~2⁻⁵¹, but the check below
 *     costs the same whatever the margin and the fallback is already rare, so it does not pay.
 *  3. lo = fl64(w·(1 − δ)/2), hi = fl64(w·(1 + δ)/2), δ = 2⁻⁴⁴ (the constants are exact and fold in the
 *     halving; the products round by ≤ u): lo < t·(1 − 0.6·2⁻⁴⁴) < y < hi, 2.5× the needed margin.
 *     Rounding to float32 is monotonic, so where fl32(lo) = fl32(hi) that is fl32(y), the reference's bits.
 *  4. Otherwise (a float32 rounding midpoint within the margin: 27 of the 2²⁴ floats in [1, 4), about
 *     2⁻¹⁹ of lanes) the whole vector is recomputed with the reference's own chain (f64 sqrt, f64 divide,
 *     demote) in an `if`.
 * Every other input takes the fallback too: for +0, −0, +∞ (0/0, ∞/∞), negatives and NaN, r0 is NaN, so
 * are lo and hi, and f32x4.ne is true where either side is NaN.
 * Subnormal x: every step above commutes exactly with x → 4ᵏ·x (k an integer; fl32(√x) and r0 stay
 * normal, r0 ≤ 2⁷⁴·⁵, and nothing in f64 comes near its range ends), and so does the reference, so x
 * takes the path and the bits of the x′ = 4⁻ᵏ·x in [1, 4) (exact: x′ needs no more bits than x). That is
 * why the test's exhaustive sweep of [1, 4) covers every positive finite float32.
 */
import { OP, SIMD, simd, TYPE } from './wasm-encoding.js';

/** How the caller's code generator lends its body, locals and fresh v128 locals. */
export interface RsqrtEmitContext {
  readonly emit: (...code: number[][]) => void;
  readonly get: (local: number) => number[];
  readonly set: (local: number) => number[];
  /** A fresh v128 local. */
  readonly temp: () => number;
}

/** The v128 constants and scratch locals of `emitRsqrtF32`, set up once before the loop. */
export interface RsqrtLocals {
  readonly oneF64: number;
  readonly threeF64: number;
  readonly loF64: number;
  readonly hiF64: number;
  readonly r0: number;
  readonly r0F64: number;
  readonly w: number;
  readonly result: number;
  readonly fail: number;
  /** Demoted halves: lo and hi bounds, of lanes 0–1 and of lanes 2–3. */
  readonly lo: readonly [number, number];
  readonly hi: readonly [number, number];
}

/** The decision margin δ (see the file comment). */
export const RSQRT_MARGIN = 2 ** -44;

const splatF64 = (x: number) => [...simd(SIMD.v128Const), ...new Uint8Array(new Float64Array([x, x]).buffer)];

const lanes8 = (from: number) => Array.from({ length: 8 }, (_, k) => from + k);
const HIGH_TO_LOW = [...lanes8(8), ...lanes8(8)];
const LOW_HALVES = [...lanes8(0), ...lanes8(16)];

/** Allocates and sets the constants (`margin` other than RSQRT_MARGIN is for tests that show it matters). */
export function emitRsqrtConstants(ctx: RsqrtEmitContext, margin = RSQRT_MARGIN): RsqrtLocals {
  const t = () => ctx.temp();
  const k = { oneF64: t(), threeF64: t(), loF64: t(), hiF64: t(), r0: t(), r0F64: t(), w: t(), result: t(), fail: t(), lo: [t(), t()] as const, hi: [t(), t()] as const };
  ctx.emit(splatF64(1), ctx.set(k.oneF64), splatF64(3), ctx.set(k.threeF64));
  ctx.emit(splatF64((1 - margin) / 2), ctx.set(k.loF64), splatF64((1 + margin) / 2), ctx.set(k.hiF64));
  return k;
}

export interface RsqrtOptions {
  /**
   * A v128 local to OR the failed lanes' mask into, instead of the per-vector fallback; failed lanes are
   * then left wrong and the caller must redo them with `emitRsqrtF32Exact` (a wasm `if` in a loop body
   * makes V8 keep the loop's values in memory across it, which cost more than the exact chain saved).
   */
  readonly failInto?: number;
  /** false (tests only): never take the fallback, to show the sweep notices. */
  readonly fallback?: boolean;
  /** Tests only: code run in the fallback branch, given the local holding the failed lanes' mask. */
  readonly onFallback?: (failMask: number) => number[][];
}

const promote = (ctx: RsqrtEmitContext, v: number, high: boolean) =>
  high
    ? [...ctx.get(v), ...ctx.get(v), ...simd(SIMD.i8x16Shuffle), ...HIGH_TO_LOW, ...simd(SIMD.f64x2PromoteLowF32x4)]
    : [...ctx.get(v), ...simd(SIMD.f64x2PromoteLowF32x4)];
const join = (ctx: RsqrtEmitContext, [low, high]: readonly [number, number]) => [...ctx.get(low), ...ctx.get(high), ...simd(SIMD.i8x16Shuffle), ...LOW_HALVES];

/** out = fround(1/√x) per lane of the f32x4 local x, bit for bit; x and out may be the same local. */
export function emitRsqrtF32(ctx: RsqrtEmitContext, k: RsqrtLocals, x: number, out: number, options: RsqrtOptions = {}): void {
  const { emit, get, set } = ctx;
  emit(get(x), simd(SIMD.f32x4Sqrt), get(x), simd(SIMD.f32x4Div), set(k.r0));
  for (const h of [0, 1] as const) {
    // w = r0·(3 − (r0·r0)·x): r0·r0 first, as it is exact.
    emit(promote(ctx, k.r0, h === 1), set(k.r0F64));
    emit(get(k.r0F64), get(k.threeF64), get(k.r0F64), get(k.r0F64), simd(SIMD.f64x2Mul), promote(ctx, x, h === 1), simd(SIMD.f64x2Mul));
    emit(simd(SIMD.f64x2Sub), simd(SIMD.f64x2Mul), set(k.w));
    // The margin constants also halve w (exactly).
    emit(get(k.w), get(k.loF64), simd(SIMD.f64x2Mul), simd(SIMD.f32x4DemoteF64x2Zero), set(k.lo[h]));
    emit(get(k.w), get(k.hiF64), simd(SIMD.f64x2Mul), simd(SIMD.f32x4DemoteF64x2Zero), set(k.hi[h]));
  }
  emit(join(ctx, k.lo), set(k.result));
  if (options.failInto !== undefined) {
    // The caller redoes the whole block with the exact chain if any lane failed: no branch in its loop.
    emit(get(options.failInto), get(k.result), join(ctx, k.hi), simd(SIMD.f32x4Ne), simd(SIMD.v128Or), set(options.failInto));
  } else if (options.fallback !== false) {
    // ne is also true where either side is NaN, so every special input lands here.
    emit(get(k.result), join(ctx, k.hi), simd(SIMD.f32x4Ne), set(k.fail), get(k.fail), simd(SIMD.v128AnyTrue), [OP.if, TYPE.blockEmpty]);
    emitRsqrtF32Exact(ctx, k, x, k.result);
    emit(...(options.onFallback?.(k.fail) ?? []));
    emit([OP.end]);
  }
  emit(get(k.result), set(out));
}

/** The reference's chain itself, f64 sqrt and divide per lane: the fallback (and the baseline to measure). */
export function emitRsqrtF32Exact(ctx: RsqrtEmitContext, k: RsqrtLocals, x: number, out: number): void {
  for (const h of [0, 1] as const) {
    ctx.emit(ctx.get(k.oneF64), promote(ctx, x, h === 1), simd(SIMD.f64x2Sqrt), simd(SIMD.f64x2Div), simd(SIMD.f32x4DemoteF64x2Zero), ctx.set(k.lo[h]));
  }
  ctx.emit(join(ctx, k.lo), ctx.set(out));
}
