/**
 * Runs one golden trace against one backend, step by step, in one of two modes:
 *  - resync: every step starts from the trace's params and state after the previous step, so a
 *    difference points at the step that made it (PyTorch's test_optim does the same);
 *  - free: the backend runs the whole trajectory from the initial state on its own values.
 * Every param and slot value of every step is checked against its acceptance interval.
 */
import { combineAccuracy, intervalArith, point, type Dtype, type Interval } from '@isostep/spec';
import type { ConformanceBackend, SlotValues } from '../backends/backend.js';
import type { GoldenTrace } from '../trace/index.js';
import { StepComparison } from './compare.js';
import { intervalStep, type IntervalState } from './interval-step.js';
import type { ConformResult, Mode } from './result.js';
import { traceSpec, type TraceSpec } from './trace-spec.js';

function points(values: Float64Array): Interval[] {
  return Array.from(values, point);
}

function specSlots(spec: TraceSpec, byFrameworkName: Readonly<Record<string, Float64Array>>): SlotValues {
  const out: SlotValues = {};
  for (const s of spec.slots) out[s.spec] = byFrameworkName[s.framework]!;
  return out;
}

function intervalState(spec: TraceSpec, params: Float64Array, state: SlotValues): IntervalState {
  const slots: IntervalState['slots'] = {};
  for (const s of spec.slots) slots[s.spec] = points(state[s.spec]!);
  return { params: points(params), slots };
}

export async function runTrace(trace: GoldenTrace, backend: ConformanceBackend, mode: Mode): Promise<ConformResult> {
  const c = trace.case;
  const dtype = c.dtype as Dtype;
  const base = {
    case: c.name,
    file: trace.file,
    framework: c.framework,
    dtype,
    backend: backend.name,
    mode,
    steps: trace.steps.length,
    elements: c.initParams.length,
  };
  const reason = await backend.unsupported(dtype);
  if (reason !== null) {
    return { ...base, device: '', preset: null, pass: false, skipped: true, skipReason: reason, error: null, maxUlp: null, slots: {}, maxBound: null, firstFailure: null };
  }
  const device = await backend.describe();
  let spec: TraceSpec;
  try {
    spec = traceSpec(trace);
  } catch (e) {
    return { ...base, device, preset: null, pass: false, skipped: false, skipReason: null, error: (e as Error).message, maxUlp: null, slots: {}, maxBound: null, firstFailure: null };
  }

  const accuracy = combineAccuracy(spec.profile.accuracy[dtype], backend.accuracy(dtype));
  const IA = backend.intervalArith ? backend.intervalArith(dtype, accuracy, spec.profile) : intervalArith(dtype, accuracy, spec.profile.subnormals);
  const cmp = new StepComparison(dtype);
  const session = await backend.open(spec.config, spec.profile, dtype, c.initParams.length);
  try {
    let carried = intervalState(spec, c.initParams, specSlots(spec, trace.initialState));
    if (mode === 'free') await session.load(c.initParams, specSlots(spec, trace.initialState), 0);
    for (let k = 0; k < trace.steps.length; k++) {
      const step = trace.steps[k]!;
      if (mode === 'resync') {
        const prevParams = k === 0 ? c.initParams : trace.steps[k - 1]!.params;
        const prevState = specSlots(spec, k === 0 ? trace.initialState : trace.steps[k - 1]!.state);
        await session.load(prevParams, prevState, k);
        carried = intervalState(spec, prevParams, prevState);
      }
      await session.step(step.grad);
      const actual = await session.read();
      carried = intervalStep(IA, spec, carried, points(step.grad), k + 1);
      cmp.check(step.step, 'params', step.params, actual.params, carried.params);
      for (const s of spec.slots) {
        cmp.check(step.step, s.framework, step.state[s.framework]!, actual.state[s.spec]!, carried.slots[s.spec]!);
      }
    }
  } catch (e) {
    return { ...base, device, preset: spec.preset, pass: false, skipped: false, skipReason: null, error: `backend failed: ${(e as Error).message}`, maxUlp: null, slots: cmp.maxUlp, maxBound: cmp.maxBound, firstFailure: cmp.firstFailure };
  } finally {
    await session.dispose();
  }
  const maxUlp = Math.max(0, ...Object.values(cmp.maxUlp));
  return {
    ...base,
    device,
    preset: spec.preset,
    pass: cmp.firstFailure === null,
    skipped: false,
    skipReason: null,
    error: null,
    maxUlp,
    slots: cmp.maxUlp,
    maxBound: cmp.maxBound,
    firstFailure: cmp.firstFailure,
  };
}
