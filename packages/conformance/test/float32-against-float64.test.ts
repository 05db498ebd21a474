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
  intervalArith,
  overlaps,
  point,
  realEnclosureArith,
  FAITHFUL,
  type Arith,
  type ElementValues,
  type Interval,
} from '@isostep/spec';
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
    const { spec, slots } = traceSpec(trace);
    if (spec.profile.subnormals === 'flush' && trace.case.name.includes('subnormal')) return;
    const A32 = realEnclosureArith('float32');
    const A64 = realEnclosureArith('float64');
    // The recorded value may differ from the real result by the op errors the framework declares, on top of rounding.
    const recorded = intervalArith('float32', combineAccuracy(FAITHFUL, spec.profile.accuracy.float32));
    let checked = 0;
    for (let k = 0; k < trace.steps.length; k++) {
      const step = trace.steps[k]!;
      const lr = step.lr ?? spec.config.lr;
      for (const { name, init } of trace.case.params) {
        const prevP = k === 0 ? init : trace.steps[k - 1]!.params.get(name)!;
        const prevS = (k === 0 ? trace.initialState : trace.steps[k - 1]!.state).get(name)!;
        const grad = step.grads.get(name)!;
        const params = step.params.get(name)!;
        for (let i = 0; i < prevP.length; i++) {
          const run = (A: Arith<Interval>) => {
            const e: Record<string, Interval> = { p: point(prevP[i]!), g: point(grad[i]!) };
            for (const s of slots) e[s.spec] = point(prevS[s.framework]![i]!);
            spec.program.element(A, spec.program.scalars(A, lr, k + 1), e as ElementValues<Interval>);
            return e.p!;
          };
          const p32 = run(A32);
          const p64 = run(A64);
          const rec = run(recorded);
          const where = `step ${k + 1} ${name}[${i}]`;
          expect(overlaps(p32, p64), where).toBe(true);
          expect(contains(rec, params[i]!), `${where} = ${params[i]} in [${rec.lo}, ${rec.hi}]`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
