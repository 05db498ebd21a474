/**
 * A built-in TF.js optimizer's `getWeights` list ⇄ the spec's state. `tf.train.rmsprop` writes
 * [iter, rms × n, momentum × n, (mg × n when centered)], each named `<variable>/<slot>` with its own slot
 * names (the tfjs preset's `slotNames`); its setWeights re-splits the list by length. Here n is the
 * caller's variable list, and every entry's name and shape is checked against it.
 *
 * The one thing the spec cannot say is the order in which a built-in lists its slots (it is not the
 * descriptor's canonical order): that is `BUILTIN_SLOT_ORDER`, per optimizer the adapter maps.
 */
import { STATE_VERSION, ShapeMismatchError, checkSlotValues, getOptimizer, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import { checkWeightEntries, type NamedTensor } from '../optimizer/weights-layout.js';
import { frameworkSlotNames } from './framework-view.js';
import { TFJS_BUILTIN_SLOT_ORDER } from './tfjs-builtin-layouts.js';
import { StateImportError, brief, sameShape, type VariableRef } from './json-numbers.js';
import { checkVariableRefs, isObj, specFromDocument } from './state-document.js';

const FRAMEWORK = 'tfjs';

/** Each built-in's list order, by spec slot (tfjs-builtin-layouts.ts). */
const BUILTIN_SLOT_ORDER = TFJS_BUILTIN_SLOT_ORDER;

/** The spec's slots in the built-in's list order (those the config allocates). */
function builtinOrder(spec: OptimizerSpec, slots: readonly string[]): readonly string[] {
  const order = BUILTIN_SLOT_ORDER[spec.optimizer.name];
  if (order === undefined) {
    throw new StateImportError(`no TF.js built-in weights layout is known for ${spec.optimizer.title} (known: ${Object.keys(BUILTIN_SLOT_ORDER).join(', ')})`);
  }
  // A slot the built-in has no place for (Adam's AMSGrad maximum) would be dropped without a word.
  const homeless = slots.filter((s) => !order.includes(s));
  if (homeless.length > 0) {
    throw new StateImportError(`TF.js's built-in ${spec.optimizer.title} has no ${homeless.join(', ')} slot: this config's state has no TF.js built-in form`);
  }
  return order.filter((s) => slots.includes(s));
}

/**
 * The spec of a built-in optimizer, from its `getConfig()` (`tf.train.rmsprop`: learningRate, decay,
 * momentum, epsilon, centered): the tfjs preset with the built-in's arguments.
 */
export function fromTfjsConfig(optimizer: string, builtinConfig: Readonly<Record<string, unknown>>): OptimizerSpec {
  if (!isObj(builtinConfig)) throw new StateImportError(`tf.train.${optimizer} config: expected an object, got ${brief(builtinConfig)}`, '$');
  return specFromDocument(FRAMEWORK, getOptimizer(optimizer), builtinConfig as Record<string, unknown>, `tf.train.${optimizer} config`, '$');
}

/**
 * The spec state a built-in's `getWeights()` list holds, for `variables` (the model's, in the built-in's
 * variable order). Checked completely before any tensor is read: the list's entries, the counter (a
 * scalar whole number >= 0), each entry's full name `<variable>/<slot>`, dtype, shape and values.
 */
export async function fromTfjsWeights(weights: readonly NamedTensor[], spec: OptimizerSpec, variables: readonly VariableRef[]): Promise<OptimizerState> {
  checkVariableRefs(variables);
  const label = `tf.train.${spec?.optimizer?.name ?? '?'} weights`;
  if (!Array.isArray(weights)) throw new StateImportError(`${label}: expected a list of { name, tensor }, got ${brief(weights)}`);
  try {
    checkWeightEntries(weights, label);
  } catch (e) {
    throw new StateImportError((e as Error).message, undefined, { cause: e });
  }
  const slots = spec.program.slots;
  const names = frameworkSlotNames(FRAMEWORK, spec.optimizer);
  const order = builtinOrder(spec, slots);
  const n = variables.length;
  if (weights.length !== 1 + n * order.length) {
    throw new StateImportError(`${label}: ${weights.length} entries; ${n} variable(s) × [${order.map((s) => names[s]).join(', ')}] + iter = ${1 + n * order.length}`);
  }
  const counter = weights[0]!.tensor;
  if (counter.shape.length > 1 || counter.size !== 1) {
    throw new StateImportError(`${label}: entry 0 (${brief(weights[0]!.name)}): the iteration counter is a scalar, got shape [${counter.shape.join(', ')}]`);
  }
  const iter = (await counter.data())[0]!;
  if (!Number.isSafeInteger(iter) || iter < 0) throw new StateImportError(`${label}: entry 0 (iter) = ${iter}; expected a whole number of completed steps >= 0`);
  const tensors = new Map<string, Record<string, Float32Array>>(variables.map((v) => [v.name, {}]));
  for (let k = 0; k < order.length; k++) {
    for (let i = 0; i < n; i++) {
      const at = 1 + k * n + i;
      const { name, tensor: t } = weights[at]!;
      const v = variables[i]!;
      const slot = order[k]!;
      const want = `${v.name}/${names[slot]}`;
      const what = `${label} entry ${at} (${brief(name)})`;
      // The whole name: the variable part too, so a list for another model (or order) is refused by name.
      if (name !== want) throw new StateImportError(`${what}: expected ${JSON.stringify(want)}, the ${names[slot]} slot of variable ${v.name}`);
      if (t.dtype !== 'float32' || !sameShape(t.shape, v.shape)) throw new ShapeMismatchError(`${what} for variable ${v.name}`, `float32[${v.shape.join(', ')}]`, `${t.dtype}[${t.shape.join(', ')}]`);
      const values = (await t.data()) as Float32Array;
      const bad = checkSlotValues(spec.optimizer, slot, values);
      if (bad !== null) throw new StateImportError(`${what}[${bad.index}] = ${values[bad.index]}; allowed: ${bad.allowed}`);
      tensors.get(v.name)![slot] = values;
    }
  }
  return { version: STATE_VERSION, step: iter, slots, tensors };
}

/** A list for the built-in's `setWeights` (`tf.train.rmsprop(...)`); the tensors are new and belong to the caller. */
export function toTfjsWeights(state: OptimizerState, spec: OptimizerSpec, variables: readonly VariableRef[]): NamedTensor[] {
  const names = frameworkSlotNames(FRAMEWORK, spec.optimizer);
  const order = builtinOrder(spec, state.slots);
  const out: NamedTensor[] = [{ name: 'iter', tensor: tensor(state.step, [], 'int32') as Tensor }];
  for (const slot of order) {
    for (const v of variables) {
      const values = state.tensors.get(v.name)?.[slot];
      if (values === undefined) throw new StateImportError(`state has no ${slot} for variable ${v.name}`);
      out.push({ name: `${v.name}/${names[slot]}`, tensor: tensor(values, [...v.shape], 'float32') });
    }
  }
  return out;
}
