/**
 * Runs one golden trace against one backend, step by step, in one of two modes:
 *  - resync: every step starts from the trace's params and state after the previous step, so a
 *    difference points at the step that made it (PyTorch's test_optim does the same);
 *  - free: the backend runs the whole trajectory from the initial state on its own values.
 * Every value of every parameter and slot, at every step, is checked against its acceptance interval.
 * Nothing here names an optimizer's slots or scalars: they come from the trace's spec.
 */
import { point, type BackendSession, type ConformanceBackend, type Interval, type SlotValues } from '@isostep/spec';
import type { GoldenTrace, PerParam, TraceSlots } from '../trace/index.js';
import { intervalStep, type IntervalState } from './interval-step.js';
import type { ConformResult, Mode } from './result.js';
import { backendFailed, finishRun, prepareRun } from './run-context.js';
import type { TraceSpec } from './trace-spec.js';

/** A trace's per-parameter state (framework slot names) as the backend contract's (spec slot names). */
function specState(ts: TraceSpec, state: PerParam<TraceSlots>): Map<string, SlotValues> {
  const out = new Map<string, SlotValues>();
  for (const [name, slots] of state) {
    const values: Record<string, Float64Array> = {};
    for (const s of ts.slots) values[s.spec] = slots[s.framework]!;
    out.set(name, values);
  }
  return out;
}

function points(values: Float64Array): Interval[] {
  return Array.from(values, point);
}

function intervalState(params: PerParam<Float64Array>, state: ReadonlyMap<string, SlotValues>): IntervalState {
  const out = new Map<string, { params: Interval[]; slots: Record<string, Interval[]> }>();
  for (const [name, p] of params) {
    const slots: Record<string, Interval[]> = {};
    for (const [slot, values] of Object.entries(state.get(name)!)) slots[slot] = points(values);
    out.set(name, { params: points(p), slots });
  }
  return out;
}

function pointGrads(grads: PerParam<Float64Array>): Map<string, Interval[]> {
  return new Map([...grads].map(([name, g]) => [name, points(g)]));
}

/** The learning rate of step k (0-based): recorded in the step, or the config's lr at every step. */
function stepLr(trace: GoldenTrace, ts: TraceSpec, k: number): number {
  return trace.case.lrSchedule === 'recorded' ? trace.steps[k]!.lr! : ts.spec.config.lr;
}

function got<T>(map: ReadonlyMap<string, T>, name: string, what: string): T {
  const value = map.get(name);
  if (value === undefined) throw new Error(`the backend returned no ${what} for parameter ${JSON.stringify(name)}`);
  return value;
}

export async function runTrace(trace: GoldenTrace, backend: ConformanceBackend, mode: Mode): Promise<ConformResult> {
  const prepared = await prepareRun(trace, backend, mode);
  if ('result' in prepared) return prepared.result;
  const { ctx } = prepared;
  const { ts, IA, cmp } = ctx;
  const { spec } = ts;
  const c = trace.case;
  const initParams = new Map(c.params.map((p) => [p.name, p.init]));
  const initState = specState(ts, trace.initialState);
  let session: BackendSession;
  try {
    session = await backend.open(spec, c.dtype);
  } catch (e) {
    return backendFailed(ctx, e);
  }
  try {
    let carried = intervalState(initParams, initState);
    if (mode === 'free') await session.load(initParams, initState, 0);
    for (let k = 0; k < trace.steps.length; k++) {
      const step = trace.steps[k]!;
      if (mode === 'resync') {
        const prevParams = k === 0 ? initParams : trace.steps[k - 1]!.params;
        const prevState = k === 0 ? initState : specState(ts, trace.steps[k - 1]!.state);
        await session.load(prevParams, prevState, k);
        carried = intervalState(prevParams, prevState);
      }
      const lr = stepLr(trace, ts, k);
      await session.step(step.grads, lr);
      const actual = await session.read();
      carried = intervalStep(IA, spec.program, carried, pointGrads(step.grads), lr, k + 1);
      for (const { name } of c.params) {
        const want = carried.get(name)!;
        const actualSlots = got(actual.state, name, 'state');
        cmp.check(step.step, name, 'params', step.params.get(name)!, got(actual.params, name, 'params'), want.params);
        for (const s of ts.slots) {
          const values = actualSlots[s.spec];
          if (values === undefined) throw new Error(`the backend returned no ${s.spec} slot for parameter ${JSON.stringify(name)}`);
          cmp.check(step.step, name, s.framework, step.state.get(name)![s.framework]!, values, want.slots[s.spec]!);
        }
      }
    }
  } catch (e) {
    return finishRun(ctx, `backend failed: ${(e as Error).message}`);
  } finally {
    await session.dispose();
  }
  return finishRun(ctx, null);
}
