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
import { STATE_VERSION, frameworkBinding, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { frameworkArgsOf, frameworkSlotNames, optimizerOfFormat, pickFrameworkArgs, stateFormatTag } from './framework-view.js';
import { StateImportError, brief, encodeAll, sameShape, size, type JsonNumber, type VariableRef } from './json-numbers.js';
import { checkKeys, checkStepCount, checkVariableRefs, decodeSlot, isObj, pathOf, specFromDocument } from './state-document.js';

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

/** Keys of a torch param group besides the optimizer's arguments and inert options. */
const GROUP_KEYS = ['params', 'initial_lr'];
/** Keys of one param's entry besides its slots (under torch's names). */
const ENTRY_KEYS = ['step', 'dtype', 'shape'];

/**
 * The spec and state a torch state_dict describes, mapped onto `variables` (param index order). Checked
 * completely (state-document.ts) before anything is returned; the error names the first mismatch and
 * its JSON path.
 */
export function fromTorchState(doc: unknown, variables: readonly VariableRef[]): { spec: OptimizerSpec; state: OptimizerState } {
  const d = optimizerOfFormat(FRAMEWORK, doc, 'torch state');
  checkVariableRefs(variables);
  const { param_groups: groups, state: entries } = doc as Record<string, unknown>;
  if (!Array.isArray(groups) || groups.length === 0) throw new StateImportError('torch state: $.param_groups: must be a non-empty list of objects', '$.param_groups');
  const badGroup = groups.findIndex((g) => !isObj(g));
  if (badGroup >= 0) throw new StateImportError(`torch state: $.param_groups[${badGroup}]: expected an object, got ${brief(groups[badGroup])}`, `$.param_groups[${badGroup}]`);
  const specs = groups.map((g, gi) => specFromDocument(FRAMEWORK, d, g as Record<string, unknown>, 'torch state', `$.param_groups[${gi}]`, GROUP_KEYS));
  const spec = specs[0]!;
  const indices: number[] = [];
  const seen = new Set<number>();
  groups.forEach((g: Record<string, unknown>, gi) => {
    const differs = d.configKeys.find((k: string) => !Object.is((specs[gi]!.config as unknown as Record<string, unknown>)[k], (spec.config as unknown as Record<string, unknown>)[k]));
    if (differs !== undefined) {
      throw new StateImportError(`torch state: $.param_groups[${gi}] has other hyperparameters than param_groups[0] (${differs}); one optimizer config per state`, `$.param_groups[${gi}]`);
    }
    const at = `$.param_groups[${gi}].params`;
    if (!Array.isArray(g.params)) throw new StateImportError(`torch state: ${at}: must be a list of param indices, got ${brief(g.params)}`, at);
    g.params.forEach((idx: unknown, k) => {
      if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) throw new StateImportError(`torch state: ${at}[${k}]: ${brief(idx)}; expected a param index >= 0`, `${at}[${k}]`);
      // A param listed twice would take two variables' state from one entry.
      if (seen.has(idx)) throw new StateImportError(`torch state: ${at}[${k}]: param index ${idx} is listed twice`, `${at}[${k}]`);
      seen.add(idx);
      indices.push(idx);
    });
  });
  if (indices.length !== variables.length) {
    const at = variables[Math.min(indices.length, variables.length)]?.name ?? `torch param ${variables.length}`;
    throw new StateImportError(`torch state has ${indices.length} params; the model has ${variables.length} variables (first unmatched: ${at})`, '$.param_groups');
  }
  if (entries !== undefined && !isObj(entries)) throw new StateImportError(`torch state: $.state: expected an object keyed by param index, got ${brief(entries)}`, '$.state');
  const perParam = entries ?? {};
  // An entry no param group lists is state the import would silently drop.
  for (const key of Object.keys(perParam)) {
    if (!seen.has(Number(key)) || String(Number(key)) !== key) {
      throw new StateImportError(`torch state: ${pathOf('$.state', key)}: an entry for no listed param (params: ${indices.join(', ')})`, pathOf('$.state', key));
    }
  }
  const slots = spec.program.slots;
  const names = frameworkSlotNames(FRAMEWORK, d);
  const unallocated = d.slotOrder.filter((s: string) => !slots.includes(s));
  const tensors = new Map<string, Record<string, Float32Array>>();
  let step: number | undefined;
  indices.forEach((idx, i) => {
    const v = variables[i]!;
    const where = `torch param ${idx} (variable ${v.name})`;
    const path = pathOf('$.state', String(idx));
    const e = perParam[String(idx)];
    if (!isObj(e)) throw new StateImportError(`${where}: no state entry (torch allocates state at a param's first step)`, path);
    const extra = unallocated.filter((s: string) => Object.hasOwn(e, names[s]!));
    if (extra.length > 0) throw new StateImportError(`${where}: has ${extra.map((s: string) => names[s]).join(', ')}, which this config (${brief(pickFrameworkArgs(FRAMEWORK, d, groups[0]))}) does not allocate`, pathOf(path, names[extra[0]!]!));
    checkKeys(e, [...ENTRY_KEYS, ...slots.map((s) => names[s]!)], where, path);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${brief(e.dtype)}; TF.js variables are float32`, pathOf(path, 'dtype'));
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${brief(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`, pathOf(path, 'shape'));
    }
    const entryStep = checkStepCount(e.step, `${where}: step`, pathOf(path, 'step'));
    if (step !== undefined && entryStep !== step) throw new StateImportError(`${where}: step ${entryStep}, other params are at step ${step}; the spec state has one step count`, pathOf(path, 'step'));
    step = entryStep;
    const out: Record<string, Float32Array> = {};
    for (const slot of slots) out[slot] = decodeSlot(d, slot, e[names[slot]!], `${where}.${names[slot]}`, size(v.shape), pathOf(path, names[slot]!));
    tensors.set(v.name, out);
  });
  return { spec, state: { version: STATE_VERSION, step: step ?? 0, slots, tensors } };
}

/** torch Adam's `decoupled_weight_decay` is a boolean where the spec names the mode (torch ≥ 2.6: True is AdamW's decay). */
const torchValue = (arg: string, value: unknown) => (arg === 'decoupled_weight_decay' ? value === 'decoupled-scale' : value);

/**
 * The numerically inert options torch writes in a param group, at the values that leave the numbers
 * alone, limited to those this optimizer's torch binding reads back: torch's SGD and Adagrad have no
 * `capturable`, and the Adam binding does not take `differentiable` (it changes Adam's bits).
 */
function torchInertOptions(spec: OptimizerSpec): Record<string, boolean | null> {
  const inert: readonly string[] = frameworkBinding(FRAMEWORK, spec.optimizer).inert;
  const values: Record<string, boolean | null> = { capturable: false, foreach: null, differentiable: false };
  return Object.fromEntries(Object.entries(values).filter(([k]) => inert.includes(k)));
}

/** The torch JSON for a spec state whose spec is a torch optimizer's; params indexed in `variables` order. */
export function toTorchState(state: OptimizerState, spec: OptimizerSpec, variables: readonly VariableRef[]): TorchStateDoc {
  const args = frameworkArgsOf(FRAMEWORK, 'torch', spec, torchValue);
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
    param_groups: [{ ...args, ...torchInertOptions(spec), params: variables.map((_, i) => i) }],
    state: st,
  };
}
