/**
 * An optimizer state (per parameter, per slot) as packed slot vectors and back. The slot list is
 * `spec.program.slots`, in its order; nothing here names a slot.
 */
import { STATE_VERSION, checkStateHeader, roundTo, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import { checkAgainstLayout, pack, unpack, type PackedLayout } from './layout.js';

export type SlotVectors = ReadonlyMap<string, Float32Array<ArrayBuffer>>;

/** Every allocated slot at its initial value, rounded to float32 as the reference rounds it. */
export function freshSlotVectors(spec: OptimizerSpec, layout: PackedLayout): SlotVectors {
  return new Map(spec.program.slots.map((slot) => [slot, new Float32Array(layout.total).fill(roundTo('float32', spec.program.initialValue(slot)))]));
}

/** Checks a saved state against the spec and the layout (header, then every tensor), then packs it. */
export function packState(spec: OptimizerSpec, layout: PackedLayout, state: OptimizerState): SlotVectors {
  checkStateHeader(spec, state);
  const out = new Map<string, Float32Array<ArrayBuffer>>();
  for (const slot of spec.program.slots) {
    const bySlot = new Map(layout.ranges.map((r) => [r.name, state.tensors.get(r.name)?.[slot]!]));
    checkAgainstLayout(layout, bySlot, `state.tensors[…].${slot}`);
    out.set(slot, pack(layout, bySlot));
  }
  return out;
}

/** Packed slot vectors (as read back) as a state of `step` completed steps. */
export function unpackState(spec: OptimizerSpec, layout: PackedLayout, slots: ReadonlyMap<string, Float32Array>, step: number): OptimizerState {
  const tensors = new Map<string, Record<string, Float32Array>>(layout.ranges.map((r) => [r.name, {}]));
  for (const slot of spec.program.slots) {
    for (const [name, t] of unpack(layout, slots.get(slot)!)) tensors.get(name)![slot] = t;
  }
  return { version: STATE_VERSION, step, slots: spec.program.slots, tensors };
}
