/**
 * The acceptance intervals of one step: the spec's element step evaluated over intervals whose every
 * operation is widened by the declared accuracy (see NUMERICS_MARKDOWN in @isostep/spec).
 */
import {
  elementStep,
  planStep,
  stepScalars,
  type Arith,
  type ElementValues,
  type Interval,
  type SlotName,
} from '@isostep/spec';
import type { TraceSpec } from './trace-spec.js';

/** Interval values of params and every allocated slot, element by element. */
export interface IntervalState {
  params: Interval[];
  slots: Partial<Record<SlotName, Interval[]>>;
}

export function intervalStep(
  IA: Arith<Interval>,
  spec: TraceSpec,
  before: IntervalState,
  grad: readonly Interval[],
  t: number,
): IntervalState {
  const plan = planStep(spec.config, spec.profile);
  const s = stepScalars(IA, spec.config, spec.profile, spec.config.lr, t);
  const zero = IA.const(0);
  const n = before.params.length;
  const after: IntervalState = { params: new Array<Interval>(n), slots: {} };
  for (const { spec: slot } of spec.slots) after.slots[slot] = new Array<Interval>(n);
  for (let i = 0; i < n; i++) {
    const e: ElementValues<Interval> = {
      p: before.params[i]!,
      g: grad[i]!,
      v: before.slots.meanSquare?.[i] ?? zero,
      m: before.slots.meanGrad?.[i] ?? zero,
      b: before.slots.momentum?.[i] ?? zero,
    };
    elementStep(IA, plan, s, e);
    after.params[i] = e.p;
    if (after.slots.meanSquare) after.slots.meanSquare[i] = e.v;
    if (after.slots.meanGrad) after.slots.meanGrad[i] = e.m;
    if (after.slots.momentum) after.slots.momentum[i] = e.b;
  }
  return after;
}
