/**
 * The float64 WebAssembly SIMD kernel (`simd-kernel-f64.ts`) against the exact reference, bit for bit
 * (NaN equals NaN, −0 is not +0): every preset of every optimizer (flushing and not, torch's fused sites
 * included, with relaxed_madd required proved fused as in the other suites), its defaults and random
 * configs, values across float64's range (subnormals, ±0, NaN, ±∞, near-overflow), odd lengths (a
 * padding lane), many small tensors, tensors large enough to be split across threads, in the arena and
 * copied in, several steps with a changing lr. Then a deliberately wrong kernel, to show the check fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, customOptimizer, fromPreset, type OptimizerDescriptor, type OptimizerSpec, type Tensor } from '@isostep/spec';
import { FastArena, createFastOptimizer } from '../src/node.js';
import { ReferenceOptimizer } from '../src/index.js';
import { MAX_SUBNORMAL_F64_BITS, f64KernelTestHooks } from '../src/fast/simd-kernel-f64.js';

let arena: FastArena;
beforeAll(async () => {
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());
afterEach(() => {
  f64KernelTestHooks.maxSubnormalBits = MAX_SUBNORMAL_F64_BITS;
});

type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** A seeded generator (the failures must be reproducible). */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e300, -1e308, Number.MAX_VALUE, 2 ** -1022, -(2 ** -1022), 2 ** -1074, -(2 ** -1074), 2 ** -1022 - 2 ** -1074, 1e-310];

/** float64 values in every regime: ordinary, any exponent, subnormal, special. */
function value(r: ReturnType<typeof rng>): number {
  const u = r.next();
  const sign = r.next() < 0.5 ? -1 : 1;
  if (u < 0.55) return (r.next() - 0.5) * 8;
  if (u < 0.75) return sign * (1 + r.next()) * 2 ** (Math.floor(r.next() * 2097) - 1074);
  if (u < 0.9) return sign * r.next() * 2 ** -1022;
  return r.pick(SPECIAL);
}

/** A random valid config of the preset's optimizer under its profile (fields as the presets use them). */
function randomSpec(d: AnyDescriptor, preset: string, r: ReturnType<typeof rng>): OptimizerSpec {
  const presets = Object.values(d.presets);
  const profile = d.presets[preset]!.profile;
  for (let attempt = 0; attempt < 200; attempt++) {
    const fields: Record<string, unknown> = {};
    for (const key of d.configKeys) {
      const values = [...new Set(presets.map((p) => (p.defaults as Record<string, unknown>)[key]))];
      const first = values[0];
      if (typeof first === 'boolean') fields[key] = r.next() < 0.5;
      else if (typeof first === 'string') fields[key] = r.pick(values);
      else fields[key] = r.pick([...values, 0, 1e-3, 0.1, 0.5, 0.9, 0.999, 1, 2]);
    }
    try {
      return customOptimizer(d, fields as never, profile);
    } catch {
      // a cross-field rule: draw again
    }
  }
  throw new Error(`no valid random config of ${d.name} ${preset}`);
}

function sameBits(a: Tensor, b: Tensor): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `index ${i}: fast ${a[i]} vs exact ${b[i]}`;
  return null;
}

interface Case {
  readonly spec: OptimizerSpec;
  readonly lengths: readonly number[];
  readonly lrs: readonly (number | undefined)[];
  readonly seed: number;
  /** Params and every other tensor allocated in the arena (else copied in and out). */
  readonly inArena: boolean;
  /** Values: random (value()) or one fixed set per role, for the hand-made mutation case. */
  readonly values?: { p: number; g: number; slot: number };
}

/** null when the fast float64 SIMD path gives the reference's bits on every param and slot, every step. */
async function runCase(c: Case): Promise<string | null> {
  const fast = await createFastOptimizer(c.spec, { dtype: 'float64', madd: 'fused', arena });
  if (fast.kernel !== 'simd') return `kernel ${fast.kernel}, not the float64 SIMD kernel`;
  if (fast.fmaPath !== 'f64x2-relaxed-madd') return `fma path ${fast.fmaPath}`;
  const exact = new ReferenceOptimizer(c.spec, { dtype: 'float64' });
  const r = rng(c.seed);
  const draw = (n: number, fixed?: number) => Array.from({ length: n }, () => fixed ?? value(r));
  const make = (values: number[], viaFast: boolean): Float64Array => {
    const t = viaFast ? (fast.allocate(values.length) as Float64Array) : new Float64Array(values.length);
    t.set(values);
    return t;
  };
  const names = c.lengths.map((_, k) => `t${k}`);
  const p0 = c.lengths.map((n) => draw(n, c.values?.p));
  const pf = new Map(names.map((n, k) => [n, make(p0[k]!, c.inArena)]));
  const pe = new Map(names.map((n, k) => [n, make(p0[k]!, false)]));
  const sf = fast.init(pf);
  const se = exact.init(pe);
  // Any starting state, negative and special values included.
  names.forEach((n, k) =>
    c.spec.program.slots.forEach((slot) => {
      const v = draw(c.lengths[k]!, c.values?.slot);
      sf.tensors.get(n)![slot]!.set(v);
      se.tensors.get(n)![slot]!.set(v);
    }),
  );
  const grads: Float64Array[] = [];
  try {
    for (let s = 0; s < c.lrs.length; s++) {
      const g = c.lengths.map((n) => draw(n, c.values?.g));
      const gf = new Map(names.map((n, k) => [n, make(g[k]!, c.inArena && k % 2 === 0)]));
      grads.push(...gf.values());
      const lr = c.lrs[s];
      fast.step(pf, gf, sf, lr === undefined ? {} : { lr });
      exact.step(pe, new Map(names.map((n, k) => [n, Float64Array.from(g[k]!)])), se, lr === undefined ? {} : { lr });
      for (const n of names) {
        const bad = sameBits(pf.get(n)!, pe.get(n)!);
        if (bad) return `step ${s + 1}, ${n} params: ${bad}`;
        for (const slot of c.spec.program.slots) {
          const badSlot = sameBits(sf.tensors.get(n)![slot]!, se.tensors.get(n)![slot]!);
          if (badSlot) return `step ${s + 1}, ${n} ${slot}: ${badSlot}`;
        }
      }
    }
    return null;
  } finally {
    for (const t of [...pf.values(), ...grads]) fast.release(t);
    fast.releaseState(sf);
  }
}

const PRESETS = OPTIMIZERS.flatMap((d) => Object.keys(d.presets).map((preset) => [`${d.name} ${preset}`, d, preset] as const));
// Odd lengths (a padding lane), empty and one-element tensors, and 30 small ones: one call, many segments.
const SMALL = [1, 3, 0, 5, 7, 2, 13, 4, ...Array.from({ length: 30 }, (_, k) => k % 4)];
const LRS = [undefined, 1e-3, 0.1];

describe.each(PRESETS)('float64 SIMD kernel = exact reference: %s', (_label, d, preset) => {
  it('at the defaults and 4 random configs, values in every regime, many small odd tensors, 3 steps', async () => {
    const r = rng(preset.length * 7919 + d.name.length);
    const specs = [fromPreset(d, preset), ...Array.from({ length: 4 }, () => randomSpec(d, preset, r))];
    for (const [k, spec] of specs.entries()) {
      expect(await runCase({ spec, lengths: SMALL, lrs: LRS, seed: 1000 + k, inArena: k % 2 === 0 }), `config ${k}`).toBeNull();
    }
  });
});

// Above PARALLEL_MIN_ELEMENTS the work is split between the two threads, mid-tensor.
const LARGE = OPTIMIZERS.flatMap((d) => ['torch', 'keras3', 'optax'].filter((p) => p in d.presets).map((preset) => [`${d.name} ${preset}`, d, preset] as const));
describe.each(LARGE)('float64 SIMD kernel = exact reference across threads: %s', (_label, d, preset) => {
  it('a 70,001-element tensor and small ones, in the arena and copied in', async () => {
    const spec = fromPreset(d, preset);
    const lengths = [3, 70_001, 1, 0, 5];
    expect(await runCase({ spec, lengths, lrs: [undefined, 0.003], seed: 77, inArena: true })).toBeNull();
    expect(await runCase({ spec, lengths, lrs: [0.01], seed: 78, inArena: false })).toBeNull();
  });
});

describe('the check can fail (mutation)', () => {
  // keras3 flushes g on read; with p = 0, zero slots and lr = 1 (so lr·g is g), p moves by −g/ε, a
  // normal number, unless g is flushed.
  const mutationCase = (): Case => ({
    spec: fromPreset('rmsprop', 'keras3'),
    lengths: [5],
    lrs: [1],
    seed: 1,
    inArena: true,
    values: { p: 0, g: 1.5 * 2 ** -1023, slot: 0 },
  });

  it('passes with the real flush threshold', async () => {
    expect(await runCase(mutationCase())).toBeNull();
  });

  it('detects a flush threshold of 2⁻¹⁰²³ instead of 2⁻¹⁰²² (subnormals above it kept)', async () => {
    f64KernelTestHooks.maxSubnormalBits = 0x0007_ffff_ffff_ffffn;
    expect(await runCase(mutationCase())).toMatch(/^step 1, t0 params: index 0: fast -[0-9.]+e-30\d vs exact 0$/);
  });

  it('detects the same wrong threshold on the random values of the suite above', async () => {
    f64KernelTestHooks.maxSubnormalBits = 0x0007_ffff_ffff_ffffn;
    const failures: (string | null)[] = [];
    for (const preset of ['keras3', 'tf1', 'optax']) {
      failures.push(await runCase({ spec: fromPreset('rmsprop', preset), lengths: SMALL, lrs: LRS, seed: 3000, inArena: true }));
    }
    expect(failures.filter((x) => x !== null).length, String(failures)).toBeGreaterThan(0);
  });
});
