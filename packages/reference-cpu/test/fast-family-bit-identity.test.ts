/**
 * The fast path against the exact reference for EVERY optimizer the spec registers, every preset
 * profile of it, both dtypes and both fma paths: 400 random configs in all, built generically from the
 * descriptors (numbers around each preset's defaults, booleans either way, string flags drawn from the
 * values the optimizer's presets use), so an optimizer added to the spec is covered without editing this
 * file. Every param and slot, every bit (NaN equals NaN, −0 is not +0). The RMSprop-specific suite with
 * hand-picked flag combinations is `src/fast/fast-optimizer.test.ts`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, customOptimizer, type Dtype, type OptimizerDescriptor, type OptimizerSpec, type Tensor } from '@isostep/spec';
import { FastArena, createFastOptimizer } from '../src/node.js';
import { ReferenceOptimizer } from '../src/index.js';

let arena: FastArena;
beforeAll(async () => {
  arena = await FastArena.create({ threads: 2 });
});
afterAll(() => arena.dispose());

type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** Candidate values of each config field, from the presets' defaults: numbers perturbed, enums as used. */
function fieldArbs(d: AnyDescriptor): Record<string, fc.Arbitrary<unknown>> {
  const presets = Object.values(d.presets);
  const out: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of d.configKeys) {
    const values = [...new Set(presets.map((p) => (p.defaults as Record<string, unknown>)[key]))];
    const first = values[0];
    if (typeof first === 'boolean') out[key] = fc.boolean();
    else if (typeof first === 'string') out[key] = fc.constantFrom(...(values as string[]));
    else out[key] = fc.oneof(fc.constantFrom(...(values as number[])), fc.constantFrom(0, 1e-3, 0.1, 0.5, 0.9, 0.999, 1, 2));
  }
  return out;
}

/** A valid spec of this optimizer, or null when the random fields break a cross-field rule. */
function specArb(d: AnyDescriptor): fc.Arbitrary<OptimizerSpec | null> {
  const profiles = Object.values(d.presets).map((p) => p.profile);
  return fc.record({ fields: fc.record(fieldArbs(d)), profile: fc.constantFrom(...profiles) }).map(({ fields, profile }) => {
    try {
      return customOptimizer(d, fields as never, profile);
    } catch {
      return null;
    }
  });
}

const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 2, arbitrary: fc.float() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-40, -1e-40, 1e-45, 2 ** -126, 1e20, -1e30, Infinity, NaN) },
);

interface Case {
  readonly spec: OptimizerSpec | null;
  readonly dtype: Dtype;
  readonly tensors: readonly { p: number[]; g: number[][]; slots: number[][] }[];
  readonly lrs: readonly (number | undefined)[];
}

function caseArb(d: AnyDescriptor): fc.Arbitrary<Case> {
  return fc
    .record({
      spec: specArb(d),
      dtype: fc.constantFrom<Dtype>('float32', 'float32', 'float64'),
      steps: fc.integer({ min: 1, max: 3 }),
      lengths: fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 3 }),
      lrs: fc.array(fc.option(fc.constantFrom(0, 1e-3, 0.1, 2), { nil: undefined }), { minLength: 3, maxLength: 3 }),
    })
    .chain(({ steps, lengths, lrs, ...rest }) =>
      fc
        .tuple(
          ...lengths.map((n) =>
            fc.record({
              p: fc.array(valueArb, { minLength: n, maxLength: n }),
              g: fc.array(fc.array(valueArb, { minLength: n, maxLength: n }), { minLength: steps, maxLength: steps }),
              slots: fc.array(fc.array(valueArb, { minLength: n, maxLength: n }), { minLength: 4, maxLength: 4 }),
            }),
          ),
        )
        .map((tensors) => ({ ...rest, tensors, lrs: lrs.slice(0, steps) })),
    );
}

function sameBits(a: Tensor, b: Tensor): string | null {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `index ${i}: fast ${a[i]} vs exact ${b[i]}`;
  return a.length === b.length ? null : `length ${a.length} vs ${b.length}`;
}

async function runCase(c: Case, madd: 'fused' | 'emulated'): Promise<string | null> {
  const spec = c.spec!;
  const fast = await createFastOptimizer(spec, { dtype: c.dtype, madd, arena });
  // float64 runs the f64x2 SIMD kernel, but for fused sites without relaxed_madd ('emulated'): the JS loop.
  const kernel = c.dtype === 'float32' || madd === 'fused' || fast.fusedSites === 0 ? 'simd' : 'js';
  if (fast.kernel !== kernel) {
    fast.dispose();
    return `${c.dtype} kernel ${fast.kernel}, expected ${kernel} (madd ${madd})`;
  }
  const exact = new ReferenceOptimizer(spec, { dtype: c.dtype });
  const T = c.dtype === 'float32' ? Float32Array : Float64Array;
  const names = c.tensors.map((_, k) => `t${k}`);
  const pf = new Map(names.map((n, k) => [n, T.from(c.tensors[k]!.p) as Tensor]));
  const pe = new Map(names.map((n, k) => [n, T.from(c.tensors[k]!.p) as Tensor]));
  const sf = fast.init(pf);
  const se = exact.init(pe);
  // Random starting slots (any state, signs included): the fast path must agree on every state.
  names.forEach((n, k) =>
    spec.program.slots.forEach((slot, j) => {
      sf.tensors.get(n)![slot]!.set(c.tensors[k]!.slots[j % 4]!);
      se.tensors.get(n)![slot]!.set(c.tensors[k]!.slots[j % 4]!);
    }),
  );
  try {
    for (let s = 0; s < c.lrs.length; s++) {
      const lr = c.lrs[s];
      const g = () => new Map(names.map((n, k) => [n, T.from(c.tensors[k]!.g[s]!) as Tensor]));
      fast.step(pf, g(), sf, lr === undefined ? {} : { lr });
      exact.step(pe, g(), se, lr === undefined ? {} : { lr });
      for (const n of names) {
        const bad = sameBits(pf.get(n)!, pe.get(n)!);
        if (bad) return `step ${s + 1}, ${n} params: ${bad}`;
        for (const slot of spec.program.slots) {
          const badSlot = sameBits(sf.tensors.get(n)![slot]!, se.tensors.get(n)![slot]!);
          if (badSlot) return `step ${s + 1}, ${n} ${slot}: ${badSlot}`;
        }
      }
    }
    return null;
  } finally {
    fast.releaseState(sf);
    fast.dispose();
  }
}

// 400 configs across the family: each optimizer's share, each run on both fma paths.
const RUNS_PER_OPTIMIZER = Math.ceil(400 / OPTIMIZERS.length);

describe.each(OPTIMIZERS.map((d) => [d.name, d] as const))('FastOptimizer is bit-identical to ReferenceOptimizer: %s', (_name, d) => {
  it(`over ${RUNS_PER_OPTIMIZER} random configs × every preset profile × both dtypes, on both fma paths`, async () => {
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(caseArb(d), async (c) => {
        fc.pre(c.spec !== null);
        valid++;
        for (const madd of ['fused', 'emulated'] as const) {
          const bad = await runCase(c, madd);
          if (bad !== null) throw new Error(`${madd}: ${bad}`);
        }
      }),
      { numRuns: RUNS_PER_OPTIMIZER, seed: 20261201, maxSkipsPerRun: 200 },
    );
    // Most random field mixes are valid configs; if none were, the test would check nothing.
    expect(valid).toBeGreaterThanOrEqual(RUNS_PER_OPTIMIZER);
  });
});
