/**
 * State interop for every optimizer × framework format: each float32 golden trace of torch, Keras 3 and
 * TF.js is run by the adapter, interrupted at the middle step: the state goes out to that framework's
 * format (torch state_dict JSON, Keras variables JSON, a TF.js built-in's weights list) and back into a
 * fresh optimizer, which finishes the run (every state load and read passing through the format too). The
 * run must still pass the trace, with the same per-slot distances as the adapter holding its state in
 * memory throughout (the format changes no bit, the step count included).
 *
 * Then the real TF.js built-ins: `tf.train.sgd`/`momentum`/`adagrad`/`adadelta`/`adam` run the first half
 * of their traces, the adapter takes their `getWeights` over and finishes bit-identically to the trace,
 * and a fresh built-in given the adapter's state (`toTfjsWeights` → `setWeights`) finishes like a built-in
 * restored from its own getWeights.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTraceFile, runTrace, type GoldenTrace } from '@isostep/conformance/node';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { OPTIMIZERS } from '@isostep/spec';
import type { Optimizer, Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/conformance/index.js';
import { fromTfjsConfig, fromTfjsWeights, toTfjsWeights } from '../src/interop/tfjs-weights.js';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { STATE_FORMATS, viaFormat } from './state-via-format.js';
import { firstBitDifference, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

const FRAMEWORKS = ['torch', 'keras', 'tfjs'] as const;

/** Every trace file of a framework, read once (the list of tests is made from them). */
const TRACES: Record<string, GoldenTrace[]> = {};
for (const fw of FRAMEWORKS) {
  const dir = join(GOLDEN_DIR, fw);
  TRACES[fw] = await Promise.all(readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => readTraceFile(join(dir, f))));
}

describe('golden traces cut in the middle, the state passed through each framework format at the cut', () => {
  it('covers every optimizer each framework ships (TF.js: all but AdamW)', () => {
    for (const fw of FRAMEWORKS) {
      const covered = new Set(TRACES[fw]!.filter((t) => t.case.dtype === 'float32').map((t) => t.case.optimizer));
      const shipped = OPTIMIZERS.filter((d) => Object.hasOwn(d.frameworks, fw)).map((d) => d.name);
      expect([...covered].sort(), fw).toEqual([...shipped].sort());
    }
    expect(OPTIMIZERS.find((d) => d.name === 'adamw')!.frameworks).not.toHaveProperty('tfjs');
  });

  for (const fw of FRAMEWORKS) {
    for (const trace of TRACES[fw]!) {
      if (trace.case.dtype !== 'float32') continue; // TF.js variables are float32
      it(`${fw} ${trace.case.optimizer}: ${trace.case.name}, resumed at the middle from the ${fw} format`, async () => {
        const cut = Math.floor(trace.steps.length / 2);
        expect(trace.steps.length - cut).toBeGreaterThanOrEqual(2);
        const viaFile = await runTrace(trace, await viaFormat(STATE_FORMATS[fw], cut), 'free');
        expect(viaFile.error).toBeNull();
        expect(viaFile.firstFailure).toBeNull();
        expect(viaFile.pass).toBe(true);
        const direct = await runTrace(trace, await createBackend('tfjs-cpu'), 'free');
        expect(viaFile.slots).toEqual(direct.slots);
      });
    }
  }
});

type Builtin = Optimizer;

/** The TF.js built-in a tfjs trace was recorded with, from its hyperparameters (missing = TF.js's default). */
function builtinFor(trace: GoldenTrace): Builtin {
  const h = trace.case.hyperparameters as Record<string, number | boolean | undefined>;
  const n = (k: string) => h[k] as number | undefined;
  switch (trace.case.optimizer) {
    case 'sgd':
      return h.momentum === undefined ? tf.train.sgd(n('learningRate')!) : tf.train.momentum(n('learningRate')!, n('momentum')!, h.useNesterov as boolean | undefined);
    case 'adagrad':
      return tf.train.adagrad(n('learningRate')!, n('initialAccumulatorValue'));
    case 'adadelta':
      return tf.train.adadelta(n('learningRate'), n('rho'), n('epsilon'));
    case 'adam':
      return tf.train.adam(n('learningRate'), n('beta1'), n('beta2'), n('epsilon'));
    case 'rmsprop':
      return tf.train.rmsprop(n('learningRate')!, n('decay'), n('momentum'), n('epsilon'), h.centered as boolean | undefined);
    default:
      throw new Error(`no TF.js built-in for ${trace.case.optimizer}`);
  }
}

const BUILTIN_TRACES = [
  'tfjs_sgd_defaults',
  'tfjs_sgd_momentum',
  'tfjs_sgd_momentum_0',
  'tfjs_sgd_nesterov',
  'tfjs_sgd_two_tensors',
  'tfjs_adagrad_defaults',
  'tfjs_adagrad_two_tensors',
  'tfjs_adadelta_defaults',
  'tfjs_adadelta_two_tensors',
  'tfjs_adam_defaults',
  'tfjs_adam_eps_0.1',
  'tfjs_adam_two_tensors',
];

describe('TF.js built-in → adapter → TF.js built-in at the middle of a trace', () => {
  for (const name of BUILTIN_TRACES) {
    it(`${name}: the adapter continues the built-in bit-identically; a built-in continues the adapter as from its own weights`, async () => {
      const trace = TRACES.tfjs!.find((t) => t.case.name === name)!;
      expect(trace.case.lrSchedule).toBe('constant');
      const k = Math.floor(trace.steps.length / 2);
      const params = trace.case.params;
      const make = (values: (p: (typeof params)[number]) => Float64Array) => params.map((p) => tf.variable(tf.tensor(Float32Array.from(values(p)), [...p.shape])));
      const feed = (vars: Variable[], s: number) => vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(Float32Array.from(trace.steps[s]!.grads.get(params[i]!.name)!), v.shape) }));
      const step = (opt: { applyGradients: (g: { name: string; tensor: ReturnType<TF['tensor']> }[]) => void }, vars: Variable[], s: number) => {
        const g = feed(vars, s);
        opt.applyGradients(g);
        tf.dispose(g.map((e) => e.tensor));
      };

      const builtin = builtinFor(trace);
      const spec = fromTfjsConfig(trace.case.optimizer, builtin.getConfig());
      expect(spec.preset?.name).toBe('tfjs');
      const p = make((q) => q.init);
      for (let s = 0; s < k; s++) step(builtin, p, s);

      // built-in → adapter (its variables hold the same values, under other names)
      const q = p.map((v) => tf.variable(v.clone()));
      const adapter = new IsostepOptimizer(spec);
      const imported = await fromTfjsWeights(await builtin.getWeights(), spec, p);
      adapter.setState({ ...imported, tensors: new Map(p.map((v, i) => [q[i]!.name, imported.tensors.get(v.name)!])) }, q);
      expect(adapter.iterations).toBe(k);

      // adapter → a fresh built-in; and, for comparison, a fresh built-in restored from the first one's own list
      const st = await adapter.getState();
      const r = p.map((v) => tf.variable(v.clone()));
      const fromAdapter = builtinFor(trace);
      await fromAdapter.setWeights(toTfjsWeights({ ...st, tensors: new Map(q.map((v, i) => [r[i]!.name, st.tensors.get(v.name)!])) }, spec, r));
      const own = p.map((v) => tf.variable(v.clone()));
      const ownRestore = builtinFor(trace);
      const ownWeights = await builtin.getWeights();
      await ownRestore.setWeights(ownWeights.map((w, j) => (j === 0 ? w : { name: w.name.replace(p[(j - 1) % p.length]!.name, own[(j - 1) % p.length]!.name), tensor: w.tensor.clone() })));

      for (let s = k; s < trace.steps.length; s++) {
        step(builtin, p, s);
        step(adapter, q, s);
        step(fromAdapter, r, s);
        step(ownRestore, own, s);
        params.forEach((param, i) => {
          const rec = Float32Array.from(trace.steps[s]!.params.get(param.name)!);
          expect(firstBitDifference(p[i]!.dataSync(), rec), `built-in vs trace, step ${s + 1} ${param.name}`).toBe(-1);
          expect(firstBitDifference(q[i]!.dataSync(), rec), `adapter vs trace, step ${s + 1} ${param.name}`).toBe(-1);
          // TF.js's own restore is the reference for a restored built-in: Adam's setWeights recomputes its β
          // powers with pow(β, t+1) instead of the running product, which may move the last bits.
          expect(firstBitDifference(r[i]!.dataSync(), own[i]!.dataSync()), `built-in from the adapter vs built-in from its own weights, step ${s + 1} ${param.name}`).toBe(-1);
          if (trace.case.optimizer !== 'adam') expect(firstBitDifference(r[i]!.dataSync(), rec), `built-in from the adapter vs trace, step ${s + 1}`).toBe(-1);
        });
      }
      for (const o of [builtin, fromAdapter, ownRestore]) o.dispose();
      adapter.dispose();
      tf.dispose([...p, ...q, ...r, ...own]);
    });
  }
});

describe('torch arguments that are not one field each', () => {
  it('Adam: betas is written as the pair, decoupled_weight_decay as torch\'s boolean, and both read back', async () => {
    const { fromPreset } = await import('@isostep/spec');
    const { fromTorchState, toTorchState } = await import('../src/interop/torch-state.js');
    const vars = [{ name: 'w', shape: [2] }];
    for (const [mode, flag] of [['coupled', false], ['decoupled-scale', true]] as const) {
      const spec = fromPreset('adam', 'torch', { beta1: 0.8, beta2: 0.95, weightDecay: 0.1, weightDecayMode: mode });
      const state = { version: 1 as const, step: 3, slots: spec.program.slots, tensors: new Map([['w', { firstMoment: Float32Array.of(1, 2), secondMoment: Float32Array.of(3, 4) }]]) };
      const doc = toTorchState(state, spec, vars);
      expect(doc.format).toBe('isostep-torch-adam-state/1');
      expect(doc.param_groups[0]).toMatchObject({ betas: [0.8, 0.95], weight_decay: 0.1, decoupled_weight_decay: flag });
      const back = fromTorchState(JSON.parse(JSON.stringify(doc)), vars);
      expect(back.spec.config).toEqual(spec.config);
      expect(back.state.step).toBe(3);
      expect(back.state.tensors.get('w')).toEqual(state.tensors.get('w'));
    }
  });
});
