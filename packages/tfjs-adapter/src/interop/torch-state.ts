/**
 * A torch optimizer's state ⇄ the spec's state, for any optimizer with a torch binding. The torch side
 * is the JSON written by packages/conformance/generators/torch_state_export.py
 * (`isostep-torch-<optimizer>-state/1`, e.g. `isostep-torch-rmsprop-state/1`; shape in
 * generators/README.md): torch's param_groups with torch's argument names, and per param index the step
 * and the slots under torch's names (the torch preset's `slotNames`). Param index i is `variables[i]`:
 * torch orders params as the model's `parameters()`; the caller lists the TF.js variables in that order
 * (and layouts must agree: a torch Linear weight is [out, in], a TF.js Dense kernel [in, out], which this
 * mapping does not transpose).
 */
import { STATE_VERSION, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { frameworkArgsOf, frameworkSlotNames, optimizerOfFormat, pickFrameworkArgs, specFromFrameworkValues, stateFormatTag } from './framework-view.js';
import { StateImportError, decodeFloat32, encodeAll, sameShape, size, type JsonNumber, type VariableRef } from './json-numbers.js';

const FRAMEWORK = 'torch';

/** The tag of torch RMSprop state files (the generators' format); other optimizers: `torchStateFormat(name)`. */
export const TORCH_STATE_FORMAT = stateFormatTag(FRAMEWORK, 'rmsprop');

export function torchStateFormat(optimizer: string): string {
  return stateFormatTag(FRAMEWORK, optimizer);
}

export interface TorchStateDoc {
  format: string;
  versions: Record<string, string>;
  param_groups: Record<string, unknown>[];
  state: Record<string, Record<string, unknown>>;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The spec and state a torch state_dict describes, mapped onto `variables` (param index order). */
export function fromTorchState(doc: unknown, variables: readonly VariableRef[]): { spec: OptimizerSpec; state: OptimizerState } {
  const d = optimizerOfFormat(FRAMEWORK, doc, 'torch state');
  const { param_groups: groups, state: entries } = doc as Obj;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every(isObj)) throw new StateImportError('torch state: param_groups must be a non-empty list of objects');
  const args = (g: Obj) => pickFrameworkArgs(FRAMEWORK, d, g);
  const spec = specFromFrameworkValues(FRAMEWORK, d, groups[0]!);
  const indices: number[] = [];
  groups.forEach((g, gi) => {
    if (JSON.stringify(args(g)) !== JSON.stringify(args(groups[0]!))) {
      throw new StateImportError(`torch state: param_groups[${gi}] has other hyperparameters than param_groups[0]; one optimizer config per state`);
    }
    if (!Array.isArray(g.params)) throw new StateImportError(`torch state: param_groups[${gi}].params must be a list of indices`);
    indices.push(...(g.params as number[]));
  });
  if (indices.length !== variables.length) {
    const at = variables[Math.min(indices.length, variables.length)]?.name ?? `torch param ${variables.length}`;
    throw new StateImportError(`torch state has ${indices.length} params; the model has ${variables.length} variables (first unmatched: ${at})`);
  }
  const slots = spec.program.slots;
  const names = frameworkSlotNames(FRAMEWORK, d);
  const unallocated = d.slotOrder.filter((s) => !slots.includes(s));
  const perParam = isObj(entries) ? entries : {};
  const tensors = new Map<string, Record<string, Float32Array>>();
  let step: number | undefined;
  indices.forEach((idx, i) => {
    const v = variables[i]!;
    const where = `torch param ${idx} (variable ${v.name})`;
    const e = perParam[String(idx)];
    if (!isObj(e)) throw new StateImportError(`${where}: no state entry (torch allocates state at a param's first step)`);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${JSON.stringify(e.dtype)}; TF.js variables are float32`);
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${JSON.stringify(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`);
    }
    if (typeof e.step !== 'number' || !Number.isInteger(e.step) || e.step < 0) throw new StateImportError(`${where}: step ${JSON.stringify(e.step)}; expected a whole number`);
    if (step !== undefined && e.step !== step) throw new StateImportError(`${where}: step ${e.step}, other params are at step ${step}; the spec state has one step count`);
    step = e.step;
    const out: Record<string, Float32Array> = {};
    for (const slot of slots) out[slot] = decodeFloat32(e[names[slot]!], `${where}.${names[slot]}`, size(v.shape));
    const extra = unallocated.filter((s) => names[s]! in e);
    if (extra.length > 0) throw new StateImportError(`${where}: has ${extra.map((s) => names[s]).join(', ')}, which this config (${JSON.stringify(args(groups[0]!))}) does not allocate`);
    tensors.set(v.name, out);
  });
  return { spec, state: { version: STATE_VERSION, step: step ?? 0, slots, tensors } };
}

/** The torch JSON for a spec state whose spec is a torch optimizer's; params indexed in `variables` order. */
export function toTorchState(state: OptimizerState, spec: OptimizerSpec, variables: readonly VariableRef[]): TorchStateDoc {
  const args = frameworkArgsOf(FRAMEWORK, 'torch', spec);
  const names = frameworkSlotNames(FRAMEWORK, spec.optimizer);
  const st: TorchStateDoc['state'] = {};
  variables.forEach((v, i) => {
    const slots = state.tensors.get(v.name);
    if (slots === undefined) throw new StateImportError(`state has no entry for variable ${v.name}`);
    const e: Record<string, unknown> = { step: state.step, dtype: 'float32', shape: [...v.shape] };
    for (const slot of state.slots) e[names[slot]!] = encodeAll(slots[slot]!) satisfies JsonNumber[];
    st[String(i)] = e;
  });
  return {
    format: torchStateFormat(spec.optimizer.name),
    versions: { isostep: String(STATE_VERSION) },
    param_groups: [{ ...args, capturable: false, foreach: null, differentiable: false, params: variables.map((_, i) => i) }],
    state: st,
  };
}
