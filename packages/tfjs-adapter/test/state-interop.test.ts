/**
 * Optimizer state moves between torch, Keras 3, TF.js and the adapter. Proof by splitting golden traces:
 * at the middle step the framework's state is exported to its own format, imported into the adapter,
 * and the second half, run by the adapter, still matches the framework's recorded values within the
 * declared bound (every later read goes through the format too). Files written by the real Python
 * exporters (fixtures) are read and written back unchanged; mismatches are refused with the first one named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTraceFile, runTrace, type GoldenTrace } from '@isostep/conformance/node';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { STATE_VERSION, rmsprop, type BackendSession, type ConformanceBackend, type OptimizerSpec, type OptimizerState, type SlotValues } from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/conformance/index.js';
import { StateImportError, type VariableRef } from '../src/interop/json-numbers.js';
import { fromKerasState, toKerasState } from '../src/interop/keras-state.js';
import { fromTfjsConfig, fromTfjsWeights, toTfjsWeights } from '../src/interop/tfjs-weights.js';
import { fromTorchState, toTorchState } from '../src/interop/torch-state.js';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { firstBitDifference, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** The trace from its middle step on: the recorded params and state after step k become the start. */
function secondHalf(trace: GoldenTrace): GoldenTrace {
  const k = Math.floor(trace.steps.length / 2);
  const at = trace.steps[k - 1]!;
  const params = trace.case.params.map((p) => ({ ...p, init: at.params.get(p.name)! }));
  return { ...trace, case: { ...trace.case, params, steps: trace.steps.length - k }, initialState: at.state, steps: trace.steps.slice(k) };
}

type Format = {
  export: (state: OptimizerState, spec: OptimizerSpec, vars: readonly VariableRef[]) => unknown;
  import: (doc: unknown, vars: readonly VariableRef[]) => { state: OptimizerState };
};
const FORMATS: Record<string, Format> = {
  torch: { export: toTorchState, import: fromTorchState },
  keras: { export: toKerasState, import: fromKerasState },
};

/** tfjs-cpu, except that every state load and read passes through the framework's JSON format. */
async function viaFormat(format: Format): Promise<ConformanceBackend> {
  const base = await createBackend('tfjs-cpu');
  return {
    ...base,
    name: 'tfjs-cpu via state file',
    open: async (spec) => {
      const opt = new IsostepOptimizer(spec);
      // One variable per trace parameter, in the trace's order (the formats map entries by position).
      let vars: { name: string; variable: Variable }[] = [];
      const refs = () => vars.map((v) => v.variable);
      const roundTrip = (state: OptimizerState) => format.import(JSON.parse(JSON.stringify(format.export(state, opt.spec, refs()))), refs()).state;
      const dispose = () => {
        for (const v of vars) v.variable.dispose();
        vars = [];
      };
      const session: BackendSession = {
        load: async (params, state, completed) => {
          dispose();
          vars = [...params].map(([name, values]) => ({ name, variable: tf.variable(tf.tensor1d(Float32Array.from(values))) }));
          const tensors = new Map<string, Record<string, Float32Array>>();
          for (const { name, variable } of vars) {
            const slots: Record<string, Float32Array> = {};
            for (const s of opt.slots) slots[s] = Float32Array.from(state.get(name)![s]!);
            tensors.set(variable.name, slots);
          }
          opt.setState(roundTrip({ version: STATE_VERSION, step: completed, slots: opt.slots, tensors }), refs());
        },
        step: async (grads, lr) => {
          opt.learningRate = lr;
          const g = vars.map(({ name, variable }) => ({ name: variable.name, tensor: tf.tensor1d(Float32Array.from(grads.get(name)!)) }));
          opt.applyGradients(g);
          tf.dispose(g.map((e) => e.tensor));
        },
        read: async () => {
          const st = roundTrip(await opt.getState());
          const params = new Map<string, Float64Array>();
          const state = new Map<string, SlotValues>();
          for (const { name, variable } of vars) {
            params.set(name, Float64Array.from(variable.dataSync()));
            const slots: Record<string, Float64Array> = {};
            for (const s of st.slots) slots[s] = Float64Array.from(st.tensors.get(variable.name)![s]!);
            state.set(name, slots);
          }
          return { params, state };
        },
        dispose: async () => {
          opt.dispose();
          dispose();
        },
      };
      return session;
    },
  };
}

describe('golden traces split in the middle, state exported and imported at the split', () => {
  for (const [fw, name] of [
    ['torch', 'torch_centered_momentum'],
    ['torch', 'torch_weight_decay'],
    ['keras', 'keras_centered_momentum'],
    ['keras', 'keras_weight_decay'],
  ] as const) {
    it(`${name}: second half via the ${fw} state format matches the trace`, async () => {
      const trace = await readTraceFile(join(GOLDEN_DIR, fw, `${name}.json`));
      const half = secondHalf(trace);
      expect(half.steps.length).toBeGreaterThan(2);
      const viaFile = await runTrace(half, await viaFormat(FORMATS[fw]!), 'free');
      expect(viaFile.error).toBeNull();
      expect(viaFile.firstFailure).toBeNull();
      expect(viaFile.pass).toBe(true);
      // And the file changed nothing: same distances as the adapter holding its state in memory.
      const direct = await runTrace(half, await createBackend('tfjs-cpu'), 'free');
      expect(viaFile.slots).toEqual(direct.slots);
    });
  }

  it('tfjs_centered_momentum: tf.train.rmsprop → adapter at the split, and adapter → tf.train.rmsprop, bit-identical', async () => {
    const trace = await readTraceFile(join(GOLDEN_DIR, 'tfjs', 'tfjs_centered_momentum.json'));
    const k = Math.floor(trace.steps.length / 2);
    const hp = trace.case.hyperparameters as Record<string, number | boolean>;
    const [param] = trace.case.params; // a v1 trace: one parameter
    const make = () => tf.variable(tf.tensor1d(Float32Array.from(param!.init)));
    const builtin = tf.train.rmsprop(hp.learningRate as number, hp.decay as number, hp.momentum as number, hp.epsilon as number, hp.centered as boolean);
    const spec = fromTfjsConfig('rmsprop', builtin.getConfig());
    expect(spec.preset?.name).toBe('tfjs');
    const p = make();
    const grad = (s: number) => tf.tensor1d(Float32Array.from(trace.steps[s]!.grads.get(param!.name)!));
    for (let s = 0; s < k; s++) builtin.applyGradients([{ name: p.name, tensor: grad(s) }]);

    // builtin → adapter
    const q = tf.variable(p.clone());
    const adapter = new IsostepOptimizer(spec);
    adapter.setState(await fromTfjsWeights(await builtin.getWeights(), spec, [p]), [q]);
    // adapter → a second builtin
    const r = tf.variable(p.clone());
    const builtin2 = tf.train.rmsprop(hp.learningRate as number, hp.decay as number, hp.momentum as number, hp.epsilon as number, hp.centered as boolean);
    const st = await adapter.getState();
    await builtin2.setWeights(toTfjsWeights({ ...st, tensors: new Map([[r.name, st.tensors.get(q.name)!]]) }, spec, [r]));
    for (let s = k; s < trace.steps.length; s++) {
      builtin.applyGradients([{ name: p.name, tensor: grad(s) }]);
      adapter.applyGradients([{ name: q.name, tensor: grad(s) }]);
      builtin2.applyGradients([{ name: r.name, tensor: grad(s) }]);
      const rec = Float32Array.from(trace.steps[s]!.params.get(param!.name)!);
      expect(firstBitDifference(p.dataSync(), rec), `builtin vs trace step ${s + 1}`).toBe(-1);
      expect(firstBitDifference(q.dataSync(), rec), `adapter vs trace step ${s + 1}`).toBe(-1);
      expect(firstBitDifference(r.dataSync(), rec), `builtin2 vs trace step ${s + 1}`).toBe(-1);
    }
  });
});

describe('state files written by the real frameworks', () => {
  it('torch_state_export.py --example: read, set on TF.js variables, written back unchanged', async () => {
    const doc = fixture('torch-state-example.json') as { format: string; state: Record<string, unknown>; params: Record<string, { shape: number[]; values: number[] }> };
    const vars = ['0', '1'].map((i) => tf.variable(tf.tensor(Float32Array.from(doc.params[i]!.values), doc.params[i]!.shape)));
    const { spec, state } = fromTorchState(doc, vars);
    expect(spec.optimizer.name).toBe('rmsprop');
    expect(spec.preset?.name).toBe('torch');
    expect(spec.config).toMatchObject({ lr: 0.01, rho: 0.9, momentum: 0.9, centered: true, epsPlacement: 'outside' });
    const opt = new IsostepOptimizer(spec);
    opt.setState(state, vars);
    expect(opt.iterations).toBe(3);
    const back = toTorchState(await opt.getState(), opt.spec, vars);
    expect(back.format).toBe(doc.format);
    expect(JSON.parse(JSON.stringify(back.state))).toEqual(doc.state);
  });

  it('keras_state_export.py --example: read, set on TF.js variables, written back unchanged', async () => {
    const doc = fixture('keras-state-example.json') as { variables: unknown[]; iterations: number; params: { shape: number[]; values: number[] }[] };
    const vars = doc.params.map((p) => tf.variable(tf.tensor(Float32Array.from(p.values), p.shape)));
    const { spec, state } = fromKerasState(doc, vars);
    expect(spec.preset?.name).toBe('keras3');
    const opt = new IsostepOptimizer(spec);
    opt.setState(state, vars);
    const back = toKerasState(await opt.getState(), opt.spec, vars.map((v, i) => ({ name: v.name, shape: v.shape, path: (doc.variables[i] as { path: string }).path })));
    expect(back.iterations).toBe(doc.iterations);
    expect(JSON.parse(JSON.stringify(back.variables))).toEqual(doc.variables);
  });

  it('a state file that does not match the variables: the first mismatch is named; nothing changes', async () => {
    const doc = fixture('torch-state-example.json') as { params: Record<string, { shape: number[]; values: number[] }> };
    const w = tf.variable(tf.tensor(Float32Array.from(doc.params['0']!.values), doc.params['0']!.shape));
    const wrongB = tf.variable(tf.zeros([3]));
    const opt = new IsostepOptimizer(rmsprop('torch', { lr: 0.01, rho: 0.9, momentum: 0.9, centered: true }));
    opt.applyGradients({ [w.name]: tf.onesLike(w), [wrongB.name]: tf.onesLike(wrongB) });
    const before = JSON.stringify([...(await opt.getState()).tensors].map(([n, s]) => [n, Object.values(s).map((a) => Array.from(a!))]));
    expect(() => opt.setState(fromTorchState(doc, [w, wrongB]).state, [w, wrongB])).toThrow(
      new RegExp(`torch param 1 \\(variable ${wrongB.name}\\): shape \\[2\\]; the variable's shape is \\[3\\]`),
    );
    expect(() => fromTorchState(doc, [w])).toThrow(StateImportError);
    expect(() => fromKerasState(fixture('keras-state-example.json'), [wrongB, w])).toThrow(/keras variable 0 .*shape \[3,2\]; the variable's shape is \[3\]/);
    // setState itself checks lengths too (a state for other variables).
    const st = await opt.getState();
    const other = tf.variable(tf.zeros([5]));
    expect(() => opt.setState(st, [w, other])).toThrow(new RegExp(`for variable ${other.name}\\): expected Float32Array\\(5\\)`));
    const after = JSON.stringify([...(await opt.getState()).tensors].map(([n, s]) => [n, Object.values(s).map((a) => Array.from(a!))]));
    expect(after).toBe(before);
  });
});
