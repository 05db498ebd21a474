import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRECTLY_ROUNDED,
  contains,
  exactArith,
  intervalArith,
  point,
  rmsprop,
  stepAlongGrid,
  widthInUlps,
  type Arith,
  type ElementValues,
  type Interval,
} from '../src/index.js';

describe('interval arithmetic', () => {
  const IA = intervalArith('float32', CORRECTLY_ROUNDED);

  it('is a point equal to the correctly rounded result for point inputs and correctly rounded ops', () => {
    const r = IA.div(IA.const(1), IA.const(3));
    expect(r.lo).toBe(Math.fround(1 / 3));
    expect(r.hi).toBe(Math.fround(1 / 3));
    expect(widthInUlps('float32', r)).toBe(0);
  });

  it('widens an op by its declared ulps: sqrt within 1 ulp gives 2 ulp of width', () => {
    const torchLike = intervalArith('float32', { ...CORRECTLY_ROUNDED, sqrt: 1 });
    const r = torchLike.sqrt(point(2));
    const cr = Math.fround(Math.SQRT2);
    expect(r.lo).toBe(stepAlongGrid('float32', cr, -1));
    expect(r.hi).toBe(stepAlongGrid('float32', cr, 1));
    expect(widthInUlps('float32', r)).toBe(2);
  });

  it('allows NaN only where the operation can produce it', () => {
    expect(IA.sqrt(point(-1)).nan).toBe(true);
    expect(contains(IA.sqrt(point(-1)), 0)).toBe(false);
    expect(IA.sqrt({ lo: -1, hi: 4, nan: false }).nan).toBe(true);
    expect(IA.sub(point(Infinity), point(Infinity)).nan).toBe(true);
    expect(contains(IA.add(point(1), point(2)), Number.NaN)).toBe(false);
  });

  it('flushes subnormals when asked (DAZ + FTZ), as TensorFlow and XLA CPU threads do', () => {
    const flush = intervalArith('float32', CORRECTLY_ROUNDED, 'flush');
    expect(flush.mul(point(1e-20), point(1e-20)).hi).toBe(0);
    expect(IA.mul(point(1e-20), point(1e-20)).hi).toBeGreaterThan(0);
  });

  /** Perturbs every sqrt by up to ±1 ulp: an implementation allowed by "sqrt within 1 ulp". */
  function sloppySqrt(shift: () => number): Arith<number> {
    const a = exactArith('float32');
    return { ...a, sqrt: (x) => stepAlongGrid('float32', a.sqrt(x), shift()) };
  }

  it('contains every result an implementation within the declared accuracy can produce (torch profile)', () => {
    const acc = rmsprop('torch').profile.accuracy.float32;
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 });
    fc.assert(
      fc.property(f32, f32, fc.float({ min: 0, max: 100, noNaN: true }), fc.boolean(), fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 4, maxLength: 4 }), (p, g, v, centered, shifts) => {
        const { program, config } = rmsprop('torch', { centered, momentum: 0.9 });
        let k = 0;
        const A = sloppySqrt(() => shifts[k++ % shifts.length]!);
        const e: ElementValues<number> = { p, g, meanSquare: v, meanGrad: 0, momentum: 0 };
        program.element(A, program.scalars(A, config.lr, 1), e);
        const I = intervalArith('float32', acc);
        const ie: ElementValues<Interval> = { p: point(p), g: point(g), meanSquare: point(v), meanGrad: point(0), momentum: point(0) };
        program.element(I, program.scalars(I, config.lr, 1), ie);
        expect(contains(ie.p!, e.p!)).toBe(true);
        expect(contains(ie.meanSquare!, e.meanSquare!)).toBe(true);
        expect(contains(ie.momentum!, e.momentum!)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
