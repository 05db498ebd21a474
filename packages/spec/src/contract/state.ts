/**
 * State layout from the descriptor's slot list, in one place: every backend allocates, checks and names
 * its state through these, so no backend names an optimizer's slots.
 */
import { ShapeMismatchError } from '../errors/isostep-error.js';
import { roundTo } from '../numerics/dtype-grid.js';
import type { Dtype } from './dtype.js';
import type { OptimizerSpec } from './optimizer-spec.js';
import { STATE_VERSION, type NamedTensors, type OptimizerState, type Tensor } from './optimizer.js';

/** A fresh state: every allocated slot at its initial value, per parameter. `allocate(n)` decides where tensors live. */
export function freshState(spec: OptimizerSpec, dtype: Dtype, params: NamedTensors, allocate: (length: number) => Tensor): OptimizerState {
  const tensors = new Map<string, Record<string, Tensor>>();
  const slots = spec.program.slots;
  for (const [name, p] of params) {
    const perSlot: Record<string, Tensor> = {};
    for (const slot of slots) {
      const t = allocate(p.length);
      t.fill(roundTo(dtype, spec.program.initialValue(slot)));
      perSlot[slot] = t;
    }
    tensors.set(name, perSlot);
  }
  return { version: STATE_VERSION, step: 0, slots, tensors };
}

/** Checks a state's header (version, step count, slot list) against the spec, before any tensor is looked at. */
export function checkStateHeader(spec: OptimizerSpec, state: OptimizerState): void {
  if (typeof state !== 'object' || state === null) throw new ShapeMismatchError('state', 'an optimizer state object', String(state));
  if (state.version !== STATE_VERSION) throw new ShapeMismatchError('state.version', String(STATE_VERSION), String(state.version));
  if (!(Number.isInteger(state.step) && state.step >= 0)) throw new ShapeMismatchError('state.step', 'an integer >= 0', String(state.step));
  const slots = spec.program.slots;
  if (!Array.isArray(state.slots) || state.slots.join(',') !== slots.join(',')) {
    throw new ShapeMismatchError('state.slots', `[${slots.join(', ')}] for this config`, `[${Array.isArray(state.slots) ? state.slots.join(', ') : String(state.slots)}]`);
  }
  if (!(state.tensors instanceof Map)) throw new ShapeMismatchError('state.tensors', 'a Map from parameter name to slot tensors', typeof state.tensors);
}

/** The framework's name for a spec slot (the preset's `slotNames`), or the spec name for a custom config. */
export function frameworkSlotName(spec: OptimizerSpec, slot: string): string {
  return (spec.preset?.slotNames as Record<string, string> | undefined)?.[slot] ?? slot;
}
