/** A fresh optimizer state: every slot the config allocates, at its initial value, per parameter. */
import {
  STATE_VERSION,
  initialSlotValue,
  roundTo,
  type Dtype,
  type NamedTensors,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
  type Tensor,
} from '@isostep/spec';

export type SlotArrays = Partial<Record<SlotName, Tensor>>;

/** `allocate(n)` decides where slot tensors live (plain typed arrays, or the fast path's shared arena). */
export function initState(
  config: RmspropConfig,
  dtype: Dtype,
  slots: readonly SlotName[],
  params: NamedTensors,
  allocate: (length: number) => Tensor,
): OptimizerState {
  const tensors = new Map<string, SlotArrays>();
  for (const [name, p] of params) {
    const perSlot: SlotArrays = {};
    for (const slot of slots) {
      const t = allocate(p.length);
      t.fill(roundTo(dtype, initialSlotValue(config, slot)));
      perSlot[slot] = t;
    }
    tensors.set(name, perSlot);
  }
  return { version: STATE_VERSION, step: 0, slots, tensors };
}
