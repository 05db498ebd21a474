/**
 * Runs a binary trace against a backend in bounded memory: one slice of one parameter at a time, through
 * every step, never a whole tensor, never a whole step.
 *
 * Why this is exact and fits the backend contract: every optimizer the spec expresses is elementwise (its
 * program is `element(A, scalars, e)`, with scalars that depend on lr and t only), so a slice of a
 * parameter steps exactly as it would inside the whole model. The session contract (`load` replaces params
 * and state, `step` steps what is loaded) takes "all parameters of a step"; here the loaded model is one
 * slice, under the parameter's name. Order is parameter-major: for each slice, load its initial values
 * and run all steps (free: on the backend's own values; resync: reloading the trace's values before each
 * step) — so both modes need one slice in memory, and one session serves the whole trace.
 *
 * Memory: for one slice of `chunk` elements, the values read (grads, params and each slot of one step,
 * and the previous step's in resync), the backend's copy, and the acceptance intervals. The default
 * chunk (1 Ki elements) keeps that to a few MB whatever the model's size.
 */
import { point, type BackendSession, type ConformanceBackend, type Interval, type SlotValues } from '@isostep/spec';
import { intervalStep, type IntervalState } from '../runner/interval-step.js';
import type { ConformResult, Mode } from '../runner/result.js';
import { backendFailed, finishRun, prepareRun, type TraceHeader } from '../runner/run-context.js';
import { tensorName, type BinaryParam, type BinaryTraceManifest } from './binary-manifest.js';
import type { BinaryFileRef } from './binary-trace-source.js';

/** Where the values come from: BinaryTraceSource in Node, anything that can read a slice of a tensor elsewhere. */
export interface TensorReader {
  readonly manifest: BinaryTraceManifest;
  read(ref: BinaryFileRef, tensor: string, start: number, count: number): Promise<Float64Array>;
}

export interface BinaryRunOptions {
  /** Elements per slice; default 1,024. */
  readonly chunkElements?: number;
}

// Measured (1.2M elements × 4 steps, cpu-fast): 1 Ki elements ran fastest and smallest; 64 Ki took 15% more
// CPU and twice the RSS, its intervals outliving the young generation of the garbage collector.
export const DEFAULT_CHUNK_ELEMENTS = 1 << 10;

/** One slice's values: params and framework-named slots. */
interface SliceValues {
  readonly params: Float64Array;
  readonly slots: Readonly<Record<string, Float64Array>>;
}

export function manifestHeader(m: BinaryTraceManifest): TraceHeader {
  return { file: m.file, case: m.case, stateSlots: m.stateSlots, shard: m.shard };
}

export async function runBinaryTrace(source: TensorReader, backend: ConformanceBackend, mode: Mode, options: BinaryRunOptions = {}): Promise<ConformResult> {
  const m = source.manifest;
  const prepared = await prepareRun(manifestHeader(m), backend, mode);
  if ('result' in prepared) return prepared.result;
  const { ctx } = prepared;
  const { ts, IA, cmp } = ctx;
  const program = ts.spec.program;
  const chunk = options.chunkElements ?? DEFAULT_CHUNK_ELEMENTS;
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError(`chunkElements must be a positive integer, got ${chunk}`);
  const lrOf = (k: number) => (m.case.lrSchedule === 'recorded' ? m.steps[k]!.lr! : ts.spec.config.lr);

  const readSlice = async (ref: BinaryFileRef, p: BinaryParam, start: number, count: number): Promise<SliceValues> => {
    const params = await source.read(ref, tensorName.params(p.name), start, count);
    const slots: Record<string, Float64Array> = {};
    for (const s of ts.slots) slots[s.framework] = await source.read(ref, tensorName.state(s.framework, p.name), start, count);
    return { params, slots };
  };
  // The backend contract speaks spec slot names; the files speak the framework's.
  const specSlots = (v: SliceValues): SlotValues => Object.fromEntries(ts.slots.map((s) => [s.spec, v.slots[s.framework]!]));
  const asIntervals = (name: string, v: SliceValues): IntervalState => {
    const slots: Record<string, Interval[]> = {};
    for (const s of ts.slots) slots[s.spec] = Array.from(v.slots[s.framework]!, point);
    return new Map([[name, { params: Array.from(v.params, point), slots }]]);
  };

  let session: BackendSession;
  try {
    session = await backend.open(ts.spec, m.case.dtype);
  } catch (e) {
    return backendFailed(ctx, e);
  }
  try {
    for (const p of m.case.params) {
      for (let start = 0; start < p.length; start += chunk) {
        const count = Math.min(chunk, p.length - start);
        let prev = await readSlice('initial', p, start, count);
        let carried = asIntervals(p.name, prev);
        if (mode === 'free') await session.load(new Map([[p.name, prev.params]]), new Map([[p.name, specSlots(prev)]]), 0);
        for (let k = 0; k < m.steps.length; k++) {
          const step = k + 1;
          if (mode === 'resync') {
            await session.load(new Map([[p.name, prev.params]]), new Map([[p.name, specSlots(prev)]]), k);
            carried = asIntervals(p.name, prev);
          }
          const grads = await source.read(step, tensorName.grads(p.name), start, count);
          const lr = lrOf(k);
          await session.step(new Map([[p.name, grads]]), lr);
          const actual = await session.read();
          carried = intervalStep(IA, program, carried, new Map([[p.name, Array.from(grads, point)]]), lr, step);
          const want = carried.get(p.name)!;
          const expected = await readSlice(step, p, start, count);
          const actualParams = actual.params.get(p.name);
          const actualSlots = actual.state.get(p.name);
          if (actualParams === undefined || actualSlots === undefined) throw new Error(`the backend returned nothing for parameter ${JSON.stringify(p.name)}`);
          cmp.check(step, p.name, 'params', expected.params, actualParams, want.params, start);
          for (const s of ts.slots) {
            const values = actualSlots[s.spec];
            if (values === undefined) throw new Error(`the backend returned no ${s.spec} slot for parameter ${JSON.stringify(p.name)}`);
            cmp.check(step, p.name, s.framework, expected.slots[s.framework]!, values, want.slots[s.spec]!, start);
          }
          prev = expected;
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
