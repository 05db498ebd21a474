/**
 * Everything a step needs to be true of its inputs, checked before anything is written: a step either
 * applies completely or throws with params and state untouched.
 */
import {
  ShapeMismatchError,
  STATE_VERSION,
  type Dtype,
  type NamedTensors,
  type OptimizerState,
  type SlotName,
  type Tensor,
} from '@isostep/spec';

export function arrayTypeName(dtype: Dtype): string {
  return dtype === 'float32' ? 'Float32Array' : 'Float64Array';
}

export function isOfArrayType(t: unknown, dtype: Dtype): t is Tensor {
  return dtype === 'float32' ? t instanceof Float32Array : t instanceof Float64Array;
}

function describe(t: unknown): string {
  if (t instanceof Float32Array || t instanceof Float64Array) return `${t.constructor.name}(${t.length})`;
  return t === undefined ? 'nothing' : typeof t;
}

export function checkStepInputs(
  dtype: Dtype,
  slots: readonly SlotName[],
  params: NamedTensors,
  grads: NamedTensors,
  state: OptimizerState,
): void {
  if (state.version !== STATE_VERSION) {
    throw new ShapeMismatchError('state.version', String(STATE_VERSION), String(state.version));
  }
  if (!(Number.isInteger(state.step) && state.step >= 0)) {
    throw new ShapeMismatchError('state.step', 'an integer >= 0', String(state.step));
  }
  if (state.slots.join(',') !== slots.join(',')) {
    throw new ShapeMismatchError('state.slots', `[${slots.join(', ')}] for this config`, `[${state.slots.join(', ')}]`);
  }
  for (const name of grads.keys()) {
    if (!params.has(name)) throw new ShapeMismatchError(`grads["${name}"]`, 'a gradient for a known parameter', 'no such parameter');
  }
  for (const [name, p] of params) {
    const want = `${arrayTypeName(dtype)}(${p.length})`;
    if (!isOfArrayType(p, dtype)) throw new ShapeMismatchError(`params["${name}"]`, arrayTypeName(dtype), describe(p));
    const g = grads.get(name);
    if (!isOfArrayType(g, dtype) || g.length !== p.length) throw new ShapeMismatchError(`grads["${name}"]`, want, describe(g));
    const slotTensors = state.tensors.get(name);
    if (slotTensors === undefined) throw new ShapeMismatchError(`state.tensors["${name}"]`, 'the slots of this parameter', 'nothing');
    for (const slot of slots) {
      const s = slotTensors[slot];
      if (!isOfArrayType(s, dtype) || s.length !== p.length) {
        throw new ShapeMismatchError(`state.tensors["${name}"].${slot}`, want, describe(s));
      }
    }
  }
  for (const name of state.tensors.keys()) {
    if (!params.has(name)) throw new ShapeMismatchError(`state.tensors["${name}"]`, 'a known parameter', 'state for a parameter not passed');
  }
}
