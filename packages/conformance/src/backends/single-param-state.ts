/** Conformance sessions step one flat parameter vector; this reads it and its slots back as float64. */
import type { NamedTensors, OptimizerState } from '@isostep/spec';
import type { SlotValues } from './backend.js';

/** The name the CPU sessions give the trace's single parameter vector. */
export const PARAM = 'p';

export function readSingleParam(params: NamedTensors, state: OptimizerState | undefined): { params: Float64Array; state: SlotValues } {
  if (state === undefined) throw new Error('read before load');
  const out: SlotValues = {};
  const slots = state.tensors.get(PARAM)!;
  for (const slot of state.slots) out[slot] = Float64Array.from(slots[slot]!);
  return { params: Float64Array.from(params.get(PARAM)!), state: out };
}
