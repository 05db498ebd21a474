/**
 * Everything a step needs to be true of its inputs, checked before anything is written: a step either
 * applies completely or throws with params and state untouched. The slot list is the spec's
 * (`spec.program.slots`), so the same check serves every optimizer.
 */
import { ShapeMismatchError, checkStateHeader, type Dtype, type NamedTensors, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { arrayTypeName, describeTensor, isOfArrayType } from './dtype-arrays.js';

export function checkStepInputs(spec: OptimizerSpec, dtype: Dtype, params: NamedTensors, grads: NamedTensors, state: OptimizerState): void {
  // Maps, not plain objects: a plain object would be read as "no parameters" and step nothing.
  if (!(params instanceof Map)) throw new ShapeMismatchError('params', 'a Map from parameter name to tensor', describeTensor(params));
  if (!(grads instanceof Map)) throw new ShapeMismatchError('grads', 'a Map from parameter name to tensor', describeTensor(grads));
  checkStateHeader(spec, state);
  const slots = spec.program.slots;
  for (const name of grads.keys()) {
    if (!params.has(name)) throw new ShapeMismatchError(`grads["${name}"]`, 'a gradient for a known parameter', 'no such parameter');
  }
  for (const [name, p] of params) {
    const want = `${arrayTypeName(dtype)}(${p.length})`;
    if (!isOfArrayType(p, dtype)) throw new ShapeMismatchError(`params["${name}"]`, arrayTypeName(dtype), describeTensor(p));
    const g = grads.get(name);
    if (!isOfArrayType(g, dtype) || g.length !== p.length) throw new ShapeMismatchError(`grads["${name}"]`, want, describeTensor(g));
    const slotTensors = state.tensors.get(name);
    if (typeof slotTensors !== 'object' || slotTensors === null) throw new ShapeMismatchError(`state.tensors["${name}"]`, 'the slots of this parameter', describeTensor(slotTensors));
    for (const slot of slots) {
      const s = slotTensors[slot];
      if (!isOfArrayType(s, dtype) || s.length !== p.length) {
        throw new ShapeMismatchError(`state.tensors["${name}"].${slot}`, want, describeTensor(s));
      }
    }
  }
  for (const name of state.tensors.keys()) {
    if (!params.has(name)) throw new ShapeMismatchError(`state.tensors["${name}"]`, 'a known parameter', 'state for a parameter not passed');
  }
}
