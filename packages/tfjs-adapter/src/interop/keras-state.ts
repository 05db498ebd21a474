/**
 * Keras 3 RMSprop optimizer variables ⇄ the spec's state. The Keras side is the JSON written by
 * packages/conformance/generators/keras_state_export.py (`isostep-keras-rmsprop-state/1`), which can
 * also load it back into a Keras optimizer (`load_optimizer`). Entry i is `variables[i]`: the model's
 * trainable variables in the same order on both sides.
 */
import { STATE_VERSION, allocatedSlots, configFromFrameworkArgs, getPreset, type OptimizerState, type RmspropConfig, type SlotName } from '@isostep/spec';
import { StateImportError, decodeFloat32, encodeAll, sameShape, size, type VariableRef } from './json-numbers.js';

export const KERAS_STATE_FORMAT = 'isostep-keras-rmsprop-state/1';
const KERAS_ARGS = ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered', 'weight_decay'] as const;
const SLOTS = getPreset('keras3').slotNames;

export interface KerasStateDoc {
  format: typeof KERAS_STATE_FORMAT;
  versions: Record<string, string>;
  config: Record<string, number | boolean | null>;
  iterations: number;
  variables: Record<string, unknown>[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function fromKerasState(doc: unknown, variables: readonly VariableRef[]): { config: RmspropConfig; state: OptimizerState } {
  if (!isObj(doc) || doc.format !== KERAS_STATE_FORMAT) {
    throw new StateImportError(`keras state: format ${JSON.stringify(isObj(doc) ? doc.format : doc)}; expected "${KERAS_STATE_FORMAT}"`);
  }
  if (!isObj(doc.config)) throw new StateImportError('keras state: config must be an object');
  const cfg = doc.config;
  const config = configFromFrameworkArgs('keras', Object.fromEntries(KERAS_ARGS.filter((k) => k in cfg).map((k) => [k, cfg[k] as number | boolean | null])));
  const it = doc.iterations;
  if (typeof it !== 'number' || !Number.isInteger(it) || it < 0) throw new StateImportError(`keras state: iterations ${JSON.stringify(it)}; expected a whole number`);
  const entries = Array.isArray(doc.variables) ? doc.variables : [];
  if (entries.length !== variables.length) {
    const at = variables[Math.min(entries.length, variables.length)]?.name ?? `keras variable ${variables.length}`;
    throw new StateImportError(`keras state has ${entries.length} variables; the model has ${variables.length} (first unmatched: ${at})`);
  }
  const slots = allocatedSlots(config);
  const tensors = new Map<string, Partial<Record<SlotName, Float32Array>>>();
  entries.forEach((e: unknown, i) => {
    const v = variables[i]!;
    const where = `keras variable ${i} (${isObj(e) ? String(e.path) : '?'} → ${v.name})`;
    if (!isObj(e)) throw new StateImportError(`${where}: expected an object`);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${JSON.stringify(e.dtype)}; TF.js variables are float32`);
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${JSON.stringify(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`);
    }
    const out: Partial<Record<SlotName, Float32Array>> = {};
    for (const slot of slots) out[slot] = decodeFloat32(e[SLOTS[slot]], `${where}.${SLOTS[slot]}`, size(v.shape));
    tensors.set(v.name, out);
  });
  return { config, state: { version: STATE_VERSION, step: it, slots, tensors } };
}

/** The Keras JSON for a spec state whose config is a Keras 3 RMSprop; `paths` are the Keras variable paths. */
export function toKerasState(state: OptimizerState, config: RmspropConfig, variables: readonly (VariableRef & { readonly path?: string })[]): KerasStateDoc {
  const kcfg = {
    learning_rate: config.lr,
    rho: config.rho,
    momentum: config.momentum,
    epsilon: config.eps,
    centered: config.centered,
    weight_decay: config.weightDecay === 0 ? null : config.weightDecay,
  };
  const asKeras = configFromFrameworkArgs('keras', kcfg);
  const differs = (Object.keys(asKeras) as (keyof RmspropConfig)[]).find((k) => asKeras[k] !== config[k]);
  if (differs !== undefined) throw new StateImportError(`this config is not a Keras 3 RMSprop: ${differs} = ${JSON.stringify(config[differs])}, Keras has ${JSON.stringify(asKeras[differs])}`);
  return {
    format: KERAS_STATE_FORMAT,
    versions: { isostep: String(STATE_VERSION) },
    config: kcfg,
    iterations: state.step,
    variables: variables.map((v) => {
      const slots = state.tensors.get(v.name);
      if (slots === undefined) throw new StateImportError(`state has no entry for variable ${v.name}`);
      const e: Record<string, unknown> = { path: v.path ?? v.name, dtype: 'float32', shape: [...v.shape] };
      for (const slot of state.slots) e[SLOTS[slot]] = encodeAll(slots[slot]!);
      return e;
    }),
  };
}
