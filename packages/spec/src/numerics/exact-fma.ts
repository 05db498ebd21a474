/**
 * Fused multiply-add, rounded once, for float32 and float64 operands.
 *
 * torch fuses three sites of its RMSprop into FMAs (see the torch preset's profile); reproducing its bits
 * needs fma(a, b, c) = round(a·b + c) with ONE rounding, which JavaScript has no instruction for.
 */
import type { Dtype } from '../contract/dtype.js';

/**
 * float32 fma. The product of two float32 values is exact in float64 (24+24 ≤ 53 bits), so only the sum
 * rounds twice: once to float64 (s), then to float32. TwoSum gives the float64 rounding error e exactly
 * (s + e = p + c). Double rounding can only go wrong when s lies exactly halfway between two float32
 * values; then the sign of e says which way the exact sum lies, and nudging s one float64 ulp that way
 * makes the float32 rounding see the right side of the tie.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact for float32 inputs (or ±Infinity/NaN, which then propagates as IEEE fma would)
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  // TwoSum (Knuth): exact rounding error of s = fl(p + c).
  const bv = s - p;
  const av = s - bv;
  const e = (p - av) + (c - bv);
  const r = Math.fround(s);
  if (e === 0 || r === s) return r;
  // Is s exactly a float32 tie? Then s is the midpoint of r and its neighbour on the far side.
  const other = r < s ? nextUp32(r) : nextDown32(r);
  if ((r + other) / 2 !== s) return r;
  // Break the tie with the sign of the error that float64 rounding threw away.
  return Math.fround(e > 0 ? nextUp64(s) : nextDown64(s));
}

const buf = new Float64Array(1);
const bits = new BigInt64Array(buf.buffer);
const f = new Float32Array(1);
const fb = new Int32Array(f.buffer);

function nextUp64(x: number): number {
  buf[0] = x;
  bits[0] = x >= 0 ? bits[0]! + 1n : bits[0]! - 1n;
  return buf[0]!;
}
function nextDown64(x: number): number {
  return -nextUp64(-x);
}
function nextUp32(x: number): number {
  f[0] = x;
  if (x === 0) return 1.401298464324817e-45;
  fb[0] = x > 0 ? fb[0]! + 1 : fb[0]! - 1;
  return f[0]!;
}
function nextDown32(x: number): number {
  return -nextUp32(-x);
}

/**
 * float64 fma via exact rational arithmetic on bigints: a·b + c is computed exactly, then rounded to
 * nearest even once. Slow (used only by the float64 reference where a preset fuses), but never wrong.
 */
export function fmaF64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(p + c)) {
    // Non-finite operands follow IEEE: the same as the unfused form except for overflow of p alone.
    if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c)) return exactRound(a, b, c);
    return p + c;
  }
  if (a === 0 || b === 0) return p + c; // exact: product is ±0, IEEE sign rules of the sum apply
  return exactRound(a, b, c);
}

interface Dyadic {
  m: bigint; // value = m · 2^e
  e: number;
}

function toDyadic(x: number): Dyadic {
  buf[0] = x;
  const raw = BigInt.asUintN(64, bits[0]!);
  const sign = raw >> 63n ? -1n : 1n;
  const exp = Number((raw >> 52n) & 0x7ffn);
  const frac = raw & 0xfffffffffffffn;
  if (exp === 0) return { m: sign * frac, e: -1074 };
  return { m: sign * (frac | 0x10000000000000n), e: exp - 1075 };
}

function exactRound(a: number, b: number, c: number): number {
  const da = toDyadic(a);
  const db = toDyadic(b);
  const dc = toDyadic(c);
  let pm = da.m * db.m;
  let pe = da.e + db.e;
  let cm = dc.m;
  let ce = dc.e;
  // Align to the smaller exponent; the sum is then an exact integer multiple of 2^e.
  const e = Math.min(pe, ce);
  pm <<= BigInt(pe - e);
  cm <<= BigInt(ce - e);
  pe = e;
  ce = e;
  const sum = pm + cm;
  if (sum === 0n) return 0; // a·b = −c exactly (both non-zero): the exact zero is +0 in round-to-nearest
  return roundDyadicToF64(sum, e);
}

/** Rounds m·2^e (exact) to the nearest float64, ties to even. */
function roundDyadicToF64(m: bigint, e: number): number {
  const neg = m < 0n;
  let mag = neg ? -m : m;
  const bitsLen = mag.toString(2).length;
  // Target: 53 significant bits, but not below the subnormal exponent −1074.
  let shift = bitsLen - 53;
  if (e + shift < -1074) shift = -1074 - e;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = mag & ((1n << BigInt(shift)) - 1n);
    mag >>= BigInt(shift);
    if (rem > half || (rem === half && (mag & 1n) === 1n)) mag += 1n;
    e += shift;
  }
  // mag < 2^54 and e ≥ −1074: mag·2^e is a float64 (exact product) or overflows to Infinity, as IEEE rounding does.
  const v = Number(mag) * 2 ** e;
  return neg ? -v : v;
}

export function fmaIn(dtype: Dtype, a: number, b: number, c: number): number {
  return dtype === 'float32' ? fmaF32(a, b, c) : fmaF64(a, b, c);
}
