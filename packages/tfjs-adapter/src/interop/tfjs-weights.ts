/**
 * `tf.train.rmsprop`'s getWeights list ⇄ the spec's state. TF.js writes [iter, rms × n, momentum × n,
 * (mg × n when centered)], each named `<variable>/<slot>`; its setWeights re-splits the list by length.
 * Here n is the caller's variable list, and every entry's name and shape is checked against it.
 */
import { STATE_VERSION, ShapeMismatchError, allocatedSlots, configFromFrameworkArgs, getPreset, type OptimizerState, type RmspropConfig, type SlotName } from '@isostep/spec';
import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import type { NamedTensor } from '../optimizer/weights-layout.js';
import { StateImportError, sameShape, type VariableRef } from './json-numbers.js';

const SLOTS = getPreset('tfjs').slotNames;
/** TF.js's list order: rms, momentum, then mg (not SLOT_ORDER). */
const TFJS_ORDER: readonly SlotName[] = ['meanSquare', 'momentum', 'meanGrad'];

/** The spec config of a built-in optimizer, from its `getConfig()` (learningRate, decay, momentum, epsilon, centered). */
export function configFromTfjsRmsprop(cfg: Readonly<Record<string, unknown>>): RmspropConfig {
  const keys = ['learningRate', 'decay', 'momentum', 'epsilon', 'centered'];
  return configFromFrameworkArgs('tfjs', Object.fromEntries(keys.filter((k) => k in cfg).map((k) => [k, cfg[k] as number | boolean | null])));
}

export async function fromTfjsWeights(weights: readonly NamedTensor[], config: RmspropConfig, variables: readonly VariableRef[]): Promise<OptimizerState> {
  const slots = allocatedSlots(config);
  const order = TFJS_ORDER.filter((s) => slots.includes(s));
  const n = variables.length;
  if (weights.length !== 1 + n * order.length) {
    throw new StateImportError(`tf.train.rmsprop weights: ${weights.length} entries; ${n} variable(s) × [${order.map((s) => SLOTS[s]).join(', ')}] + iter = ${1 + n * order.length}`);
  }
  const iter = (await weights[0]!.tensor.data())[0]!;
  const tensors = new Map<string, Partial<Record<SlotName, Float32Array>>>(variables.map((v) => [v.name, {}]));
  for (let k = 0; k < order.length; k++) {
    for (let i = 0; i < n; i++) {
      const { name, tensor: t } = weights[1 + k * n + i]!;
      const v = variables[i]!;
      const slot = order[k]!;
      if (!name.endsWith(`/${SLOTS[slot]}`)) throw new StateImportError(`tf.train.rmsprop weight ${name} (entry ${1 + k * n + i}): expected the ${SLOTS[slot]} slot of variable ${v.name}`);
      if (t.dtype !== 'float32' || !sameShape(t.shape, v.shape)) throw new ShapeMismatchError(`tf.train.rmsprop weight ${name} for variable ${v.name}`, `float32[${v.shape.join(', ')}]`, `${t.dtype}[${t.shape.join(', ')}]`);
      tensors.get(v.name)![slot] = (await t.data()) as Float32Array;
    }
  }
  return { version: STATE_VERSION, step: iter, slots, tensors };
}

/** A list for `tf.train.rmsprop(...).setWeights`; the tensors are new and belong to the caller. */
export function toTfjsWeights(state: OptimizerState, variables: readonly VariableRef[]): NamedTensor[] {
  const order = TFJS_ORDER.filter((s) => state.slots.includes(s));
  const out: NamedTensor[] = [{ name: 'iter', tensor: tensor(state.step, [], 'int32') as Tensor }];
  for (const slot of order) {
    for (const v of variables) {
      const values = state.tensors.get(v.name)?.[slot];
      if (values === undefined) throw new StateImportError(`state has no ${slot} for variable ${v.name}`);
      out.push({ name: `${v.name}/${SLOTS[slot]}`, tensor: tensor(values, [...v.shape], 'float32') });
    }
  }
  return out;
}
