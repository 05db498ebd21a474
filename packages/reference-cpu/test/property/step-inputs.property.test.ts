/**
 * `step` of ReferenceOptimizer and FastOptimizer under 10,000 generated inputs each: valid params,
 * gradients, state and options with one or more hostile changes (missing, extra, short, mistyped or
 * prototype-named tensors; state headers and slots; options with bad, infinite-in-float32 or misspelled
 * entries; non-finite gradients with and without the `rejectNonFinite` guard). Each step either applies
 * (the step count advances) or throws a typed error naming the input, and then every byte of params
 * and state is unchanged.
 */
import {
  InvalidConfigError,
  NonFiniteGradientError,
  ShapeMismatchError,
  fromPreset,
  type Dtype,
  type Optimizer,
  type OptimizerState,
  type Tensor,
} from '@isostep/spec';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { FastOptimizer } from '../../src/node.js';
import { EDGE_NUMBERS, PROTOTYPE_KEYS, bytesOf } from './hostile-values.js';

const RUNS = 10_000;

type Mutation = (x: { params: Map<string, unknown>; grads: Map<string, unknown>; state: Record<string, unknown>; options: Record<string, unknown> }, dtype: Dtype) => void;

const other = (dtype: Dtype, n: number): Tensor => (dtype === 'float32' ? new Float64Array(n) : new Float32Array(n));
const same = (dtype: Dtype, values: number[]): Tensor => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));

/** One hostile change each; several may apply to one input. */
const MUTATIONS: Record<string, fc.Arbitrary<Mutation>> = {
  gradMissing: fc.constant((x) => void x.grads.delete('b')),
  gradExtra: fc.constantFrom('z', ...PROTOTYPE_KEYS).map((k) => (x, dt) => void x.grads.set(k, same(dt, [1]))),
  gradLength: fc.nat({ max: 4 }).map((n) => (x, dt) => void x.grads.set('w', same(dt, Array(n === 3 ? 4 : n).fill(0.5)))),
  gradType: fc.constantFrom<unknown>(null, [0.1, 0.2, 0.3], 'g', 3, {}).map((v) => (x) => void x.grads.set('w', v)),
  gradDtype: fc.constant((x, dt) => void x.grads.set('b', other(dt, 1))),
  gradValues: fc.constantFrom(...EDGE_NUMBERS).map((v) => (x, dt) => void x.grads.set('w', same(dt, [0.1, v, 0.2]))),
  // Applied by the property itself: the gradients passed as a plain object.
  gradsNotMap: fc.constant(() => {}),
  paramDtype: fc.constant((x, dt) => void x.params.set('b', other(dt, 1))),
  lr: fc.constantFrom<unknown>(...EDGE_NUMBERS, '0.1', null).map((v) => (x) => void (x.options.lr = v)),
  guard: fc.constantFrom<unknown>(true, false, 1, 'yes').map((v) => (x) => void (x.options.rejectNonFinite = v)),
  optionKey: fc.constantFrom('lrr', 'LR', 'learningRate', 'toString', 'rejectNonFinte').map((k) => (x) => void (x.options[k] = 0.1)),
  stateVersion: fc.constantFrom<unknown>(2, 0, '1', undefined).map((v) => (x) => void (x.state.version = v)),
  stateStep: fc.constantFrom<unknown>(-1, 1.5, NaN, Infinity, '1', null).map((v) => (x) => void (x.state.step = v)),
  stateSlots: fc.constantFrom<unknown>([], ['meanSquare'], null, 'meanSquare').map((v) => (x) => void (x.state.slots = v)),
  stateTensors: fc.constantFrom<unknown>(null, {}, new Map()).map((v) => (x) => void (x.state.tensors = v)),
  slotTensor: fc.constantFrom<unknown>(null, undefined, new Float32Array(1), new Float64Array(7), [0]).map((v) => (x) => {
    const t = x.state.tensors as Map<string, Record<string, unknown>>;
    if (!(t instanceof Map)) return;
    const slots = t.get('w');
    if (slots && Object.keys(slots).length > 0) t.set('w', { ...slots, [Object.keys(slots)[0]!]: v });
    else t.set('w', v as Record<string, unknown>);
  }),
  stateExtraParam: fc.constant((x) => {
    if (x.state.tensors instanceof Map) x.state.tensors.set('ghost', {});
  }),
};
const mutation = fc.constantFrom(...Object.keys(MUTATIONS)).chain((k) => MUTATIONS[k]!.map((m) => ({ name: k, m })));

interface Subject {
  readonly label: string;
  readonly opt: Optimizer & { readonly dtype: Dtype };
}

const subjects: Subject[] = [];
beforeAll(async () => {
  // Configs with and without the momentum and centered slots, both dtypes, exact and fast.
  for (const [preset, overrides] of [['torch', { centered: true, momentum: 0.9 }], ['keras3', {}], ['tfjs', { centered: true }]] as const) {
    const spec = fromPreset('rmsprop', preset, overrides);
    for (const dtype of ['float32', 'float64'] as const) {
      subjects.push({ label: `reference ${preset} ${dtype}`, opt: createOptimizer(spec, { dtype }) });
      subjects.push({ label: `fast ${preset} ${dtype}`, opt: await FastOptimizer.create(spec, { dtype, threads: 1 }) });
    }
  }
});
afterAll(() => {
  for (const s of subjects) if (s.opt instanceof FastOptimizer) s.opt.dispose();
});

function run(kind: 'reference' | 'fast') {
  return () => {
    let accepted = 0;
    let rejected = 0;
    const pick = fc.nat({ max: 5 }).map((i) => subjects.filter((s) => s.label.startsWith(kind))[i]!);
    fc.assert(
      fc.property(pick, fc.array(mutation, { minLength: 0, maxLength: 3 }), ({ opt }, mutations) => {
        const dt = opt.dtype;
        const params = new Map<string, unknown>([['w', same(dt, [0.5, -1.25, 3])], ['b', same(dt, [0.1])]]);
        const grads = new Map<string, unknown>([['w', same(dt, [0.2, -0.4, 1])], ['b', same(dt, [0.3])]]);
        const state = opt.init(params as Map<string, Tensor>) as unknown as Record<string, unknown>;
        const copy: Record<string, unknown> = { ...state, tensors: new Map(state.tensors as Map<string, unknown>) };
        const x = { params, grads, state: copy, options: {} as Record<string, unknown> };
        let gradsArg: unknown = grads;
        for (const { name, m } of mutations) {
          if (name === 'gradsNotMap') gradsArg = Object.fromEntries(grads);
          else m(x, dt);
        }
        const before = bytesOf(params, copy);
        const stepBefore = copy.step;
        try {
          opt.step(params as Map<string, Tensor>, gradsArg as Map<string, Tensor>, copy as unknown as OptimizerState, mutations.length % 2 === 0 ? x.options : undefined);
          expect(copy.step).toBe((stepBefore as number) + 1);
          accepted++;
        } catch (e) {
          if (e instanceof Error && e.name === 'AssertionError') throw e;
          rejected++;
          // Typed, and naming the input: a tensor (params/grads/state…), an option, the gradient index.
          if (e instanceof ShapeMismatchError) expect(e.tensor).toMatch(/^(params|grads|state)/);
          else if (e instanceof InvalidConfigError) expect(e.field).toMatch(/^options(\.|$)/);
          else if (e instanceof NonFiniteGradientError) expect(e.tensor).toMatch(/^grads\["(w|b)"\]$/);
          else throw e;
          expect(bytesOf(params, copy)).toBe(before);
          expect(copy.step).toBe(stepBefore);
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(rejected).toBeGreaterThan(RUNS / 4);
  };
}

describe('step inputs: a step applies, or throws a typed error naming the input with nothing changed', () => {
  it(`ReferenceOptimizer, ${RUNS} generated steps`, run('reference'));
  it(`FastOptimizer, ${RUNS} generated steps`, run('fast'));
});
