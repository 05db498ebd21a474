/**
 * `model.fit` of a real tf.LayersModel with the torch preset, checked step by step against the exact CPU
 * reference (`ReferenceOptimizer` on the same spec, torch profile: exact fma at torch's fused sites) fed
 * the same gradients.
 * The bound is the declared one: the spec's interval arithmetic with torch's CPU accuracy, TF.js cpu's
 * accuracy, and the hull of fused and unfused results at the sites torch fuses (TF.js has no fma).
 * Intervals are carried from step to step (free mode): both trajectories must stay inside them.
 */
import { intervalStep, type IntervalTensor } from '@isostep/conformance';
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { combineAccuracy, contains, point, ulpDistance, type Interval } from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { TFJS_CPU } from '../src/numerics/backend-accuracy.js';
import { tfjsIntervalArith } from '../src/numerics/tfjs-interval-arith.js';
import { IsostepRmsprop } from '../src/optimizer/isostep-rmsprop.js';
import { random, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

describe('model.fit with the torch preset vs the exact CPU reference', () => {
  it('every param and slot of every step lies in the declared interval; so does the reference', async () => {
    const rnd = random(3);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 6, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const overrides = { lr: 0.01, rho: 0.9, momentum: 0.9, centered: true, weightDecay: 0.01 };
    const opt = new IsostepRmsprop('torch', overrides);
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });

    // Record what each step receives: the params before it and the gradients, by variable name.
    const steps: { before: Map<string, Float32Array>; grads: Map<string, Float32Array>; after: Map<string, Float32Array> }[] = [];
    const apply = opt.applyGradients.bind(opt);
    opt.applyGradients = (vg) => {
      const entries = Array.isArray(vg) ? vg.map((e) => [e.name, e.tensor] as const) : Object.entries(vg);
      const reg = tf.engine().registeredVariables;
      const before = new Map(entries.map(([n]) => [n, reg[n]!.dataSync().slice() as Float32Array]));
      const grads = new Map(entries.map(([n, g]) => [n, g.dataSync().slice() as Float32Array]));
      apply(vg);
      steps.push({ before, grads, after: new Map(entries.map(([n]) => [n, reg[n]!.dataSync().slice() as Float32Array])) });
    };

    const x = tf.tensor2d(Float32Array.from({ length: 32 * 4 }, () => rnd() * 2 - 1), [32, 4]);
    const y = tf.tensor2d(Float32Array.from({ length: 32 }, () => rnd()), [32, 1]);
    await model.fit(x, y, { epochs: 12, batchSize: 8, shuffle: false, verbose: 0 });
    expect(steps.length).toBe(48);

    // The reference runs the very spec the adapter runs: same config, same profile, same program.
    const spec = opt.spec;
    expect(spec.preset?.name).toBe('torch');
    const ref = new ReferenceOptimizer(spec, { dtype: 'float32' });
    const params = new Map([...steps[0]!.before].map(([n, v]) => [n, v.slice()]));
    const refState = ref.init(params);
    const slots = spec.program.slots;
    const IA = tfjsIntervalArith('float32', combineAccuracy(spec.profile.accuracy.float32, TFJS_CPU), { framework: 'preserve', backend: 'preserve' });
    let carried = new Map<string, IntervalTensor>();
    for (const [n, p] of params) {
      const s: Record<string, Interval[]> = {};
      for (const slot of slots) s[slot] = Array.from(refState.tensors.get(n)![slot]!, point);
      carried.set(n, { params: Array.from(p, point), slots: s });
    }

    let maxUlp = 0;
    let exact = 0;
    let total = 0;
    const adapterSlots = new Map<string, Readonly<Record<string, ArrayLike<number>>>>();
    for (let k = 0; k < steps.length; k++) {
      const { grads, after } = steps[k]!;
      ref.step(params, grads, refState);
      const st = await opt.getState();
      if (k === steps.length - 1) for (const [n, s] of st.tensors) adapterSlots.set(n, s);
      carried = intervalStep(IA, spec.program, carried, new Map([...grads].map(([n, g]) => [n, Array.from(g, point)])), spec.config.lr, k + 1);
      for (const n of grads.keys()) {
        const next = carried.get(n)!;
        const check = (what: string, ivs: readonly Interval[], adapter: ArrayLike<number>, reference: ArrayLike<number>) => {
          for (let i = 0; i < ivs.length; i++) {
            const a = adapter[i]!;
            const r = reference[i]!;
            const d = ulpDistance('float32', a, r);
            maxUlp = Math.max(maxUlp, d);
            total++;
            if (d === 0) exact++;
            const ok = contains(ivs[i]!, a) && contains(ivs[i]!, r);
            if (!ok) expect.fail(`step ${k + 1} ${n} ${what}[${i}]: adapter ${a}, reference ${r}, interval [${ivs[i]!.lo}, ${ivs[i]!.hi}]`);
          }
        };
        check('params', next.params, after.get(n)!, params.get(n)!);
        // Slots: only the final step's adapter state is read (getState reads live variables).
        if (k === steps.length - 1) {
          for (const slot of slots) check(slot, next.slots[slot]!, adapterSlots.get(n)![slot]!, refState.tensors.get(n)![slot]!);
        }
      }
    }
    // Not vacuous: many values agree exactly, some differ (the unfused sites), all within the bound.
    expect(exact / total).toBeGreaterThan(0.25);
    expect(maxUlp).toBeGreaterThan(0);
    console.log(`fit/torch: ${total} values, ${exact} bit-identical, max ${maxUlp} ulp apart, all inside the declared intervals`);
    tf.dispose([x, y]);
    model.dispose();
    opt.dispose();
  });
});
