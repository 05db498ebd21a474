/**
 * A per-step numeric breakdown: the spec's element step re-run on one coordinate with arithmetic that
 * records every operation (the same correctly rounded float32 ops the reference uses), so the page can
 * show v, the denominator d and the update exactly as the formula produced them.
 */
import { exactArith, rmsprop, type Arith, type ElementValues, type PresetName, type RmspropConfig, type RmspropSlot } from './isostep.js';

/** One coordinate's values before a step: p, g, and the slots v (mean square), m̄ (centered mean), b (momentum). */
export interface CoordinateValues {
  readonly p: number;
  readonly g: number;
  readonly v: number;
  readonly m: number;
  readonly b: number;
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
  readonly vBefore: number;
  readonly v: number;
  /** The value g is divided by: √s + ε, √(s + ε), or 1/rsqrt(s + ε) (optax multiplies by the rsqrt). */
  readonly d: number;
  readonly pBefore: number;
  readonly p: number;
  /** p_after − p_before (exact in float64 for float32 values). */
  readonly update: number;
  readonly ops: readonly Op[];
}

/** The denominator as the op record shows it: the root, plus ε when it is added outside. */
function denominator(config: RmspropConfig, ops: readonly Op[]): number {
  const i = ops.findIndex((o) => o.op === 'sqrt' || o.op === 'rsqrt');
  if (i < 0) return Number.NaN;
  const root = ops[i]!;
  if (config.epsPlacement === 'outside') return ops[i + 1]!.result;
  return root.op === 'rsqrt' ? 1 / root.result : root.result;
}

/**
 * Step t of one coordinate: `values` holds p, v, m̄, b before the step and g for it; they are not modified.
 */
export function breakdownStep(
  preset: PresetName,
  config: RmspropConfig,
  t: number,
  values: CoordinateValues,
): CoordinateBreakdown {
  const { program, profile } = rmsprop(preset, config);
  const ops: Op[] = [];
  const A = recordingArith(exactArith('float32', profile.subnormals), ops);
  const scalars = program.scalars(A, config.lr, t);
  const before = ops.length;
  // The element step reads only the slots this config allocates.
  const slots: Record<string, number> = { meanSquare: values.v, meanGrad: values.m, momentum: values.b };
  const e: Record<string, number> = { p: values.p, g: values.g };
  for (const slot of program.slots) e[slot] = slots[slot]!;
  program.element(A, scalars, e as ElementValues<number, RmspropSlot>);
  const stepOps = ops.slice(before);
  return {
    g: values.g,
    vBefore: values.v,
    v: e.meanSquare!,
    d: denominator(config, stepOps),
    pBefore: values.p,
    p: e.p!,
    update: e.p! - values.p,
    ops: stepOps,
  };
}

/** The race's state before a step: p and the slots, as the reference left them. */
export interface RaceState {
  readonly p: Float32Array;
  readonly v: Float32Array;
  readonly m: Float32Array | undefined;
  readonly b: Float32Array | undefined;
}

/** Breaks step t of the race down for x and y, from the state after t − 1 steps (gradient (2x, 2y)). */
export function breakdownRaceStep(
  preset: PresetName,
  config: RmspropConfig,
  t: number,
  before: RaceState,
): readonly [CoordinateBreakdown, CoordinateBreakdown] {
  const at = (i: number): CoordinateBreakdown =>
    breakdownStep(preset, config, t, {
      p: before.p[i]!,
      g: Math.fround(2 * before.p[i]!),
      v: before.v[i]!,
      m: before.m?.[i] ?? 0,
      b: before.b?.[i] ?? 0,
    });
  return [at(0), at(1)];
}
