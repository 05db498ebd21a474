/**
 * An exact float64 fma from error-free transformations, for the JS kernel's float64 fused sites: the
 * same bits as the spec's `fmaF64` (exact rational arithmetic on bigints, ~1 µs per call) at a few
 * nanoseconds.
 *
 * Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to
 * odd" (IEEE Trans. Computers 57(4), 2008), algorithm 5:
 *   (uh, ul) = TwoProduct(a, b)      a·b = uh + ul exactly (Dekker, Veltkamp splitting)
 *   (th, tl) = TwoSum(c, uh)         c + uh = th + tl exactly (Knuth)
 *   v = RO(tl + ul)                  rounded to odd
 *   fma = RN(th + v)                 one correct rounding of a·b + c
 * Round to odd is emulated: v = RN(tl + ul) with its exact error (TwoSum); when the error is non-zero and
 * v's last bit is even, v moves one ulp towards the exact sum (that neighbour is the odd one).
 *
 * The theorem assumes no underflow and no overflow anywhere. Instead of reasoning about the edges, the
 * inputs and intermediates are range-checked and everything outside the safe box goes to the exact
 * `fmaF64`: non-finite values, |a|, |b| ≥ 2⁹⁹⁵ (the splitting constant times them would overflow),
 * |a·b|, |c| ≥ 2¹⁰⁰⁰, a non-zero product below 2⁻⁹⁶⁰ (its error term would underflow: the product's
 * lowest bit is ≥ 2⁻⁹⁶⁰⁻¹⁰⁶), and results below 2⁻⁹⁶⁰ (subnormal results round at fewer bits; exact
 * cancellation to 0 included, for the sign of zero). These are rare in training.
 */
import { fmaF64 } from '@isostep/spec';

const SPLIT = 134217729; // 2²⁷ + 1
const BIG = 2 ** 995;
const HUGE = 2 ** 1000;
const TINY = 2 ** -960;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Index of the low 32 bits of a float64 in this platform's byte order.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

export function fmaF64Eft(a: number, b: number, c: number): number {
  const uh = a * b;
  const au = Math.abs(uh);
  // NaN fails every comparison, so NaN operands take the exact path too.
  if (!(Math.abs(a) < BIG && Math.abs(b) < BIG && au < HUGE && Math.abs(c) < HUGE && (au >= TINY || a === 0 || b === 0))) {
    return fmaF64(a, b, c);
  }
  if (a === 0 || b === 0) return uh + c; // the product is ±0 exactly; IEEE's sum rules give the sign
  // TwoProduct: ul = a·b − uh exactly.
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = al * bl - (((uh - ah * bh) - al * bh) - ah * bl);
  // TwoSum(c, uh).
  const th = c + uh;
  let bv = th - c;
  const tl = (c - (th - bv)) + (uh - bv);
  // v = RO(tl + ul).
  let v = tl + ul;
  bv = v - tl;
  const e = (tl - (v - bv)) + (ul - bv);
  if (e !== 0) {
    f64[0] = v;
    if ((u32[LO]! & 1) === 0) {
      // Even: the odd neighbour towards the exact sum. Away from zero: +1 on the magnitude, else −1.
      if (e > 0 === v > 0) u32[LO] = u32[LO]! + 1; // even, so no carry
      else if (u32[LO] === 0) {
        u32[LO] = 0xffffffff;
        u32[HI] = u32[HI]! - 1;
      } else u32[LO] = u32[LO]! - 1;
      v = f64[0];
    }
  }
  const r = th + v;
  return Math.abs(r) >= TINY ? r : fmaF64(a, b, c);
}
