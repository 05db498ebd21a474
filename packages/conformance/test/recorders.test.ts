/**
 * The TypeScript recorders: a TF.js `tf.train` optimizer (taken by duck typing) and one of Isostep's own
 * optimizers record `isostep-golden/2` traces that the reader accepts as they are and the runner passes
 * on the exact CPU backend, bit for bit; and a trace naming a preset directly (framework `isostep`) is
 * mapped through that preset, with a bad preset reported at its JSON path.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuBackend, createOptimizer } from '@isostep/reference-cpu';
import { fromFrameworkArgs, fromPreset } from '@isostep/spec';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTraceFile, writeTraceFile } from '../src/node.js';
import { recordOptimizer, recordTfOptimizer, traceNumber, type TfOptimizerLike } from '../src/record/index.js';
import { runTrace } from '../src/runner/run-trace.js';
import { traceSpec } from '../src/runner/trace-spec.js';
import { parseTrace, TraceFormatError } from '../src/trace/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small deterministic training problem: gradients of a quadratic, g = 2c·p (computed by TF.js). */
async function trainTf(tag: string, optimizer: tf.Optimizer, steps: number, schedule: (i: number) => number) {
  // TF.js variable names are global: one pair per test.
  const w = tf.variable(tf.tensor2d([0.5, -1.25, 2, 0.0625, -0.75, 3], [2, 3]), true, `${tag}_w`);
  const b = tf.variable(tf.tensor1d([0.1, -0.2, 1e-3]), true, `${tag}_b`);
  const c = { w: tf.tensor2d([0.3, 1.1, 2.5, 0.7, 0.2, 4], [2, 3]), b: tf.tensor1d([1.5, 0.4, 3]) };
  const rec = recordTfOptimizer(optimizer as unknown as TfOptimizerLike, { [w.name]: w, [b.name]: b }, { name: 'tfjs_recorded', steps, versions: { tfjs: tf.version.tfjs, backend: tf.getBackend() } });
  for (let i = 0; i < steps + 2; i++) {
    (optimizer as unknown as { learningRate: number }).learningRate = schedule(i);
    const grads = { [w.name]: tf.mul(tf.mul(c.w, 2), w), [b.name]: tf.mul(tf.mul(c.b, 2), b) };
    await rec.applyGradients(grads);
  }
  return rec.recorder;
}

async function passesBitForBit(text: string, file: string) {
  const trace = parseTrace(text, file);
  for (const mode of ['resync', 'free'] as const) {
    const result = await runTrace(trace, cpuBackend(trace.case.dtype as 'float32' | 'float64'), mode);
    expect(result.error).toBeNull();
    expect(result.firstFailure).toBeNull();
    expect(result.pass).toBe(true);
    expect(result.maxUlp).toBe(0);
  }
  return trace;
}

describe('recordTfOptimizer (tf.train, duck-typed)', () => {
  it('tf.train.rmsprop with momentum and an lr changed every step: read back and passed on cpu-f32 at 0 ulp', async () => {
    const recorder = await trainTf('rms', tf.train.rmsprop(0.01, 0.9, 0.9), 5, (i) => 0.01 * (i % 2 ? 0.5 : 1.5));
    expect(recorder.length).toBe(5); // stopped after 5 of the 7 steps
    const text = recorder.toJSON();
    const trace = await passesBitForBit(text, 'tfjs_recorded.json');
    expect(trace.case).toMatchObject({ framework: 'tfjs', optimizer: 'rmsprop', lrSchedule: 'recorded' });
    expect(trace.case.hyperparameters).toMatchObject({ learningRate: 0.01, decay: 0.9, momentum: 0.9, centered: false });
    expect(trace.stateSlots).toEqual(['momentum', 'rms']); // mg only when centered
    expect(trace.steps.map((s) => s.lr)).toEqual([0.015, 0.005, 0.015, 0.005, 0.015]);
  });

  it('tf.train.adam: the slots TF.js makes on the first step start from the spec’s zeros', async () => {
    const recorder = await trainTf('adam', tf.train.adam(0.02), 4, () => 0.02);
    const trace = await passesBitForBit(recorder.toJSON(), 'tfjs_adam.json');
    expect(trace.stateSlots).toEqual(['m', 'v']);
    expect(trace.case.params.map((p) => p.name)).toEqual(['adam_w', 'adam_b']);
  });

  it('writeTraceFile puts the trace on disk, and readTraceFile reads it back', async () => {
    const recorder = await trainTf('sgd', tf.train.sgd(0.1), 3, () => 0.1);
    const file = join(mkdtempSync(join(tmpdir(), 'isostep-rec-')), 'traces', 'sgd.json');
    writeTraceFile(recorder, file);
    const trace = await readTraceFile(file);
    expect(trace.case).toMatchObject({ framework: 'tfjs', optimizer: 'sgd', steps: 3 });
    expect(readFileSync(file, 'utf8')).toContain('"format": "isostep-golden/2"');
  });
});

describe('recordOptimizer (Isostep’s own optimizers) and preset-direct traces', () => {
  it('a ReferenceOptimizer from torch’s arguments records as framework isostep + its preset, and passes at 0 ulp', async () => {
    const spec = fromFrameworkArgs('torch', 'rmsprop', { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true });
    const opt = createOptimizer(spec, { dtype: 'float32' });
    const params = new Map([['p', new Float32Array([0.5, -1.5, 1e-3, 2])]]);
    const state = opt.init(params);
    const rec = recordOptimizer(opt, { name: 'isostep_torch_recorded', steps: 4, versions: { isostep: 'test' } });
    for (let i = 0; i < 4; i++) {
      const g = new Float32Array(params.get('p')!.map((x, k) => Math.fround(x * (k + 1))));
      rec.step(params, new Map([['p', g]]), state, { lr: 0.01 * (i + 1) });
    }
    const trace = await passesBitForBit(rec.recorder.toJSON(), 'own.json');
    expect(trace.case.framework).toBe('isostep');
    expect(trace.case.options).toEqual({ preset: 'torch' });
    expect(trace.case.hyperparameters).toEqual({ rho: 0.9, momentum: 0.5, centered: true });
    expect(trace.stateSlots).toEqual(['square_avg', 'grad_avg', 'momentum_buffer']);
    // The spec the trace names is the spec that ran.
    expect(traceSpec(trace).spec.config).toEqual(spec.config);
  });

  it('the tutorial preset named directly: fromPreset with the spec’s field names', () => {
    const rec = recordOptimizer(createOptimizer(fromPreset('rmsprop', 'tutorial', { lr: 0.01 }), { dtype: 'float32' }), { name: 't', versions: { isostep: 'test' } });
    const params = new Map([['p', new Float32Array([1, 2])]]);
    const opt = createOptimizer(fromPreset('rmsprop', 'tutorial', { lr: 0.01 }), { dtype: 'float32' });
    rec.step(params, new Map([['p', new Float32Array([0.5, 0.25])]]), opt.init(params));
    const trace = parseTrace(rec.recorder.toJSON(), 't.json');
    expect(trace.stateSlots).toEqual(['cache']);
    expect(traceSpec(trace).spec.profile).toMatchObject({ lrSite: 'lr-over-denominator' });
  });

  it('an unknown preset is a format error at $.case.options.preset; a framework’s argument name at its hyperparameter', async () => {
    const good = JSON.parse(readFileSync(new URL('../golden/isostep/isostep_tutorial_rmsprop_basic.json', import.meta.url), 'utf8'));
    const bad = structuredClone(good);
    bad.case.options.preset = 'tutorail';
    const e1 = (() => { try { traceSpec(parseTrace(JSON.stringify(bad), 'bad.json')); } catch (e) { return e; } })();
    expect(TraceFormatError.isInstance(e1)).toBe(true);
    expect((e1 as TraceFormatError).message).toContain('$.case.options.preset');
    expect((e1 as TraceFormatError).message).toContain('did you mean');
    const alpha = structuredClone(good);
    alpha.case.hyperparameters = { alpha: 0.9 };
    const e2 = (() => { try { traceSpec(parseTrace(JSON.stringify(alpha), 'alpha.json')); } catch (e) { return e; } })();
    expect((e2 as TraceFormatError).message).toContain('$.case.hyperparameters.alpha');
  });
});

describe('trace numbers', () => {
  it('float32 values print as their shortest round-trip decimal; -0 and non-finite as the format says', () => {
    expect(traceNumber(Math.fround(0.1), 'float32')).toBe('0.1');
    expect(traceNumber(Math.fround(1e-40), 'float32')).toBe('1e-40');
    expect(traceNumber(0.1, 'float64')).toBe('0.1');
    expect(traceNumber(-0, 'float32')).toBe('-0');
    expect([NaN, Infinity, -Infinity].map((x) => traceNumber(x, 'float32'))).toEqual(['"NaN"', '"Infinity"', '"-Infinity"']);
  });
});
