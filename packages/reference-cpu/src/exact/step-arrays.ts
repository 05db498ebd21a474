/**
 * One step over flat arrays, in place: the spec's compiled element step evaluated element by element.
 * Generic over the optimizer: the slots it reads and writes are `program.slots`, by name; a slot the
 * config does not allocate is absent from the element values and never read.
 */
import type { Arith, StepProgram, Tensor } from '@isostep/spec';

/** One parameter's slot tensors, by spec slot name. */
export type SlotArrays = Readonly<Record<string, Tensor>>;

/**
 * Steps `p` and its slots with gradient `g` at learning rate `lr`, step `t` (1 for the first). The
 * inputs must already be checked (`checkStepInputs`): this is the inner loop, it checks nothing.
 */
export function stepArrays(program: StepProgram, A: Arith<number>, lr: number, t: number, p: Tensor, g: Tensor, slots: SlotArrays): void {
  const s = program.scalars(A, lr, t);
  const names = program.slots;
  const arrays = names.map((name) => slots[name]!);
  const e: Record<string, number> = { p: 0, g: 0 };
  for (const name of names) e[name] = 0;
  for (let i = 0; i < p.length; i++) {
    e.p = p[i]!;
    e.g = g[i]!;
    for (let k = 0; k < names.length; k++) e[names[k]!] = arrays[k]![i]!;
    program.element(A, s, e);
    p[i] = e.p;
    for (let k = 0; k < names.length; k++) arrays[k]![i] = e[names[k]!]!;
  }
}
