import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmaF32, fmaF64 } from '../src/index.js';

/** Independent reference: a·b + c as an exact bigint rational, rounded to float32 by hand (ties to even). */
function exactFmaF32(a: number, b: number, c: number): number {
  const dy = (x: number) => {
    // every float32 is m·2^e with integer m, e ≥ −149
    let e = -149;
    // x·2^149 is an integer for every float32; scale in two steps so the product stays finite.
    let m = Math.abs(x) < 2 ** 10 ? BigInt(x * 2 ** 149) : BigInt(x * 2 ** 100) * 2n ** 49n;
    while (m !== 0n && m % 2n === 0n) {
      m /= 2n;
      e++;
    }
    return { m, e };
  };
  const A = dy(a);
  const B = dy(b);
  const C = dy(c);
  const pe = A.e + B.e;
  const e = Math.min(pe, C.e);
  const sum = A.m * B.m * 2n ** BigInt(pe - e) + C.m * 2n ** BigInt(C.e - e);
  // Scan float32 candidates around the float64 approximation and pick the nearest (ties to even).
  const approx = Math.fround(Number(sum) * 2 ** e);
  let best = approx;
  let bestDist: bigint | null = null;
  const f = new Float32Array(1);
  const u = new Int32Array(f.buffer);
  for (let k = -2; k <= 2; k++) {
    f[0] = approx;
    u[0] = u[0]! + k * (approx >= 0 ? 1 : -1);
    const cand = f[0]!;
    if (!Number.isFinite(cand)) continue;
    const cd = dy(cand);
    const shift = cd.e - e;
    const cv = shift >= 0 ? cd.m * 2n ** BigInt(shift) : null;
    if (cv === null) continue;
    const dist = cv > sum ? cv - sum : sum - cv;
    if (bestDist === null || dist < bestDist || (dist === bestDist && (u[0]! & 1) === 0)) {
      best = cand;
      bestDist = dist;
    }
  }
  return best;
}

describe('fmaF32', () => {
  it('rounds once where float64 would land exactly on a float32 tie (the double-rounding case)', () => {
    const a = Math.fround(1 + 2 ** -12);
    // a·a = 1 + 2^-11 + 2^-24: exactly halfway between two float32 values.
    expect(a * a).toBe(1 + 2 ** -11 + 2 ** -24);
    // +2^-60 is lost when rounding to float64 (then ties-to-even would go down); the exact sum is above the tie.
    expect(Math.fround(a * a + 2 ** -60)).toBe(1 + 2 ** -11); // the naive double rounding, wrong
    expect(fmaF32(a, a, 2 ** -60)).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(fmaF32(a, a, -(2 ** -60))).toBe(1 + 2 ** -11);
    expect(fmaF32(a, a, 0)).toBe(1 + 2 ** -11); // an exact tie rounds to even
  });

  it('equals the exactly rounded a·b + c on random float32 operands', () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e15), max: Math.fround(1e15) });
    fc.assert(
      fc.property(f32, f32, f32, (a, b, c) => {
        expect(Object.is(fmaF32(a, b, c) + 0, exactFmaF32(a, b, c) + 0)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('follows IEEE for non-finite results', () => {
    expect(fmaF32(Infinity, 0, 1)).toBeNaN();
    expect(fmaF32(3e38, 3e38, -Infinity)).toBe(-Infinity);
    expect(fmaF32(2e38, 2, 0)).toBe(Infinity);
  });
});

describe('fmaF64', () => {
  it('gives the exact rounding error of a product (fma(a, b, −a·b)), checked with a Dekker split', () => {
    const split = (x: number) => {
      const t = 134217729 * x; // 2^27 + 1
      const hi = t - (t - x);
      return [hi, x - hi] as const;
    };
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e100, max: 1e100 }), fc.double({ noNaN: true, min: -1e100, max: 1e100 }), (a, b) => {
        const p = a * b;
        // TwoProduct is exact only when the error term does not underflow.
        fc.pre(Math.abs(p) > 2 ** -960);
        const [ah, al] = split(a);
        const [bh, bl] = split(b);
        const err = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // Dekker's TwoProduct, exact without overflow
        expect(fmaF64(a, b, -p)).toBe(err);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds once: 1 + 2^-52 squared minus 1', () => {
    const a = 1 + 2 ** -52;
    // a² = 1 + 2^-51 + 2^-104; minus (1 + 2^-51) leaves 2^-104 exactly, which plain arithmetic loses.
    expect(a * a - (1 + 2 ** -51)).toBe(0);
    expect(fmaF64(a, a, -(1 + 2 ** -51))).toBe(2 ** -104);
  });
});
