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
 *     costs the same whatever the margin and flagged lanes are already rare, so it does not pay.
 *  3. lo = fl64(w·(1 − δ)/2), hi = fl64(w·(1 + δ)/2), δ = 2⁻⁴⁴ (the constants are exact and fold in the
 *     halving; the products round by ≤ u): lo < t·(1 − 0.6·2⁻⁴⁴) < y < hi, 2.5× the needed margin.
 *     Rounding to float32 is monotonic, so where fl32(lo) = fl32(hi) that is fl32(y), the reference's bits.
 *  4. Otherwise (a float32 rounding midpoint within the margin: 27 of the 2²⁴ floats in [1, 4), about
 *     2⁻¹⁹ of lanes) the lane is flagged in the caller's `failInto` mask, and the caller computes it
 *     again with the reference's own chain (`emitRsqrtF32Exact`: f64 sqrt, f64 divide, demote). The
 *     kernel redoes the whole block; a branch per vector inside its loop made V8 keep the loop's values
 *     in memory across it, which cost more than the exact chain saved.
 * Every other input is flagged too: for +0, −0, +∞ (0/0, ∞/∞), negatives and NaN, r0 is NaN, so are lo
 * and hi, and f32x4.ne is true where either side is NaN.
 * Subnormal x: every step above commutes exactly with x → 4ᵏ·x (k an integer; fl32(√x) and r0 stay
 * normal, r0 ≤ 2⁷⁴·⁵, and nothing in f64 comes near its range ends), and so does the reference, so x
 * takes the path and the bits of the x′ = 4⁻ᵏ·x in [1, 4) (exact: x′ needs no more bits than x). That is
 * why the test's exhaustive sweep of [1, 4) covers every positive finite float32.
 * `emitRsqrtF32Fused` (below) is a second estimate in f32x4 alone, for hosts with a fused multiply-add.
 */
import { SIMD, simd } from './wasm-encoding.js';

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
  const k = { oneF64: t(), threeF64: t(), loF64: t(), hiF64: t(), r0: t(), r0F64: t(), w: t(), result: t(), lo: [t(), t()] as const, hi: [t(), t()] as const };
  ctx.emit(splatF64(1), ctx.set(k.oneF64), splatF64(3), ctx.set(k.threeF64));
  ctx.emit(splatF64((1 - margin) / 2), ctx.set(k.loF64), splatF64((1 + margin) / 2), ctx.set(k.hiF64));
  return k;
}

export interface RsqrtOptions {
  /**
   * A v128 local the failed lanes' mask (all ones) is ORed into. Failed lanes are left wrong: the caller
   * must compute them again with `emitRsqrtF32Exact` (the kernel redoes the block).
   */
  readonly failInto: number;
}

const promote = (ctx: RsqrtEmitContext, v: number, high: boolean) =>
  high
    ? [...ctx.get(v), ...ctx.get(v), ...simd(SIMD.i8x16Shuffle), ...HIGH_TO_LOW, ...simd(SIMD.f64x2PromoteLowF32x4)]
    : [...ctx.get(v), ...simd(SIMD.f64x2PromoteLowF32x4)];
const join = (ctx: RsqrtEmitContext, [low, high]: readonly [number, number]) => [...ctx.get(low), ...ctx.get(high), ...simd(SIMD.i8x16Shuffle), ...LOW_HALVES];

/**
 * out = fround(1/√x) per lane of the f32x4 local x, bit for bit, in every lane it leaves clear in
 * `options.failInto`; x and out may be the same local.
 */
export function emitRsqrtF32(ctx: RsqrtEmitContext, k: RsqrtLocals, x: number, out: number, options: RsqrtOptions): void {
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
  // ne is also true where either side is NaN, so every special input is flagged.
  emit(get(options.failInto), get(k.result), join(ctx, k.hi), simd(SIMD.f32x4Ne), simd(SIMD.v128Or), set(options.failInto));
  emit(get(k.result), set(out));
}

/** The reference's chain itself, f64 sqrt and divide per lane: what failed lanes are computed with. */
export function emitRsqrtF32Exact(ctx: RsqrtEmitContext, k: RsqrtLocals, x: number, out: number): void {
  for (const h of [0, 1] as const) {
    ctx.emit(ctx.get(k.oneF64), promote(ctx, x, h === 1), simd(SIMD.f64x2Sqrt), simd(SIMD.f64x2Div), simd(SIMD.f32x4DemoteF64x2Zero), ctx.set(k.lo[h]));
  }
  ctx.emit(join(ctx, k.lo), ctx.set(out));
}

/** The fused estimate's decision margin B, relative to r0 (12.1·2⁻⁴⁸ is needed: see `emitRsqrtF32Fused`). */
export const RSQRT_FUSED_MARGIN = 2 ** -44;

/** The f32x4 constants and scratch locals of `emitRsqrtF32Fused`, set up once before the loop. */
export interface RsqrtFusedLocals {
  readonly negOne: number;
  readonly negThreeEighths: number;
  readonly half: number;
  readonly margin: number;
  readonly r0: number;
  readonly h: number;
  readonly hl: number;
  readonly en: number;
  readonly cn: number;
  readonly br: number;
  readonly lo: number;
}

const splatF32 = (x: number) => [...simd(SIMD.v128Const), ...new Uint8Array(new Float32Array([x, x, x, x]).buffer)];

/** Allocates and sets the fused estimate's constants (`margin` other than RSQRT_FUSED_MARGIN: tests only). */
export function emitRsqrtFusedConstants(ctx: RsqrtEmitContext, margin = RSQRT_FUSED_MARGIN): RsqrtFusedLocals {
  // B·r0 must be exact: a power of two (or 0).
  if (!(margin === 0 || (margin > 0 && Math.log2(margin) % 1 === 0 && margin >= 2 ** -60))) throw new RangeError(`rsqrt margin ${margin}: not 0 or a power of two ≥ 2⁻⁶⁰`);
  const t = () => ctx.temp();
  const k = { negOne: t(), negThreeEighths: t(), half: t(), margin: t(), r0: t(), h: t(), hl: t(), en: t(), cn: t(), br: t(), lo: t() };
  ctx.emit(splatF32(-1), ctx.set(k.negOne), splatF32(-0.375), ctx.set(k.negThreeEighths), splatF32(0.5), ctx.set(k.half), splatF32(margin), ctx.set(k.margin));
  return k;
}

export interface RsqrtFusedOptions {
  /** A v128 local to OR the failed lanes' mask into (see `RsqrtOptions.failInto`). */
  readonly failInto: number;
  /** false (tests only): drop the (3/8)e² term, to show the sweep notices. */
  readonly secondOrder?: boolean;
}

/**
 * `emitRsqrtF32`'s `failInto` mode in f32x4 alone, with a fused multiply-add (`f32x4.relaxed_madd`, only
 * where madd-probe.ts proved it rounds once): out = fround(1/√x) in every lane whose bit it leaves clear
 * in `failInto`. u = 2⁻²⁴; fl(·) rounds to float32, within u·|v| + 2⁻¹⁵⁰; x positive finite (normal or
 * subnormal), t = 1/√x ∈ [2⁻⁶⁴, 2⁷⁴·⁵].
 *  1. r0 = fl(fl(√x)/x) = t(1+a), |a| ≤ 2u + u², normal. ε = 1 − x·r0² (exact real): |ε| ≤ (1+u)⁴ − 1 < 4.01u.
 *  2. h = fl(x·r0) and hl = fma(x, r0, −h) = x·r0 − h exactly: x·r0 is a multiple of Q, the product of the
 *     operands' last-bit weights, ulp(h) ≤ 2²⁴Q and |hl| ≤ ulp(h)/2, so hl = integer·Q with |integer| ≤ 2²³;
 *     and Q ≥ 2⁻¹¹⁰ over the whole range (normal x = 2^E·m: Q ≥ 2^(E/2 − 47.5); subnormal x: 2⁻¹⁴⁹ times
 *     r0's ≥ 2³⁹), far above float32's 2⁻¹⁴⁹ spacing, so hl is a float32.
 *  3. −e1 = fma(h, r0, −1): 1 − h·r0 = ε + hl·r0, |·| ≤ 4.01u + 1.01u < 2⁻²¹, so it rounds by δ1 ≤ 2⁻⁴⁶ =
 *     4u² (it needs up to 26 bits: not exact). −e = fma(hl, r0, −e1) rounds ε + δ1 by ≤ u(4.01u + 4u²).
 *     So e = ε + Δe, |Δe| ≤ 8.02u².
 *  4. t = r0(1 − ε)^(−1/2) = r0(1 + ε/2 + (3/8)ε² + R), |R| ≤ 0.32|ε|³ ≈ 21u³. c = g·p, g = fl(r0·e),
 *     p = fma(e, 3/8, 1/2) (within 2⁻²⁵ ≤ 1.001u·p): three roundings of u on |c| ≤ 2.011u·r0 and Δe (halved)
 *     give |r0 + c − t| ≤ (6.04u² + 4.02u² + O(u³))·r0 ≤ 10.1u²·r0. (Without the (3/8)ε² term: 6u² more.)
 *  5. B·r0 is exact (B a power of two, B·r0 ≥ 2⁻¹⁰⁹). lo = fl(r0 + fl(c − B·r0)), hi = fl(r0 + fl(c + B·r0));
 *     the inner roundings are within u(|c| + B·r0) + 2⁻¹⁵⁰. With B(1 − u) ≥ 10.1u² + 2.02u² (+ 2⁻¹⁵⁰/r0),
 *     i.e. B ≥ 12.1u² (B = 2⁻⁴⁴ = 16u²: 1.3× that; measured over [1, 4) and 10⁷ other inputs, |r0 + c − t|
 *     stays ≤ 4.3u²·r0), the two sums
 *     bracket t, and rounding is monotonic: lo = hi ⇒ lo = fl(t), the reference's bits (the module
 *     comment: its f64 chain equals fl(t) for every float32). This holds across a binade edge too, so a
 *     power-of-two result needs no special case. Lanes with lo ≠ hi (t within ~B of a float32 midpoint,
 *     like the f64 estimate's 27 of the 2²⁴ in [1, 4)) are flagged.
 * Special inputs: +0, −0 (0/0), +∞ (∞/∞), negatives and NaN make r0 NaN, hence lo and hi, and f32x4.ne is
 * true for NaN. Positive finite x keeps everything finite (h ≤ 2⁶⁴, r0 ≤ 2⁷⁴·⁵, |c| ≤ 2⁵²).
 * Signs: only madd is proved fused (not relaxed_nmadd), so e and c are carried negated. The window is
 * B·r0 and four adds rather than four madds: adds issue beside the multiplies (~8% faster on Zen 4).
 */
export function emitRsqrtF32Fused(ctx: RsqrtEmitContext, k: RsqrtFusedLocals, x: number, out: number, options: RsqrtFusedOptions): void {
  const { emit, get, set } = ctx;
  const madd = simd(SIMD.f32x4RelaxedMadd);
  emit(get(x), simd(SIMD.f32x4Sqrt), get(x), simd(SIMD.f32x4Div), set(k.r0));
  emit(get(x), get(k.r0), simd(SIMD.f32x4Mul), set(k.h));
  emit(get(x), get(k.r0), get(k.h), simd(SIMD.f32x4Neg), madd, set(k.hl));
  emit(get(k.hl), get(k.r0), get(k.h), get(k.r0), get(k.negOne), madd, madd, set(k.en));
  emit(get(k.r0), get(k.en), simd(SIMD.f32x4Mul));
  if (options.secondOrder === false) emit(get(k.half), simd(SIMD.f32x4Mul), set(k.cn));
  else emit(get(k.en), get(k.negThreeEighths), get(k.half), madd, simd(SIMD.f32x4Mul), set(k.cn));
  emit(get(k.r0), get(k.margin), simd(SIMD.f32x4Mul), set(k.br));
  // lo = r0 − (−c + B·r0), hi = r0 − (−c − B·r0).
  emit(get(k.r0), get(k.cn), get(k.br), simd(SIMD.f32x4Add), simd(SIMD.f32x4Sub), set(k.lo));
  emit(get(options.failInto), get(k.lo), get(k.r0), get(k.cn), get(k.br), simd(SIMD.f32x4Sub), simd(SIMD.f32x4Sub));
  emit(simd(SIMD.f32x4Ne), simd(SIMD.v128Or), set(options.failInto), get(k.lo), set(out));
}
