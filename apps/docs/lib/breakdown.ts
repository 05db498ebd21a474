/**
 * A per-step numeric breakdown for any optimizer: the spec's compiled element step re-run on one
 * coordinate with arithmetic that records every operation (the same correctly rounded float32 ops, fused
 * sites and subnormal mode the reference uses), so the page can show each slot, the update and every
 * intermediate exactly as the formula produced them. Nothing here names an optimizer's slots: they come
 * from `spec.program.slots`.
 */
import { exactArith, type Arith, type OptimizerSpec } from './isostep.js';
import type { QuadraticState } from './quadratic.js';

/** One coordinate's values before a step: p, g, and each allocated slot by spec slot name. */
export interface CoordinateValues {
  readonly p: number;
  readonly g: number;
  readonly slots: Readonly<Record<string, number>>;
}

export interface Op {
  readonly op: keyof Arith<number>;
  readonly args: readonly number[];
  readonly result: number;
}

/** Wraps arithmetic so each call is appended to `ops` (constants included: they are casts to the dtype). */
export function recordingArith(inner: Arith<number>, ops: Op[]): Arith<number> {
  const rec =
    (op: keyof Arith<number>) =>
    (...args: number[]): number => {
      const result = (inner[op] as (...a: number[]) => number)(...args);
      ops.push({ op, args, result });
      return result;
    };
  // Every operation of the inner arithmetic, whatever the spec's Arith holds (new ops are recorded too).
  return Object.fromEntries(Object.keys(inner).map((op) => [op, rec(op as keyof Arith<number>)])) as unknown as Arith<number>;
}

export interface CoordinateBreakdown {
  readonly g: number;
  readonly pBefore: number;
  readonly p: number;
  /** p_after − p_before (exact in float64 for float32 values). */
  readonly update: number;
  /** Each allocated slot before and after the step, by spec slot name, in `spec.program.slots` order. */
  readonly slotsBefore: Readonly<Record<string, number>>;
  readonly slotsAfter: Readonly<Record<string, number>>;
  /** This step's scalars as the element step read them (lr, bias corrections at step t, …), by name. */
  readonly scalars: Readonly<Record<string, number>>;
  /** The element step's operations, in the preset's order (the scalars' own operations excluded). */
  readonly ops: readonly Op[];
}

/** Step t (1 for the first) of one coordinate at the config's lr; `values` is not modified. */
export function breakdownStep(spec: OptimizerSpec, t: number, values: CoordinateValues): CoordinateBreakdown {
  const { program, profile, config } = spec;
  const ops: Op[] = [];
  const A = recordingArith(exactArith('float32', profile.subnormals), ops);
  const scalars = program.scalars(A, config.lr, t);
  const before = ops.length;
  const e: Record<string, number> = { p: values.p, g: values.g };
  // The element step reads only the slots this config allocates.
  for (const slot of program.slots) e[slot] = values.slots[slot]!;
  program.element(A, scalars, e);
  const slotsAfter = Object.fromEntries(program.slots.map((s) => [s, e[s]!]));
  const slotsBefore = Object.fromEntries(program.slots.map((s) => [s, values.slots[s]!]));
  return { g: values.g, pBefore: values.p, p: e.p!, update: e.p! - values.p, slotsBefore, slotsAfter, scalars: { ...scalars }, ops: ops.slice(before) };
}

/** Breaks step t of x² + y² down for x and y, from the reference's state after t − 1 steps (gradient (2x, 2y)). */
export function breakdownQuadraticStep(spec: OptimizerSpec, t: number, before: QuadraticState): readonly [CoordinateBreakdown, CoordinateBreakdown] {
  const at = (i: number): CoordinateBreakdown =>
    breakdownStep(spec, t, {
      p: before.p[i]!,
      g: Math.fround(2 * before.p[i]!),
      slots: Object.fromEntries(Object.entries(before.slots).map(([name, values]) => [name, values[i]!])),
    });
  return [at(0), at(1)];
}
