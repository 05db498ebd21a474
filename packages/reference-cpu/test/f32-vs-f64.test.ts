/**
 * float32 against float64, over random configs: the float32 result must lie within the spec's bound of
 * the float64 result. The bound is derived, not typed: every float32 operation rounds to within 1 ulp
 * of its exact result, so interval evaluation of the formula with 1 ulp per op (float32) encloses the
 * exact real result; so does the same in float64. Both enclose the same real number, so they must
 * overlap, and each implementation's value must lie in its own enclosure.
 */
import fc from 'fast-check';
import {
  CORRECTLY_ROUNDED,
  NO_FUSION,
  contains,
  customOptimizer,
  exactArith,
  FAITHFUL,
  intervalArith,
  overlaps,
  realEnclosureArith,
  point,
  type Arith,
  type ElementValues,
  type Interval,
  type NumericsProfile,
  type RmspropConfig,
  type RmspropProfile,
} from '@isostep/spec';
import { describe, expect, it } from 'vitest';

const f32 = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const arbConfig = fc
  .record({
    lr: f32(1e-4, 1),
    rho: f32(0, 1),
    eps: f32(1e-8, 1),
    momentum: fc.oneof(fc.constant(0), f32(0, 0.99)),
    weightDecay: fc.oneof(fc.constant(0), f32(0, 0.1)),
    centered: fc.boolean(),
    epsPlacement: fc.constantFrom('outside', 'inside', 'inside-subtracted'),
    initialMeanSquare: fc.constantFrom(0, 1),
    momentumForm: fc.constantFrom('lr-outside', 'lr-inside', 'optax-trace', 'graves'),
    nesterov: fc.boolean(),
    weightDecayMode: fc.constantFrom('none', 'coupled', 'decoupled'),
    maximize: fc.boolean(),
    biasCorrection: fc.boolean(),
    meanSquareForm: fc.constantFrom('ema', 'increment'),
    oneMinusRhoInDtype: fc.boolean(),
    alwaysAllocateMomentum: fc.boolean(),
  })
  .map((c) => ({
    ...c,
    weightDecay: c.weightDecayMode === 'none' ? 0 : c.weightDecay,
    nesterov: c.momentumForm === 'optax-trace' && c.nesterov,
  })) as fc.Arbitrary<RmspropConfig>;

const arbProfile: fc.Arbitrary<NumericsProfile> = fc.record({
  lrSite: fc.constantFrom('numerator', 'after-normalize'),
  root: fc.constantFrom('sqrt', 'rsqrt'),
  meanGradUpdate: fc.constantFrom('like-mean-square', 'lerp'),
  fused: fc.record({
    weightDecay: fc.boolean(),
    meanSquare: fc.boolean(),
    meanGrad: fc.boolean(),
    centeredVariance: fc.boolean(),
    momentumApply: fc.boolean(),
  }),
  // Flushing subnormals changes the math, not its rounding: no float64 bound describes it.
  subnormals: fc.constant('preserve'),
  float32Scalars: fc.constant([]),
  accuracy: fc.constant({ float32: CORRECTLY_ROUNDED, float64: CORRECTLY_ROUNDED }),
}) as fc.Arbitrary<NumericsProfile>;

describe('float32 within the spec’s bound of float64', () => {
  it('holds for every slot over random configs, profiles and values', () => {
    fc.assert(
      fc.property(
        arbConfig,
        arbProfile,
        fc.tuple(f32(-100, 100), f32(-100, 100), f32(0, 100), f32(-10, 10), f32(-10, 10)),
        fc.integer({ min: 1, max: 50 }),
        (cfg, profile, [p, g, v, m, b], t) => {
          const { config, program } = customOptimizer('rmsprop', cfg, profile);
          // Initial slot values by spec slot name; a slot the config does not allocate is absent.
          const start: Record<string, number> = { meanSquare: v, meanGrad: m, momentum: b };
          const run = <T>(A: Arith<T>, lift: (x: number) => T) => {
            const e: ElementValues<T> = { p: lift(p), g: lift(g) };
            for (const slot of program.slots) e[slot] = lift(start[slot]!);
            program.element(A, program.scalars(A, config.lr, t), e);
            return e;
          };
          const r32 = run(exactArith('float32'), (x) => x);
          const r64 = run(exactArith('float64'), (x) => x);
          const i32 = run(realEnclosureArith('float32'), point);
          const i64 = run(realEnclosureArith('float64'), point);
          for (const k of ['p', ...program.slots]) {
            const [a32, a64] = [i32[k]!, i64[k]!];
            expect(contains(a32, r32[k]!), `float32 ${k} in its enclosure`).toBe(true);
            // (the lerp branch is chosen from the float32 weight; both branches are the same real formula)
            expect(contains(a64, r64[k]!), `float64 ${k} in its enclosure`).toBe(true);
            expect(overlaps(a32, a64), `${k}: float32 [${a32.lo}, ${a32.hi}] vs float64 [${a64.lo}, ${a64.hi}]`).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('would catch a float32 path that rounds a constant wrongly (the check can fail)', () => {
    // torch-style ema with 1−ρ computed from a float32 ρ vs from the double: float64 bound still overlaps,
    // but a deliberately wrong update (v not decayed) must fall outside.
    const config: RmspropConfig = { lr: 0.01, rho: 0.9, eps: 1e-8, momentum: 0, weightDecay: 0, centered: false, epsPlacement: 'outside', initialMeanSquare: 0, momentumForm: 'lr-outside', nesterov: false, weightDecayMode: 'none', maximize: false, biasCorrection: false, meanSquareForm: 'ema', oneMinusRhoInDtype: false, alwaysAllocateMomentum: false };
    const profile: RmspropProfile = { lrSite: 'numerator', root: 'sqrt', meanGradUpdate: 'like-mean-square', fused: NO_FUSION, subnormals: 'preserve', float32Scalars: [], accuracy: { float32: CORRECTLY_ROUNDED, float64: CORRECTLY_ROUNDED } };
    const { program } = customOptimizer('rmsprop', config, profile);
    const IA = intervalArith('float64', FAITHFUL);
    const e: ElementValues<Interval> = { p: point(1), g: point(0.5), meanSquare: point(2) };
    program.element(IA, program.scalars(IA, config.lr, 1), e);
    expect(contains(e.meanSquare!, 2 + 0.1 * 0.25)).toBe(false); // forgot the decay
    expect(contains(e.meanSquare!, 0.9 * 2 + 0.1 * 0.25)).toBe(true);
  });
});
