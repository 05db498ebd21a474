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
import { readTraceFile, runTrace, type BackendSession, type ConformanceBackend, type GoldenTrace, type SlotValues } from '@isostep/conformance/node';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { STATE_VERSION, type OptimizerState, type RmspropConfig, type SlotName } from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/conformance/index.js';
import { StateImportError, type VariableRef } from '../src/interop/json-numbers.js';
import { fromKerasState, toKerasState } from '../src/interop/keras-state.js';
import { configFromTfjsRmsprop, fromTfjsWeights, toTfjsWeights } from '../src/interop/tfjs-weights.js';
import { fromTorchState, toTorchState } from '../src/interop/torch-state.js';
import { IsostepRmsprop } from '../src/optimizer/isostep-rmsprop.js';
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
  return { ...trace, case: { ...trace.case, initParams: at.params, steps: trace.steps.length - k }, initialState: at.state, steps: trace.steps.slice(k) };
}

type Format = {
  export: (state: OptimizerState, config: RmspropConfig, vars: readonly VariableRef[]) => unknown;
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
    open: async (config, profile, dtype, length) => {
      await (await base.open(config, profile, dtype, length)).dispose(); // lets the base pick the preset's intervals
      const opt = new IsostepRmsprop(profile === (await import('@isostep/spec')).getPreset('torch').profile ? 'torch' : 'keras3', config);
      let p: Variable | null = null;
      const roundTrip = (state: OptimizerState) => format.import(JSON.parse(JSON.stringify(format.export(state, opt.config, [p!]))), [p!]).state;
      const session: BackendSession = {
        load: async (params, state: SlotValues, completed) => {
          p?.dispose();
          p = tf.variable(tf.tensor1d(Float32Array.from(params)));
          const slots: Partial<Record<SlotName, Float32Array>> = {};
          for (const s of opt.slots) slots[s] = Float32Array.from(state[s]!);
          opt.setState(roundTrip({ version: STATE_VERSION, step: completed, slots: opt.slots, tensors: new Map([[p.name, slots]]) }), [p]);
        },
        step: async (grad) => {
          const g = tf.tensor1d(Float32Array.from(grad));
          opt.applyGradients([{ name: p!.name, tensor: g }]);
          g.dispose();
        },
        read: async () => {
          const st = roundTrip(await opt.getState());
          const state: SlotValues = {};
          for (const s of st.slots) state[s] = Float64Array.from(st.tensors.get(p!.name)![s]!);
          return { params: Float64Array.from(p!.dataSync()), state };
        },
        dispose: async () => {
          opt.dispose();
          p?.dispose();
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
    const make = () => tf.variable(tf.tensor1d(Float32Array.from(trace.case.initParams)));
    const builtin = tf.train.rmsprop(hp.learningRate as number, hp.decay as number, hp.momentum as number, hp.epsilon as number, hp.centered as boolean);
    const config = configFromTfjsRmsprop(builtin.getConfig());
    const p = make();
    const grad = (s: number) => tf.tensor1d(Float32Array.from(trace.steps[s]!.grad));
    for (let s = 0; s < k; s++) builtin.applyGradients([{ name: p.name, tensor: grad(s) }]);

    // builtin → adapter
    const q = tf.variable(p.clone());
    const adapter = new IsostepRmsprop('tfjs', config);
    adapter.setState(await fromTfjsWeights(await builtin.getWeights(), config, [p]), [q]);
    // adapter → a second builtin
    const r = tf.variable(p.clone());
    const builtin2 = tf.train.rmsprop(hp.learningRate as number, hp.decay as number, hp.momentum as number, hp.epsilon as number, hp.centered as boolean);
    const st = await adapter.getState();
    await builtin2.setWeights(toTfjsWeights({ ...st, tensors: new Map([[r.name, st.tensors.get(q.name)!]]) }, [r]));
    for (let s = k; s < trace.steps.length; s++) {
      builtin.applyGradients([{ name: p.name, tensor: grad(s) }]);
      adapter.applyGradients([{ name: q.name, tensor: grad(s) }]);
      builtin2.applyGradients([{ name: r.name, tensor: grad(s) }]);
      const rec = Float32Array.from(trace.steps[s]!.params);
      expect(firstBitDifference(p.dataSync(), rec), `builtin vs trace step ${s + 1}`).toBe(-1);
      expect(firstBitDifference(q.dataSync(), rec), `adapter vs trace step ${s + 1}`).toBe(-1);
      expect(firstBitDifference(r.dataSync(), rec), `builtin2 vs trace step ${s + 1}`).toBe(-1);
    }
  });
});

describe('state files written by the real frameworks', () => {
  it('torch_state_export.py --example: read, set on TF.js variables, written back unchanged', async () => {
    const doc = fixture('torch-state-example.json') as { state: Record<string, unknown>; params: Record<string, { shape: number[]; values: number[] }> };
    const vars = ['0', '1'].map((i) => tf.variable(tf.tensor(Float32Array.from(doc.params[i]!.values), doc.params[i]!.shape)));
    const { config, state } = fromTorchState(doc, vars);
    expect(config).toMatchObject({ lr: 0.01, rho: 0.9, momentum: 0.9, centered: true, epsPlacement: 'outside' });
    const opt = new IsostepRmsprop('torch', config);
    opt.setState(state, vars);
    expect(opt.iterations).toBe(3);
    const back = toTorchState(await opt.getState(), opt.config, vars);
    expect(JSON.parse(JSON.stringify(back.state))).toEqual(doc.state);
  });

  it('keras_state_export.py --example: read, set on TF.js variables, written back unchanged', async () => {
    const doc = fixture('keras-state-example.json') as { variables: unknown[]; iterations: number; params: { shape: number[]; values: number[] }[] };
    const vars = doc.params.map((p) => tf.variable(tf.tensor(Float32Array.from(p.values), p.shape)));
    const { config, state } = fromKerasState(doc, vars);
    const opt = new IsostepRmsprop('keras3', config);
    opt.setState(state, vars);
    const back = toKerasState(await opt.getState(), opt.config, vars.map((v, i) => ({ name: v.name, shape: v.shape, path: (doc.variables[i] as { path: string }).path })));
    expect(back.iterations).toBe(doc.iterations);
    expect(JSON.parse(JSON.stringify(back.variables))).toEqual(doc.variables);
  });

  it('a state file that does not match the variables: the first mismatch is named; nothing changes', async () => {
    const doc = fixture('torch-state-example.json') as { params: Record<string, { shape: number[]; values: number[] }> };
    const w = tf.variable(tf.tensor(Float32Array.from(doc.params['0']!.values), doc.params['0']!.shape));
    const wrongB = tf.variable(tf.zeros([3]));
    const opt = new IsostepRmsprop('torch', { lr: 0.01, rho: 0.9, momentum: 0.9, centered: true });
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
