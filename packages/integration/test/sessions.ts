/**
 * Steps one optimizer spec through a backend's conformance session (the contract every backend
 * implements) and, beside it, through the acceptance intervals the spec derives for that backend.
 */
import {
  combineAccuracy,
  intervalArith,
  point,
  type ConformanceBackend,
  type Dtype,
  type Interval,
  type OptimizerSpec,
  type SlotValues,
} from '@isostep/spec';

export interface Run {
  readonly names: readonly string[];
  readonly init: ReadonlyMap<string, Float64Array>;
  readonly grads: readonly ReadonlyMap<string, Float64Array>[];
  readonly lrs: readonly number[];
}

/** Values after each step: per parameter, 'p' and every slot. */
export type Trajectory = Map<string, Record<string, Float64Array>>[];

/**
 * Runs the whole trajectory on the backend's own values (free), or, with `resyncFrom`, starts every step
 * from that trajectory's values after the previous step (so each step is judged on its own).
 */
export async function runOnBackend(backend: ConformanceBackend, spec: OptimizerSpec, dtype: Dtype, run: Run, resyncFrom?: Trajectory): Promise<Trajectory> {
  const session = await backend.open(spec, dtype);
  try {
    const loadFrom = async (values: ReadonlyMap<string, Record<string, Float64Array>> | null, completed: number) => {
      const params = new Map<string, Float64Array>();
      const state = new Map<string, SlotValues>();
      for (const name of run.names) {
        const v = values?.get(name) ?? { p: run.init.get(name)!, ...initialSlots(spec, run.init.get(name)!.length) };
        params.set(name, v.p!);
        state.set(name, Object.fromEntries(spec.program.slots.map((slot) => [slot, v[slot]!])));
      }
      await session.load(params, state, completed);
    };
    await loadFrom(null, 0);
    const out: Trajectory = [];
    for (let k = 0; k < run.grads.length; k++) {
      if (resyncFrom && k > 0) await loadFrom(resyncFrom[k - 1]!, k);
      await session.step(run.grads[k]!, run.lrs[k]!);
      const snap = await session.read();
      out.push(new Map(run.names.map((n) => [n, { p: snap.params.get(n)!, ...snap.state.get(n)! }])));
    }
    return out;
  } finally {
    await session.dispose();
  }
}

/**
 * Checks every value of `actual` against its interval, each step starting from `reference`'s previous
 * values (resync), with the backend's declared accuracy combined with the profile's. Returns the first
 * value outside, or null.
 */
export function firstOutsideIntervals(
  backend: ConformanceBackend,
  spec: OptimizerSpec,
  dtype: Dtype,
  run: Run,
  reference: Trajectory,
  actual: Trajectory,
): string | null {
  const accuracy = combineAccuracy(spec.profile.accuracy[dtype], backend.accuracy(dtype));
  const IA = backend.intervalArith ? backend.intervalArith(dtype, accuracy, spec.profile) : intervalArith(dtype, accuracy, spec.profile.subnormals);
  for (let k = 0; k < run.grads.length; k++) {
    const s = spec.program.scalars(IA, run.lrs[k]!, k + 1);
    for (const name of run.names) {
      const before: Record<string, Float64Array> =
        k === 0 ? { p: run.init.get(name)!, ...initialSlots(spec, run.init.get(name)!.length) } : reference[k - 1]!.get(name)!;
      const g = run.grads[k]!.get(name)!;
      for (let i = 0; i < g.length; i++) {
        const e: Record<string, Interval> = { p: point(before.p![i]!), g: point(g[i]!) };
        for (const slot of spec.program.slots) e[slot] = point(before[slot]![i]!);
        spec.program.element(IA, s, e);
        for (const key of ['p', ...spec.program.slots]) {
          const iv = e[key]!;
          const x = actual[k]!.get(name)![key]![i]!;
          const inside = Number.isNaN(x) ? iv.nan : iv.lo <= x && x <= iv.hi;
          if (!inside) return `step ${k + 1} ${name}.${key}[${i}] = ${x} outside [${iv.lo}, ${iv.hi}]`;
        }
      }
    }
  }
  return null;
}

function initialSlots(spec: OptimizerSpec, n: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const slot of spec.program.slots) out[slot] = new Float64Array(n).fill(spec.program.initialValue(slot));
  return out;
}

/** The index of the first element whose bits differ (NaN matches NaN), or -1. */
export function firstBitDifference(a: Trajectory, b: Trajectory): string | null {
  for (let k = 0; k < a.length; k++) {
    for (const [name, values] of a[k]!) {
      for (const [key, xs] of Object.entries(values)) {
        const ys = b[k]!.get(name)![key]!;
        for (let i = 0; i < xs.length; i++) if (!Object.is(xs[i], ys[i])) return `step ${k + 1} ${name}.${key}[${i}]: ${xs[i]} vs ${ys[i]}`;
      }
    }
  }
  return null;
}
