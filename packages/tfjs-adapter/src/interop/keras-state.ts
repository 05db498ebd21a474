/**
 * Keras 3 optimizer variables ⇄ the spec's state, for any optimizer with a Keras binding. The Keras side
 * is the JSON written by packages/conformance/generators/keras_state_export.py
 * (`isostep-keras-<optimizer>-state/1`, e.g. `isostep-keras-rmsprop-state/1`), which can also load it
 * back into a Keras optimizer (`load_optimizer`); slots go under Keras's names (the Keras preset's
 * `slotNames`). Entry i is `variables[i]`: the model's trainable variables in the same order on both sides.
 */
import { STATE_VERSION, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { frameworkArgsOf, frameworkSlotNames, optimizerOfFormat, stateFormatTag } from './framework-view.js';
import { StateImportError, brief, encodeAll, sameShape, size, type VariableRef } from './json-numbers.js';
import { checkKeys, checkStepCount, checkVariableRefs, decodeSlot, isObj, pathOf, specFromDocument } from './state-document.js';

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

/** Keys of one variable's entry besides its slots (under Keras's names). */
const ENTRY_KEYS = ['path', 'dtype', 'shape'];

/** Keras writes None, not 0, for a weight decay that is off (every Keras 3 optimizer's `weight_decay`). */
const kerasValue = (arg: string, value: unknown) => (arg === 'weight_decay' && value === 0 ? null : value);

/** The spec and state a Keras optimizer export describes; checked completely (state-document.ts) first. */
export function fromKerasState(doc: unknown, variables: readonly VariableRef[]): { spec: OptimizerSpec; state: OptimizerState } {
  const d = optimizerOfFormat(FRAMEWORK, doc, 'keras state');
  checkVariableRefs(variables);
  const { config: cfg, iterations: it, variables: list } = doc as Record<string, unknown>;
  if (!isObj(cfg)) throw new StateImportError(`keras state: $.config: must be an object, got ${brief(cfg)}`, '$.config');
  const spec = specFromDocument(FRAMEWORK, d, cfg, 'keras state', '$.config');
  const step = checkStepCount(it, 'keras state: $.iterations', '$.iterations');
  if (!Array.isArray(list)) throw new StateImportError(`keras state: $.variables: must be a list, got ${brief(list)}`, '$.variables');
  if (list.length !== variables.length) {
    const at = variables[Math.min(list.length, variables.length)]?.name ?? `keras variable ${variables.length}`;
    throw new StateImportError(`keras state has ${list.length} variables; the model has ${variables.length} (first unmatched: ${at})`, '$.variables');
  }
  const slots = spec.program.slots;
  const names = frameworkSlotNames(FRAMEWORK, d);
  const unallocated = d.slotOrder.filter((s: string) => !slots.includes(s));
  const tensors = new Map<string, Record<string, Float32Array>>();
  list.forEach((e: unknown, i) => {
    const v = variables[i]!;
    const path = `$.variables[${i}]`;
    const where = `keras variable ${i} (${isObj(e) ? brief(e.path) : '?'} → ${v.name})`;
    if (!isObj(e)) throw new StateImportError(`${where}: expected an object`, path);
    // A slot this config does not allocate is state the import would drop (torch refuses it too).
    const extra = unallocated.filter((s: string) => Object.hasOwn(e, names[s]!));
    if (extra.length > 0) throw new StateImportError(`${where}: has ${extra.map((s: string) => names[s]).join(', ')}, which this config does not allocate`, pathOf(path, names[extra[0]!]!));
    checkKeys(e, [...ENTRY_KEYS, ...slots.map((s) => names[s]!)], where, path);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${brief(e.dtype)}; TF.js variables are float32`, pathOf(path, 'dtype'));
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${brief(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`, pathOf(path, 'shape'));
    }
    const out: Record<string, Float32Array> = {};
    for (const slot of slots) out[slot] = decodeSlot(d, slot, e[names[slot]!], `${where}.${names[slot]}`, size(v.shape), pathOf(path, names[slot]!));
    tensors.set(v.name, out);
  });
  return { spec, state: { version: STATE_VERSION, step, slots, tensors } };
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
