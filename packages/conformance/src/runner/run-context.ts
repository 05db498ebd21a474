/**
 * What every runner does around its step loop, whatever the trace's form (parsed JSON, streamed binary):
 * ask the backend whether it can run the dtype, map the trace onto the spec, build the interval
 * arithmetic, and turn the comparison into a ConformResult. Kept apart so that the JSON runner
 * (run-trace.ts) and the streaming runner (run-binary-trace.ts) report exactly alike.
 */
import { combineAccuracy, intervalArith, type Arith, type ConformanceBackend, type Dtype, type Interval } from '@isostep/spec';
import type { GoldenTrace, TraceCase } from '../trace/index.js';
import { StepComparison } from './compare.js';
import type { ConformResult, Mode, ShardInfo } from './result.js';
import { traceSpec, type TraceSpec } from './trace-spec.js';

/** The part of a trace the spec mapping needs: its case (without values) and its slot names. */
export interface TraceHeader {
  readonly file: string;
  readonly case: Omit<TraceCase, 'params' | 'gradient'> & { readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[] };
  readonly stateSlots: readonly string[];
  readonly shard?: ShardInfo | null;
}

export interface RunContext {
  readonly ts: TraceSpec;
  readonly IA: Arith<Interval>;
  readonly cmp: StepComparison;
  readonly device: string;
  readonly base: Omit<ConformResult, 'device' | 'preset' | 'pass' | 'skipped' | 'skipReason' | 'error' | 'maxUlp' | 'slots' | 'maxAbsError' | 'maxBound' | 'firstFailure'>;
}

const NO_VALUES = { maxUlp: null, slots: {}, maxAbsError: null, maxBound: null, firstFailure: null } as const;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** A finished result, or the context to run the steps in. */
export async function prepareRun(
  header: TraceHeader,
  backend: ConformanceBackend,
  mode: Mode,
): Promise<{ readonly result: ConformResult } | { readonly ctx: RunContext }> {
  const c = header.case;
  const dtype: Dtype = c.dtype;
  const base = {
    case: c.name,
    file: header.file,
    framework: c.framework,
    optimizer: c.optimizer,
    dtype,
    backend: backend.name,
    mode,
    steps: c.steps,
    elements: c.params.reduce((n, p) => n + elementCount(p.shape), 0),
    shard: header.shard ?? null,
  };
  const reason = await backend.unsupported(dtype);
  if (reason !== null) {
    return { result: { ...base, ...NO_VALUES, device: '', preset: null, pass: false, skipped: true, skipReason: reason, error: null } };
  }
  const device = await backend.describe();
  let ts: TraceSpec;
  try {
    // traceSpec reads only the case's framework, optimizer, arguments and options, and the slot names:
    // a header without values (the binary form's) carries all of them.
    ts = traceSpec(header as unknown as GoldenTrace);
  } catch (e) {
    return { result: { ...base, ...NO_VALUES, device, preset: null, pass: false, skipped: false, skipReason: null, error: (e as Error).message } };
  }
  const { spec } = ts;
  const accuracy = combineAccuracy(spec.profile.accuracy[dtype], backend.accuracy(dtype));
  const IA = backend.intervalArith ? backend.intervalArith(dtype, accuracy, spec.profile) : intervalArith(dtype, accuracy, spec.profile.subnormals);
  return { ctx: { ts, IA, cmp: new StepComparison(dtype), device, base } };
}

/** The result of a run that got as far as the steps; `error` when the backend failed on the way. */
export function finishRun(ctx: RunContext, error: string | null): ConformResult {
  const { cmp } = ctx;
  const checked = Object.keys(cmp.maxUlp).length > 0;
  return {
    ...ctx.base,
    device: ctx.device,
    preset: ctx.ts.spec.preset?.name ?? null,
    pass: error === null && cmp.firstFailure === null,
    skipped: false,
    skipReason: null,
    error,
    maxUlp: error === null ? Math.max(0, ...Object.values(cmp.maxUlp)) : null,
    slots: cmp.maxUlp,
    maxAbsError: checked ? cmp.maxAbsError : null,
    maxBound: cmp.maxBound,
    firstFailure: cmp.firstFailure,
  };
}

/** A run that could not open a session on the backend. */
export function backendFailed(ctx: RunContext, e: unknown): ConformResult {
  return { ...ctx.base, ...NO_VALUES, device: ctx.device, preset: ctx.ts.spec.preset?.name ?? null, pass: false, skipped: false, skipReason: null, error: `backend failed: ${(e as Error).message}` };
}
