/**
 * The acceptance intervals of one step: the spec's compiled program (`spec.program`) evaluated over
 * intervals whose every operation is widened by the declared accuracy (see the optimizer's numerics text
 * in @isostep/spec). Generic over the optimizer: it reads the slot list from the program and names none.
 */
import type { Arith, ElementValues, Interval, StepProgram } from '@isostep/spec';

/** One parameter's values as intervals, element by element: the parameter and each allocated slot (spec names). */
export interface IntervalTensor {
  readonly params: Interval[];
  readonly slots: Readonly<Record<string, Interval[]>>;
}

/** Every parameter's intervals, by parameter name. */
export type IntervalState = ReadonlyMap<string, IntervalTensor>;

/**
 * One step from `before` with these gradients (per parameter) at learning rate `lr`; `t` is the step
 * being taken (1 for the first). Scalars are formed once, as every backend forms them.
 */
export function intervalStep(
  IA: Arith<Interval>,
  program: StepProgram,
  before: IntervalState,
  grads: ReadonlyMap<string, readonly Interval[]>,
  lr: number,
  t: number,
): Map<string, IntervalTensor> {
  const s = program.scalars(IA, lr, t);
  const after = new Map<string, IntervalTensor>();
  for (const [name, tensor] of before) {
    const grad = grads.get(name);
    if (grad === undefined) throw new Error(`no gradient for parameter ${JSON.stringify(name)}`);
    const n = tensor.params.length;
    const params = new Array<Interval>(n);
    const slots: Record<string, Interval[]> = {};
    for (const slot of program.slots) slots[slot] = new Array<Interval>(n);
    for (let i = 0; i < n; i++) {
      const e: Record<string, Interval> = { p: tensor.params[i]!, g: grad[i]! };
      for (const slot of program.slots) e[slot] = tensor.slots[slot]![i]!;
      program.element(IA, s, e as ElementValues<Interval>);
      params[i] = e.p!;
      for (const slot of program.slots) slots[slot]![i] = e[slot]!;
    }
    after.set(name, { params, slots });
  }
  return after;
}
