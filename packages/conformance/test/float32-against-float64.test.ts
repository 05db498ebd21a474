/**
 * Resync against float64: every step of every float32 trace, recomputed in float64 from the trace's own
 * previous values, agrees with the recorded float32 values within the spec's bound (the float32 and
 * float64 real-number enclosures of the step overlap, and the recorded value lies in the float32 one,
 * widened by the framework's declared accuracy). Traces whose framework flushes subnormals are checked
 * on their non-subnormal cases only: flushing changes the math, not its rounding.
 */
import {
  combineAccuracy,
  contains,
  elementStep,
  overlaps,
  planStep,
  point,
  realEnclosureArith,
  FAITHFUL,
  stepScalars,
  type ElementValues,
  type Interval,
} from '@isostep/spec';
import { intervalArith } from '@isostep/spec';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceSpec } from '../src/runner/trace-spec.js';
import { collectTraceFiles, readTraceFile } from '../src/trace/read-trace.js';
import { GOLDEN_DIR } from '../src/vitest/index.js';

const files = (await collectTraceFiles([GOLDEN_DIR])).filter((f) => !f.endsWith('_f64.json'));

describe('float32 traces resynced against float64', () => {
  it.each(files.map((f) => [basename(f, '.json'), f]))('%s', async (_name, file) => {
    const trace = await readTraceFile(file);
    if (trace.case.dtype !== 'float32') return;
    const spec = traceSpec(trace);
    if (spec.profile.subnormals === 'flush' && trace.case.name.includes('subnormal')) return;
    const plan = planStep(spec.config, spec.profile);
    const A32 = realEnclosureArith('float32');
    const A64 = realEnclosureArith('float64');
    // The recorded value may differ from the real result by the op errors the framework declares, on top of rounding.
    const recorded = intervalArith('float32', combineAccuracy(FAITHFUL, spec.profile.accuracy.float32));
    let checked = 0;
    for (let k = 0; k < trace.steps.length; k++) {
      const prevP = k === 0 ? trace.case.initParams : trace.steps[k - 1]!.params;
      const prevS = k === 0 ? trace.initialState : trace.steps[k - 1]!.state;
      const step = trace.steps[k]!;
      for (let i = 0; i < prevP.length; i++) {
        const at = (s: string | undefined) => (s === undefined ? 0 : prevS[s]![i]!);
        const name = (slot: 'meanSquare' | 'meanGrad' | 'momentum') => spec.slots.find((s) => s.spec === slot)?.framework;
        const run = (A: import('@isostep/spec').Arith<Interval>) => {
          const e: ElementValues<Interval> = { p: point(prevP[i]!), g: point(step.grad[i]!), v: point(at(name('meanSquare'))), m: point(at(name('meanGrad'))), b: point(at(name('momentum'))) };
          elementStep(A, plan, stepScalars(A, spec.config, spec.profile, spec.config.lr, k + 1), e);
          return e;
        };
        const e32 = run(A32);
        const e64 = run(A64);
        const rec = run(recorded);
        expect(overlaps(e32.p, e64.p), `step ${k + 1} params[${i}]`).toBe(true);
        expect(contains(rec.p, step.params[i]!), `step ${k + 1} params[${i}] = ${step.params[i]} in [${rec.p.lo}, ${rec.p.hi}]`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
