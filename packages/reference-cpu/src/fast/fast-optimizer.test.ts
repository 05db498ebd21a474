/**
 * The fast path against the exact reference: every slot, every bit (NaN counts as equal to NaN, −0 is
 * not +0), for random RMSprop configs over all flags, every preset's profile, both dtypes and many tensor
 * sizes. The exact reference is the definition; nothing here is computed by the code under test. Random
 * configs allocate one, two or three slots, so the kernels' vector lists and segment tables are exercised
 * at every length RMSprop has.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPresets,
  customOptimizer,
  presetConfig,
  rmsprop,
  rmspropPreset,
  type Dtype,
  type NumericsProfile,
  type RmspropConfig,
  type Tensor,
} from '@isostep/spec';
import { ReferenceOptimizer } from '../exact/reference-optimizer.js';
import { FastArena } from './arena.js';
import { createFastOptimizer } from './fast-optimizer.js';

let arena: FastArena;
beforeAll(async () => {
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());

const PROFILES = allPresets('rmsprop').map((p) => ({ name: p.name, profile: p.profile }));

const configArb: fc.Arbitrary<RmspropConfig> = fc
  .record({
    lr: fc.constantFrom(0, 1e-3, 0.01, 0.5, 3),
    rho: fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.99, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    eps: fc.constantFrom(1e-10, 1e-8, 1e-7, 1e-3, 0.1, 1),
    momentum: fc.constantFrom(0, 0, 0.5, 0.9, 1),
    wd: fc.constantFrom(0, 1e-4, 0.1),
    weightDecayMode: fc.constantFrom('none', 'coupled', 'decoupled'),
    centered: fc.boolean(),
    epsPlacement: fc.constantFrom('outside', 'inside', 'inside-subtracted'),
    initialMeanSquare: fc.constantFrom(0, 1, 0.1),
    momentumForm: fc.constantFrom('lr-outside', 'lr-inside', 'optax-trace', 'graves'),
    nesterov: fc.boolean(),
    maximize: fc.boolean(),
    biasCorrection: fc.boolean(),
    meanSquareForm: fc.constantFrom('ema', 'increment'),
    oneMinusRhoInDtype: fc.boolean(),
    alwaysAllocateMomentum: fc.boolean(),
  } as const)
  .map(({ wd, nesterov, ...c }) => ({
    ...c,
    weightDecay: c.weightDecayMode === 'none' ? 0 : wd,
    nesterov: nesterov && c.momentumForm === 'optax-trace',
  }));

/** Values with the regimes that separate implementations: signed zeros, subnormals, huge, inf, NaN. */
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 2, arbitrary: fc.float() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-40, -1e-40, 1e-45, 2 ** -126, 1e20, -1e30, Infinity, NaN) },
);

interface Case {
  readonly config: RmspropConfig;
  readonly profile: NumericsProfile;
  readonly dtype: Dtype;
  readonly tensors: readonly { p: number[]; g: number[][]; slots: number[][] }[];
  readonly lrs: readonly (number | undefined)[];
  readonly inArena: boolean;
}

function caseArb(maxLength: number, maxTensors: number): fc.Arbitrary<Case> {
  return fc
    .record({
      config: configArb,
      profile: fc.constantFrom(...PROFILES).map((p) => p.profile),
      dtype: fc.constantFrom<Dtype>('float32', 'float32', 'float64'),
      steps: fc.integer({ min: 1, max: 3 }),
      lengths: fc.array(fc.integer({ min: 0, max: maxLength }), { minLength: 1, maxLength: maxTensors }),
      lrs: fc.array(fc.option(fc.constantFrom(0, 1e-3, 0.1, 2), { nil: undefined }), { minLength: 3, maxLength: 3 }),
      inArena: fc.boolean(),
    })
    .chain(({ steps, lengths, lrs, ...rest }) =>
      fc
        .tuple(
          ...lengths.map((n) =>
            fc.record({
              p: fc.array(valueArb, { minLength: n, maxLength: n }),
              g: fc.array(fc.array(valueArb, { minLength: n, maxLength: n }), { minLength: steps, maxLength: steps }),
              slots: fc.array(fc.array(valueArb, { minLength: n, maxLength: n }), { minLength: 3, maxLength: 3 }),
            }),
          ),
        )
        .map((tensors) => ({ ...rest, tensors, lrs: lrs.slice(0, steps) })),
    );
}

function sameBits(a: Tensor, b: Tensor): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `index ${i}: fast ${a[i]} vs exact ${b[i]}`;
  return null;
}

/**
 * The two exact ways the SIMD kernel computes fused sites: relaxed_madd where the start-up probe proved
 * it fused (this suite requires that proof, so on a host without a fused relaxed_madd the 'fused' runs
 * fail loudly at create instead of silently testing the emulation twice), and the f64x2 emulation.
 */
type Madd = 'fused' | 'emulated';
const MADDS: readonly Madd[] = ['fused', 'emulated'];

async function runCase(c: Case, madd: Madd, threads: 'shared' | 'own' = 'shared'): Promise<string | null> {
  const spec = customOptimizer('rmsprop', c.config, c.profile);
  const fast = await createFastOptimizer(spec, { dtype: c.dtype, madd, ...(threads === 'shared' ? { arena } : {}) });
  if (c.dtype === 'float32' && fast.fmaPath !== (madd === 'fused' ? 'relaxed-madd' : 'f64x2-emulation')) return `fma path ${fast.fmaPath} for madd ${madd}`;
  // float64: the f64x2 SIMD kernel, except for fused sites without the proof ('emulated'), the JS loop.
  const want64 = madd === 'fused' ? 'f64x2-relaxed-madd' : fast.fusedSites > 0 ? 'js-exact' : 'none';
  if (c.dtype === 'float64' && fast.fmaPath !== want64) return `float64 fma path ${fast.fmaPath} for madd ${madd}`;
  if (c.dtype === 'float64' && fast.kernel !== (want64 === 'js-exact' ? 'js' : 'simd')) return `float64 kernel ${fast.kernel} for madd ${madd}`;
  const exact = new ReferenceOptimizer(spec, { dtype: c.dtype });
  const make = (values: number[], viaFast: boolean): Tensor => {
    const t = viaFast ? fast.allocate(values.length) : c.dtype === 'float32' ? new Float32Array(values.length) : new Float64Array(values.length);
    t.set(values);
    return t;
  };
  const names = c.tensors.map((_, k) => `t${k}`);
  const pf = new Map(names.map((n, k) => [n, make(c.tensors[k]!.p, c.inArena)]));
  const pe = new Map(names.map((n, k) => [n, make(c.tensors[k]!.p, false)]));
  const sf = fast.init(pf);
  const se = exact.init(pe);
  // Start from random slot values too (negative v included): the fast path must agree on any state.
  names.forEach((n, k) => {
    exact.slots.forEach((slot, j) => {
      sf.tensors.get(n)![slot]!.set(c.tensors[k]!.slots[j]!);
      se.tensors.get(n)![slot]!.set(c.tensors[k]!.slots[j]!);
    });
  });
  try {
    for (let s = 0; s < c.lrs.length; s++) {
      const lr = c.lrs[s];
      const gf = new Map(names.map((n, k) => [n, make(c.tensors[k]!.g[s]!, c.inArena && k % 2 === 0)]));
      const ge = new Map(names.map((n, k) => [n, make(c.tensors[k]!.g[s]!, false)]));
      fast.step(pf, gf, sf, lr === undefined ? {} : { lr });
      exact.step(pe, ge, se, lr === undefined ? {} : { lr });
      for (const t of gf.values()) fast.release(t);
      for (const n of names) {
        const bad = sameBits(pf.get(n)!, pe.get(n)!);
        if (bad) return `step ${s + 1}, ${n} params: ${bad}`;
        for (const slot of exact.slots) {
          const badSlot = sameBits(sf.tensors.get(n)![slot]!, se.tensors.get(n)![slot]!);
          if (badSlot) return `step ${s + 1}, ${n} ${slot}: ${badSlot}`;
        }
      }
    }
    if (sf.step !== se.step) return `state.step ${sf.step} vs ${se.step}`;
    return null;
  } finally {
    for (const t of pf.values()) fast.release(t);
    fast.releaseState(sf);
    fast.dispose();
  }
}

describe.each(MADDS)('FastOptimizer is bit-identical to ReferenceOptimizer (fma: %s)', (madd) => {
  it('over random configs, every preset profile, both dtypes, small and odd sizes (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(13, 4), async (c) => {
        expect(await runCase(c, madd)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('with many tiny tensors (0- and 1-element ones included) in one step', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(2, 60), async (c) => {
        expect(await runCase(c, madd)).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  // Above the parallel threshold the work is split across the worker thread: segments cross tensors.
  it.each(PROFILES.map((p) => p.name))('across threads, tensors split mid-way, the %s preset (centered + momentum)', async (name) => {
    const preset = rmspropPreset(name);
    const config = presetConfig(name, { centered: true, momentum: 0.9, ...(preset.defaults.weightDecayMode === 'none' ? {} : { weightDecay: 0.01 }) });
    const sizes = [70_001, 1, 0, 65_539, 3];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 4;
    };
    const values = (n: number) => Array.from({ length: n }, rnd);
    const c: Case = {
      config,
      profile: preset.profile,
      dtype: 'float32',
      tensors: sizes.map((n) => ({ p: values(n), g: [values(n), values(n)], slots: [values(n).map(Math.abs), values(n), values(n)] })),
      lrs: [undefined, 0.003],
      inArena: true,
    };
    expect(await runCase(c, madd)).toBeNull();
    expect(await runCase({ ...c, inArena: false }, madd, 'own')).toBeNull();
  });
});

describe.each(MADDS)('the exact fma at torch\'s fused sites (fma: %s)', (madd) => {
  // g' = fma(p, wd, g) at a float32 tie: p·wd + g = 1 + 3·2⁻²⁴ − 2⁻⁶⁴ rounds (once) down to 1 + 2⁻²³,
  // but float64 first rounds it to the tie 1 + 3·2⁻²⁴, which float32 then rounds to even: 1 + 2⁻²².
  const p0 = 1 + 2 ** -20;
  const wd = 2 ** -24 - 2 ** -44;
  const g0 = 1 + 2 ** -23;
  it('is a case where rounding twice gives other bits (so the test can fail)', () => {
    expect(Math.fround(p0 * wd + g0)).toBe(1 + 2 ** -22);
    expect(Math.fround(p0) === p0 && Math.fround(wd) === wd && Math.fround(g0) === g0).toBe(true);
  });
  it.each([true, false])('gives the reference bits at a double-rounding tie (centered %s)', async (centered) => {
    const config = presetConfig('torch', { weightDecay: wd, centered, momentum: 0.5 });
    const c: Case = {
      config,
      profile: rmspropPreset('torch').profile,
      dtype: 'float32',
      tensors: [{ p: [p0, p0, p0, p0, p0], g: [[g0, -g0, g0, g0, g0]], slots: [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]] }],
      lrs: [undefined],
      inArena: true,
    };
    expect(await runCase(c, madd)).toBeNull();
  });
});

describe('FastOptimizer as an Optimizer', () => {
  it('rejects bad input before touching params or state', async () => {
    const fast = await createFastOptimizer(rmsprop('torch'), { arena });
    const p = fast.allocate(5);
    p.set([1, 2, 3, 4, 5]);
    const params = new Map([['w', p]]);
    const state = fast.init(params);
    const before = Float32Array.from(p);
    expect(() => fast.step(params, new Map([['w', new Float32Array(4)]]), state)).toThrow(/grads\["w"\]/);
    expect(() => fast.step(params, new Map([['w', new Float32Array(5)]]), state, { lr: -1 })).toThrow(/options\.lr/);
    expect(Array.from(p)).toEqual(Array.from(before));
    expect(state.step).toBe(0);
    expect(Array.from(state.tensors.get('w')!.meanSquare!)).toEqual([0, 0, 0, 0, 0]);
    fast.releaseState(state);
    fast.release(p);
  });

  it('uses the SIMD kernel for both dtypes, and the JS kernel when asked', async () => {
    const f32 = await createFastOptimizer(rmsprop('keras3'), { arena });
    const f64 = await createFastOptimizer(rmsprop('keras3'), { dtype: 'float64', arena });
    const js64 = await createFastOptimizer(rmsprop('keras3'), { dtype: 'float64', kernel: 'js' });
    expect(f32.kernel).toBe('simd');
    expect(f64.kernel).toBe('simd');
    expect(js64.kernel).toBe('js');
    const t = f64.allocate(3);
    expect(t).toBeInstanceOf(Float64Array);
    expect(arena.offsetOf(t)).toBeDefined();
    f64.release(t);
    expect(arena.offsetOf(t)).toBeUndefined();
    expect(js64.allocate(3)).toBeInstanceOf(Float64Array);
  });

  it('takes the JS loop for float64 fused sites only without a proved-fused relaxed_madd', async () => {
    const fused = await createFastOptimizer(rmsprop('torch'), { dtype: 'float64', arena, madd: 'fused' });
    const emulated = await createFastOptimizer(rmsprop('torch'), { dtype: 'float64', arena, madd: 'emulated' });
    expect(fused.fusedSites).toBeGreaterThan(0);
    expect([fused.kernel, fused.fmaPath]).toEqual(['simd', 'f64x2-relaxed-madd']);
    expect([emulated.kernel, emulated.fmaPath]).toEqual(['js', 'js-exact']);
    await expect(createFastOptimizer(rmsprop('torch'), { dtype: 'float64', arena, madd: 'emulated', kernel: 'simd' })).rejects.toThrow(/relaxed_madd proved fused/);
  });
});
