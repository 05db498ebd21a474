/**
 * torch.optim.RMSprop state ⇄ the spec's state. The torch side is the JSON written by
 * packages/conformance/generators/torch_state_export.py (`isostep-torch-rmsprop-state/1`, shape in
 * generators/README.md): torch's param_groups with torch's argument names, and per param index the step
 * and the slots under torch's names. Param index i is `variables[i]`: torch orders params as the model's
 * `parameters()`; the caller lists the TF.js variables in that order (and layouts must agree: a torch
 * Linear weight is [out, in], a TF.js Dense kernel [in, out], which this mapping does not transpose).
 */
import {
  STATE_VERSION,
  allocatedSlots,
  configFromFrameworkArgs,
  getPreset,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
} from '@isostep/spec';
import { StateImportError, decodeFloat32, encodeAll, sameShape, size, type JsonNumber, type VariableRef } from './json-numbers.js';

export const TORCH_STATE_FORMAT = 'isostep-torch-rmsprop-state/1';
const TORCH_ARGS = ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'maximize'] as const;
const SLOTS = getPreset('torch').slotNames;

export interface TorchStateDoc {
  format: typeof TORCH_STATE_FORMAT;
  versions: Record<string, string>;
  param_groups: Record<string, unknown>[];
  state: Record<string, Record<string, unknown>>;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The config and state a torch state_dict describes, mapped onto `variables` (param index order). */
export function fromTorchState(doc: unknown, variables: readonly VariableRef[]): { config: RmspropConfig; state: OptimizerState } {
  if (!isObj(doc) || doc.format !== TORCH_STATE_FORMAT) {
    throw new StateImportError(`torch state: format ${JSON.stringify(isObj(doc) ? doc.format : doc)}; expected "${TORCH_STATE_FORMAT}"`);
  }
  const groups = doc.param_groups;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every(isObj)) throw new StateImportError('torch state: param_groups must be a non-empty list of objects');
  const args = (g: Obj) => Object.fromEntries(TORCH_ARGS.filter((k) => k in g).map((k) => [k, g[k] as number | boolean]));
  const config = configFromFrameworkArgs('torch', args(groups[0]!));
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
  const slots = allocatedSlots(config);
  const entries = isObj(doc.state) ? doc.state : {};
  const tensors = new Map<string, Partial<Record<SlotName, Float32Array>>>();
  let step: number | undefined;
  indices.forEach((idx, i) => {
    const v = variables[i]!;
    const where = `torch param ${idx} (variable ${v.name})`;
    const e = entries[String(idx)];
    if (!isObj(e)) throw new StateImportError(`${where}: no state entry (torch allocates state at a param's first step)`);
    if (e.dtype !== 'float32') throw new StateImportError(`${where}: dtype ${JSON.stringify(e.dtype)}; TF.js variables are float32`);
    if (!Array.isArray(e.shape) || !sameShape(e.shape as number[], v.shape)) {
      throw new StateImportError(`${where}: shape ${JSON.stringify(e.shape)}; the variable's shape is [${v.shape.join(', ')}]`);
    }
    if (typeof e.step !== 'number' || !Number.isInteger(e.step) || e.step < 0) throw new StateImportError(`${where}: step ${JSON.stringify(e.step)}; expected a whole number`);
    if (step !== undefined && e.step !== step) throw new StateImportError(`${where}: step ${e.step}, other params are at step ${step}; the spec state has one step count`);
    step = e.step;
    const out: Partial<Record<SlotName, Float32Array>> = {};
    for (const slot of slots) out[slot] = decodeFloat32(e[SLOTS[slot]], `${where}.${SLOTS[slot]}`, size(v.shape));
    const extra = (['meanSquare', 'meanGrad', 'momentum'] as const).filter((s) => !slots.includes(s) && SLOTS[s] in e);
    if (extra.length > 0) throw new StateImportError(`${where}: has ${extra.map((s) => SLOTS[s]).join(', ')}, which this config (${JSON.stringify(args(groups[0]!))}) does not allocate`);
    tensors.set(v.name, out);
  });
  return { config, state: { version: STATE_VERSION, step: step ?? 0, slots, tensors } };
}

/** The torch JSON for a spec state whose config is a torch RMSprop; params indexed in `variables` order. */
export function toTorchState(state: OptimizerState, config: RmspropConfig, variables: readonly VariableRef[]): TorchStateDoc {
  const args = {
    lr: config.lr,
    alpha: config.rho,
    eps: config.eps,
    weight_decay: config.weightDecay,
    momentum: config.momentum,
    centered: config.centered,
    maximize: config.maximize,
  };
  const asTorch = configFromFrameworkArgs('torch', args);
  const differs = (Object.keys(asTorch) as (keyof RmspropConfig)[]).find((k) => asTorch[k] !== config[k]);
  if (differs !== undefined) throw new StateImportError(`this config is not a torch RMSprop: ${differs} = ${JSON.stringify(config[differs])}, torch has ${JSON.stringify(asTorch[differs])}`);
  const st: TorchStateDoc['state'] = {};
  variables.forEach((v, i) => {
    const slots = state.tensors.get(v.name);
    if (slots === undefined) throw new StateImportError(`state has no entry for variable ${v.name}`);
    const e: Record<string, unknown> = { step: state.step, dtype: 'float32', shape: [...v.shape] };
    for (const slot of state.slots) e[SLOTS[slot]] = encodeAll(slots[slot]!) satisfies JsonNumber[];
    st[String(i)] = e;
  });
  return {
    format: TORCH_STATE_FORMAT,
    versions: { isostep: String(STATE_VERSION) },
    param_groups: [{ ...args, capturable: false, foreach: null, differentiable: false, params: variables.map((_, i) => i) }],
    state: st,
  };
}
