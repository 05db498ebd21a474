/**
 * TF.js's own `tf.train.sgd`, `tf.train.momentum` (plain and Nesterov), `tf.train.adagrad`,
 * `tf.train.adadelta` and `tf.train.adam` ARE the spec's `tfjs` presets: built-in and adapter give
 * identical bits (Object.is on every element, NaN and ±Infinity included) step by step on the cpu
 * backend, for every parameter and every slot, over several variables of different shapes.
 *
 * The built-ins' `getWeights` layouts are checked against TF.js 4.22 itself here: the entry names and
 * order TF.js writes are spelled out literally below (its source: iter, then all slots of the first kind
 * for every variable, then the next kind), and `toTfjsWeights` must reproduce the built-in's list exactly.
 * TF.js has no AdamW (and no AMSGrad, weight decay or dampening), so there is nothing to compare it with.
 */
import { fromFrameworkArgs } from '@isostep/spec';
import type { Optimizer } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, random, useCpu } from '../../test/tf-cpu.js';
import { fromTfjsConfig, toTfjsWeights } from '../interop/tfjs-weights.js';
import { IsostepOptimizer } from './isostep-optimizer.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
type Builtin = Optimizer;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

const SHAPES = [[4, 6], [5], []] as const;

/** A value of any magnitude from 1e-4 to 1e2, either sign. */
const normal = (rnd: () => number) => (rnd() * 2 - 1) * 10 ** (rnd() * 6 - 4);
/** Mostly normal, with +Infinity, −Infinity and NaN sprinkled in (what a diverged loss produces). */
const nonFinite = (rnd: () => number) => {
  const r = rnd();
  return r < 0.05 ? Infinity : r < 0.1 ? -Infinity : r < 0.15 ? Number.NaN : normal(rnd);
};
const GRADS = {
  normal,
  zero: () => 0,
  /** g² overflows float32. */
  huge: (rnd: () => number) => (rnd() - 0.5) * 1e20,
  /** Subnormal float32 gradients: TF.js cpu keeps them. */
  subnormal: (rnd: () => number) => (rnd() - 0.5) * 1e-39,
  nonFinite,
} as const;

interface Case {
  readonly name: string;
  /** The spec optimizer and TF.js's own argument names for it. */
  readonly optimizer: string;
  readonly args: Readonly<Record<string, number | boolean | null>>;
  readonly builtin: () => Builtin;
  readonly grad: keyof typeof GRADS;
  /** The built-in's getWeights after `iter`, per kind: [TF.js's slot suffix, the spec slot], each kind for every variable. */
  readonly layout: readonly (readonly [string, string])[];
  /** A learning rate per step (set with setLearningRate on the built-in, learningRate on the adapter). */
  readonly lr?: (step: number) => number;
  /** The case must drive some parameter to NaN (so NaN propagation itself is compared). */
  readonly expectNaN?: boolean;
}

const MOMENTUM: Case['layout'] = [['momentum', 'momentum']];
const ADAGRAD: Case['layout'] = [['accumulator', 'accumulator']];
const ADADELTA: Case['layout'] = [['accum_grad', 'gradSquareAvg'], ['accum_var', 'deltaSquareAvg']];
const ADAM: Case['layout'] = [['m', 'firstMoment'], ['v', 'secondMoment']];

/** `tf` is read when a built-in is made (inside a test), not when the list is built. */
function cases(): Case[] {
  const sgd = (name: string, lr: number, grad: keyof typeof GRADS, extra: Partial<Case> = {}): Case => ({
    name: `sgd ${name}`, optimizer: 'sgd', args: { learningRate: lr }, builtin: () => tf.train.sgd(lr), grad, layout: [], ...extra,
  });
  const momentum = (name: string, lr: number, mu: number, nesterov: boolean, grad: keyof typeof GRADS, extra: Partial<Case> = {}): Case => ({
    name: `momentum ${name}`,
    optimizer: 'sgd',
    args: { learningRate: lr, momentum: mu, useNesterov: nesterov },
    builtin: () => tf.train.momentum(lr, mu, nesterov),
    grad,
    layout: MOMENTUM,
    ...extra,
  });
  const adagrad = (name: string, lr: number, init: number, grad: keyof typeof GRADS, extra: Partial<Case> = {}): Case => ({
    name: `adagrad ${name}`,
    optimizer: 'adagrad',
    // backend_epsilon: what tf.train.adagrad reads from the backend at every step (1e-7 on cpu).
    args: { learningRate: lr, initialAccumulatorValue: init, backend_epsilon: 1e-7 },
    builtin: () => tf.train.adagrad(lr, init),
    grad,
    layout: ADAGRAD,
    ...extra,
  });
  const adadelta = (name: string, lr: number, rho: number, eps: number | null, grad: keyof typeof GRADS, extra: Partial<Case> = {}): Case => ({
    name: `adadelta ${name}`,
    optimizer: 'adadelta',
    args: { learningRate: lr, rho, epsilon: eps, backend_epsilon: 1e-7 },
    builtin: () => tf.train.adadelta(lr, rho, eps as number),
    grad,
    layout: ADADELTA,
    ...extra,
  });
  const adam = (name: string, lr: number, b1: number, b2: number, eps: number | null, grad: keyof typeof GRADS, extra: Partial<Case> = {}): Case => ({
    name: `adam ${name}`,
    optimizer: 'adam',
    args: { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, backend_epsilon: 1e-7 },
    builtin: () => tf.train.adam(lr, b1, b2, eps as number),
    grad,
    layout: ADAM,
    ...extra,
  });
  return [
    sgd('plain', 0.05, 'normal'),
    sgd('lr changing every step', 0.05, 'normal', { lr: (s) => 0.1 / s }),
    sgd('subnormal grads', 0.5, 'subnormal'),
    sgd('non-finite grads', 0.01, 'nonFinite', { expectNaN: true }),
    momentum('μ 0.9', 0.02, 0.9, false, 'normal'),
    momentum('μ 0 (the slot still exists)', 0.02, 0, false, 'normal'),
    momentum('Nesterov μ 0.9', 0.02, 0.9, true, 'normal'),
    momentum('Nesterov, lr changing every step', 0.02, 0.5, true, 'normal', { lr: (s) => 0.03 * 0.8 ** s }),
    momentum('1e20 grads', 0.01, 0.9, false, 'huge'),
    momentum('Nesterov non-finite grads', 0.01, 0.9, true, 'nonFinite', { expectNaN: true }),
    adagrad('defaults', 0.01, 0.1, 'normal'),
    adagrad('initial accumulator 0, zero grads', 0.1, 0, 'zero'),
    adagrad('huge grads (the accumulator overflows)', 0.01, 0.1, 'huge'),
    adagrad('subnormal grads', 0.5, 0.1, 'subnormal'),
    adagrad('non-finite grads', 0.01, 0.1, 'nonFinite', { expectNaN: true }),
    adadelta('defaults (backend epsilon)', 0.001, 0.95, null, 'normal'),
    adadelta('lr 1, ρ 0.9, eps 0.1', 1, 0.9, 0.1, 'normal'),
    adadelta('zero grads', 1, 0.95, null, 'zero'),
    // TF.js divides by the previous E_g: step 1 moves by lr·g, step 2 is ∞/∞ = NaN.
    adadelta('huge grads (step 1 jumps, step 2 NaN)', 0.001, 0.95, null, 'huge', { expectNaN: true }),
    adadelta('non-finite grads', 0.01, 0.95, null, 'nonFinite', { expectNaN: true }),
    adam('defaults (backend epsilon)', 0.001, 0.9, 0.999, null, 'normal'),
    adam('eps 0.1, β 0.5/0.75', 0.05, 0.5, 0.75, 0.1, 'normal'),
    adam('zero grads', 0.01, 0.9, 0.999, null, 'zero'),
    adam('huge grads (v = ∞ freezes p)', 0.01, 0.9, 0.999, null, 'huge'),
    adam('subnormal grads', 0.01, 0.9, 0.999, null, 'subnormal'),
    adam('non-finite grads', 0.01, 0.9, 0.999, null, 'nonFinite', { expectNaN: true }),
  ];
}

const STEPS = 15;

describe('tf.train built-ins vs IsostepOptimizer(tfjs preset), cpu backend, Object.is on every element', () => {
  for (const c of cases()) {
    it(`${c.name}: identical params and slots every step; getWeights in TF.js's layout`, async () => {
      const rnd = random(7);
      const init = SHAPES.map((s) => Float32Array.from({ length: s.reduce((n, d) => n * d, 1) }, () => normal(rnd)));
      const make = () => init.map((x, i) => tf.variable(tf.tensor(x, [...SHAPES[i]!])));
      const builtinVars = make();
      const adapterVars = make();
      const builtin = c.builtin();
      const spec = fromFrameworkArgs('tfjs', c.optimizer, c.args);
      // The built-in's own config maps onto the same spec (how fromTfjsConfig is used on a live optimizer).
      expect(fromTfjsConfig(c.optimizer, builtin.getConfig()).config).toEqual(spec.config);
      const adapter = new IsostepOptimizer(spec);
      const grnd = random(11);
      for (let step = 1; step <= STEPS; step++) {
        if (c.lr !== undefined) {
          (builtin as ReturnType<TF['train']['sgd']>).setLearningRate(c.lr(step));
          adapter.learningRate = c.lr(step);
        }
        const grads = init.map((x) => Float32Array.from({ length: x.length }, () => GRADS[c.grad](grnd)));
        const feed = (vars: typeof builtinVars) => vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i]!, v.shape) }));
        const bg = feed(builtinVars);
        const ag = feed(adapterVars);
        builtin.applyGradients(bg);
        adapter.applyGradients(ag);
        tf.dispose([...bg, ...ag].map((e) => e.tensor));
        for (let i = 0; i < init.length; i++) {
          const d = firstBitDifference(builtinVars[i]!.dataSync(), adapterVars[i]!.dataSync());
          expect(d, `step ${step} param ${i} element ${d}`).toBe(-1);
        }
        // TF.js's layout, literally: iter, then [kind 0 of every variable], [kind 1 of every variable], ...
        const bw = await builtin.getWeights();
        const expectedNames = ['iter', ...c.layout.flatMap(([suffix]) => builtinVars.map((v) => `${v.name}/${suffix}`))];
        expect(bw.map((w) => w.name)).toEqual(expectedNames);
        expect(await bw[0]!.tensor.data()).toEqual(Int32Array.of(step));
        const state = await adapter.getState();
        c.layout.forEach(([suffix, slot], k) => {
          adapterVars.forEach((v, i) => {
            const b = bw[1 + k * adapterVars.length + i]!.tensor.dataSync();
            const d = firstBitDifference(b, state.tensors.get(v.name)![slot]!);
            expect(d, `step ${step} ${suffix} (${slot}) of variable ${i} element ${d}`).toBe(-1);
          });
        });
        bw[0]!.tensor.dispose();
      }
      // The adapter's state written in the built-in's layout is the built-in's own list, bit for bit.
      const state = await adapter.getState();
      const renamed = { ...state, tensors: new Map(adapterVars.map((v, i) => [builtinVars[i]!.name, state.tensors.get(v.name)!])) };
      const mine = toTfjsWeights(renamed, spec, builtinVars);
      const theirs = await builtin.getWeights();
      expect(mine.map((w) => w.name)).toEqual(theirs.map((w) => w.name));
      mine.forEach((w, j) => {
        expect(w.tensor.dtype).toBe(theirs[j]!.tensor.dtype);
        expect(firstBitDifference(w.tensor.dataSync(), theirs[j]!.tensor.dataSync()), w.name).toBe(-1);
      });
      if (c.expectNaN) expect(adapterVars.some((v) => v.dataSync().some(Number.isNaN)), 'the case reaches NaN').toBe(true);
      tf.dispose([...mine.map((w) => w.tensor), theirs[0]!.tensor]);
      builtin.dispose();
      adapter.dispose();
      tf.dispose([...builtinVars, ...adapterVars]);
    });
  }
});
