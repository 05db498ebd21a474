/**
 * Test helper for state interop: a tfjs-cpu conformance backend whose every state load and read passes
 * through one framework's state format (torch state_dict JSON, Keras variables JSON, or a TF.js
 * built-in's weights list), and which, after the step `cut`, hands its state through the format to a
 * fresh optimizer that finishes the run (training interrupted, saved in the framework's format, resumed).
 * Run a golden trace on it (free mode) and the trace's own values check that nothing was lost or changed
 * on the way, the step count included (Adam's bias correction, torch SGD's first buffer read it).
 */
import { STATE_VERSION, type BackendSession, type ConformanceBackend, type OptimizerSpec, type OptimizerState, type SlotValues } from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import { createBackend } from '../src/conformance/index.js';
import type { VariableRef } from '../src/interop/json-numbers.js';
import { fromKerasState, toKerasState } from '../src/interop/keras-state.js';
import { fromTfjsWeights, toTfjsWeights } from '../src/interop/tfjs-weights.js';
import { fromTorchState, toTorchState } from '../src/interop/torch-state.js';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { useCpu } from './tf-cpu.js';

/** One framework's state format: the spec state out to the format (then through JSON where it is a file) and back. */
export interface StateFormat {
  readonly roundTrip: (state: OptimizerState, spec: OptimizerSpec, vars: readonly VariableRef[]) => Promise<OptimizerState>;
}

const viaJson = <T>(doc: T): unknown => JSON.parse(JSON.stringify(doc));

/** The three formats, by the trace framework whose format it is. */
export const STATE_FORMATS: Readonly<Record<'torch' | 'keras' | 'tfjs', StateFormat>> = {
  torch: { roundTrip: async (state, spec, vars) => fromTorchState(viaJson(toTorchState(state, spec, vars)), vars).state },
  keras: { roundTrip: async (state, spec, vars) => fromKerasState(viaJson(toKerasState(state, spec, vars)), vars).state },
  tfjs: {
    // A list of tensors, as a built-in's getWeights/setWeights take it (no file in between).
    roundTrip: async (state, spec, vars) => {
      const weights = toTfjsWeights(state, spec, vars);
      try {
        return await fromTfjsWeights(weights, spec, vars);
      } finally {
        for (const w of weights) w.tensor.dispose();
      }
    },
  },
};

/** tfjs-cpu, except that every state load and read passes through `format`, and a fresh optimizer takes over after step `cut`. */
export async function viaFormat(format: StateFormat, cut: number): Promise<ConformanceBackend> {
  const tf = await useCpu();
  const base = await createBackend('tfjs-cpu');
  return {
    ...base,
    name: 'tfjs-cpu via state format',
    open: async (spec) => {
      let opt = new IsostepOptimizer(spec);
      let steps = 0;
      // One variable per trace parameter, in the trace's order (the formats map entries by position), with its shape.
      let vars: { name: string; variable: Variable }[] = [];
      const refs = () => vars.map((v) => v.variable);
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
          const st = await format.roundTrip({ version: STATE_VERSION, step: completed, slots: opt.slots, tensors }, opt.spec, refs());
          opt.setState(st, refs());
        },
        step: async (grads, lr) => {
          opt.learningRate = lr;
          const g = vars.map(({ name, variable }) => ({ name: variable.name, tensor: tf.tensor1d(Float32Array.from(grads.get(name)!)) }));
          opt.applyGradients(g);
          tf.dispose(g.map((e) => e.tensor));
          if (++steps === cut) {
            const st = await format.roundTrip(await opt.getState(), opt.spec, refs());
            opt.dispose();
            opt = new IsostepOptimizer(spec);
            opt.setState(st, refs());
          }
        },
        read: async () => {
          const st = await format.roundTrip(await opt.getState(), opt.spec, refs());
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
