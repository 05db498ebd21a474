/**
 * Keras 3 optimizer variables ⇄ the spec's state, for any optimizer with a Keras binding. The Keras side
 * is the JSON written by packages/conformance/generators/keras_state_export.py
 * (`isostep-keras-<optimizer>-state/1`, e.g. `isostep-keras-rmsprop-state/1`), which can also load it
 * back into a Keras optimizer (`load_optimizer`); slots go under Keras's names (the Keras preset's
 * `slotNames`). Entry i is `variables[i]`: the model's trainable variables in the same order on both sides.
 */
import { STATE_VERSION, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { frameworkArgsOf, frameworkSlotNames, optimizerOfFormat, specFromFrameworkValues, stateFormatTag } from './framework-view.js';
import { StateImportError, decodeFloat32, encodeAll, sameShape, size, type VariableRef } from './json-numbers.js';

const FRAMEWORK = 'keras';

/** The tag of Keras RMSprop state files (the generators' format); other optimizers: `kerasStateFormat(name)`. */
export const KERAS_STATE_FORMAT = stateFormatTag(FRAMEWORK, 'rmsprop');

export function kerasStateFormat(optimizer: string): string {
  return stateFormatTag(FRAMEWORK, optimizer);
}

export interface KerasStateDoc {
  format: string;
  versions: Record<string, string>;
  config: Record<string, unknown>;
  iterations: number;
  variables: Record<string, unknown>[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Keras writes None, not 0, for a weight decay that is off (every Keras 3 optimizer's `weight_decay`). */
const kerasValue = (arg: string, value: unknown) => (arg === 'weight_decay' && value === 0 ? null : value);

export function fromKerasState(doc: unknown, variables: readonly VariableRef[]): { spec: OptimizerSpec; state: OptimizerState } {
  const d = optimizerOfFormat(FRAMEWORK, doc, 'keras state');
  const { config: cfg, iterations: it, variables: list } = doc as Obj;
  if (!isObj(cfg)) throw new StateImportError('keras state: config must be an object');
  const spec = specFromFrameworkValues(FRAMEWORK, d, cfg);
  if (typeof it !== 'number' || !Number.isInteger(it) || it < 0) throw new StateImportError(`keras state: iterations ${JSON.stringify(it)}; expected a whole number`);
  const entries = Array.isArray(list) ? list : [];
  if (entries.length !== variables.length) {
    const at = variables[Math.min(entries.length, variables.length)]?.name ?? `keras variable ${variables.length}`;
    throw new StateImportError(`keras state has ${entries.length} variables; the model has ${variables.length} (first unmatched: ${at})`);
  }
  const slots = spec.program.slots;
  const names = frameworkSlotNames(FRAMEWORK, d);
  const tensors = new Map<string, Record<string, Float32Array>>();
  entries.forEach((e: unknown, i) => {
    const v = variables[i]!;
    const where = `keras variable ${i} (${isObj(e) ? String(e.path) : '?'} → ${v.name})`;
    if (!isObj(e)) throw new StateImportError(`${where}: expected an object`);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${JSON.stringify(e.dtype)}; TF.js variables are float32`);
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${JSON.stringify(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`);
    }
    const out: Record<string, Float32Array> = {};
    for (const slot of slots) out[slot] = decodeFloat32(e[names[slot]!], `${where}.${names[slot]}`, size(v.shape));
    tensors.set(v.name, out);
  });
  return { spec, state: { version: STATE_VERSION, step: it, slots, tensors } };
}

/** The Keras JSON for a spec state whose spec is a Keras 3 optimizer's; `path` is each Keras variable path. */
export function toKerasState(state: OptimizerState, spec: OptimizerSpec, variables: readonly (VariableRef & { readonly path?: string })[]): KerasStateDoc {
  const config = frameworkArgsOf(FRAMEWORK, 'Keras 3', spec, kerasValue);
  const names = frameworkSlotNames(FRAMEWORK, spec.optimizer);
  return {
    format: kerasStateFormat(spec.optimizer.name),
    versions: { isostep: String(STATE_VERSION) },
    config,
    iterations: state.step,
    variables: variables.map((v) => {
      const slots = state.tensors.get(v.name);
      if (slots === undefined) throw new StateImportError(`state has no entry for variable ${v.name}`);
      const e: Record<string, unknown> = { path: v.path ?? v.name, dtype: 'float32', shape: [...v.shape] };
      for (const slot of state.slots) e[names[slot]!] = encodeAll(slots[slot]!);
      return e;
    }),
  };
}
