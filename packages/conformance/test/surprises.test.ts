/**
 * The framework surprises the spec exists for, reproduced exactly by the reference from the committed
 * traces' own inputs (not only "within the interval": value for value, NaN for NaN, inf for inf).
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceSpec } from '../src/runner/trace-spec.js';
import { V1_PARAM } from '../src/trace/index.js';
import { readTraceFile } from '../src/trace/read-trace.js';
import { GOLDEN_DIR } from '../src/vitest/index.js';

/** Steps the exact float32 reference through a v1 trace's recorded gradients, from its initial state. */
async function replay(relative: string) {
  const trace = await readTraceFile(join(GOLDEN_DIR, relative));
  const { spec, slots: traceSlots } = traceSpec(trace);
  const opt = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const params = new Map([[V1_PARAM, Float32Array.from(trace.case.params[0]!.init)]]);
  const state = opt.init(params);
  const slots = state.tensors.get(V1_PARAM)!;
  const initial = trace.initialState.get(V1_PARAM)!;
  for (const s of traceSlots) slots[s.spec]!.set(initial[s.framework]!);
  const steps = trace.steps.map((st) => {
    opt.step(params, new Map([[V1_PARAM, Float32Array.from(st.grads.get(V1_PARAM)!)]]), state);
    const out: Record<string, Float32Array> = { params: Float32Array.from(params.get(V1_PARAM)!) };
    for (const s of traceSlots) out[s.framework] = Float32Array.from(slots[s.spec]!);
    return out;
  });
  // The recorded values of the one parameter, as the tests below read them.
  const recorded = trace.steps.map((st) => ({ grad: st.grads.get(V1_PARAM)!, params: st.params.get(V1_PARAM)!, state: st.state.get(V1_PARAM)! }));
  return { trace, recorded, steps };
}

function sameBits(actual: Float32Array, expected: Float64Array): boolean {
  return actual.every((a, i) => Object.is(a, Math.fround(expected[i]!)) || (Number.isNaN(a) && Number.isNaN(expected[i]!)));
}

describe('framework surprises, reproduced bit for bit', () => {
  it('TF.js centered with all-zero gradients: √(−ε) = NaN at step 1, persisting in the momentum slot and params', async () => {
    const { recorded, steps } = await replay('tfjs/tfjs_zero_grads_centered.json');
    expect(Array.from(recorded[0]!.params).every(Number.isNaN)).toBe(true);
    expect(Array.from(steps[0]!.params!).every(Number.isNaN)).toBe(true);
    expect(Array.from(steps[0]!.momentum!).every(Number.isNaN)).toBe(true);
    for (const [k, st] of steps.entries()) {
      expect(sameBits(st.params!, recorded[k]!.params)).toBe(true);
      expect(sameBits(st.momentum!, recorded[k]!.state.momentum!)).toBe(true);
    }
  });

  it('TF1 with 1e20 gradients: the mean square is inf at step 1 and NaN (inf − inf) at step 2', async () => {
    const { recorded, steps } = await replay('tf1/tf1_overflow.json');
    const huge = recorded[0]!.grad.findIndex((g) => Math.abs(g) >= 1e20);
    expect(huge).toBeGreaterThanOrEqual(0);
    expect(recorded[0]!.state.rms![huge]).toBe(Infinity);
    expect(recorded[1]!.state.rms![huge]).toBeNaN();
    expect(steps[0]!.rms![huge]).toBe(Infinity);
    expect(steps[1]!.rms![huge]).toBeNaN();
    expect(steps[1]!.params![huge]).toBeNaN();
    for (const [k, st] of steps.entries()) expect(sameBits(st.params!, recorded[k]!.params)).toBe(true);
  });

  it('torch with the same gradients stays at inf (ρ·v + (1−ρ)·g² never subtracts inf) and never turns NaN', async () => {
    const { recorded, steps } = await replay('torch/torch_overflow.json');
    const huge = recorded[0]!.grad.findIndex((g) => Math.abs(g) >= 1e20);
    for (const st of recorded) expect(st.state.square_avg![huge]).toBe(Infinity);
    for (const st of steps) {
      expect(st.square_avg![huge]).toBe(Infinity);
      expect(Array.from(st.params!).some(Number.isNaN)).toBe(false);
    }
  });

  it('TF1 flushes subnormal results to zero; TF.js keeps them', async () => {
    const tf1 = await replay('tf1/tf1_subnormal_params.json');
    const tfjs = await replay('tfjs/tfjs_subnormal_params.json');
    const p0 = tf1.trace.case.params[0]!.init[0]!;
    expect(p0 > 0 && p0 < 2 ** -126).toBe(true); // a float32 subnormal
    expect(tf1.recorded[0]!.params[0]).toBe(0);
    expect(tf1.steps[0]!.params![0]).toBe(0);
    expect(Math.abs(tfjs.recorded[0]!.params[0]!)).toBeGreaterThan(0);
    expect(sameBits(tfjs.steps[0]!.params!, tfjs.recorded[0]!.params)).toBe(true);
  });
});
