/**
 * `--backend` for `isostep train`: the optimizer step on TF.js and WebGPU against the spec, on MLP
 * parameters and gradients from a tiny MNIST subset.
 *
 * Every backend gets the same three gradient maps (computed once by the CPU MLP at the initial params), so
 * the comparison isolates the step. What each result must satisfy is derived, never measured:
 *  - cpu: bit-identical to the exact float32 reference (`ReferenceOptimizer`) — the fast kernel's contract.
 *  - TF.js, `tfjs` preset (no fused sites): every op correctly rounded on tfjs-cpu, so the same bits as the
 *    cpu backend; on tfjs-wasm inside the declared interval (rsqrt and pow are within 1.5 ulp there).
 *  - TF.js, `torch` preset: torch's fused sites are two roundings in TF.js; each value must lie in the
 *    interval of the spec's formula under the backend's declared accuracy with those sites as the hull of
 *    fused and unfused (`tfjsIntervalArith`, ACCURACY.md), carried over the three steps.
 *  - webgpu: inside the WGSL acceptance interval (`wgslIntervalArith`), carried the same way; skipped with
 *    the reason when this machine has no WebGPU adapter (with Mesa's lavapipe it runs).
 * Intervals are carried from step to step by evaluating the formula on intervals (a valid enclosure: every
 * op is monotone in each argument on the corners), and must stay narrow, or the test would be vacuous.
 * Every backend is stepped through `bindOptimizer`, as `runTraining` steps it: the contract's two shapes.
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { combineAccuracy, contains, fromPreset, point, WGSL_F32, type Arith, type Interval, type OptimizerSpec } from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../data/load-mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { Mlp } from '../mlp/mlp.js';
import { bindOptimizer, isResident } from '../train/param-update.js';
import type { TrainBackend } from '../train/train-options.js';
import { createStepBackend } from './step-backend.js';
import { TrainBackendError } from './train-backend-error.js';

const SIZES = [784, 16, 10];
const STEPS = 3;
let initial: Map<string, Float32Array>;
let grads: Map<string, Float32Array>[];

beforeAll(() => {
  const data = loadMnist(mnistDataDir(), { train: STEPS * 8, test: 1 }).train;
  const mlp = Mlp.create(SIZES, 0);
  initial = new Map([...mlp.params].map(([n, p]) => [n, p.slice()]));
  grads = [];
  for (let k = 0; k < STEPS; k++) {
    const x = data.images.subarray(k * 8 * 784, (k + 1) * 8 * 784);
    mlp.lossAndGradients(x, 8, data.labels.subarray(k * 8, (k + 1) * 8));
    grads.push(new Map([...mlp.gradients].map(([n, g]) => [n, g.slice()])));
  }
});

const copy = (m: ReadonlyMap<string, Float32Array>) => new Map([...m].map(([n, p]) => [n, p.slice()]));

async function stepWith(backend: TrainBackend, preset: string, tfjsBackend: 'cpu' | 'wasm' = 'wasm'): Promise<Map<string, Float32Array>> {
  const params = copy(initial);
  const stepper = await createStepBackend(backend, fromPreset('rmsprop', preset), { tfjsBackend });
  try {
    const update = await bindOptimizer(stepper.optimizer, params);
    for (const g of grads) await update(params, g);
  } finally {
    await stepper.dispose();
  }
  return params;
}

/** Each param's interval after the three steps: the spec's program evaluated on intervals with `A`. */
function intervals(spec: OptimizerSpec, A: Arith<Interval>): Map<string, Interval[]> {
  const program = spec.program;
  const out = new Map<string, Interval[]>();
  for (const [name, p0] of initial) {
    const elements = Array.from(p0, (p) => {
      const e: Record<string, Interval> = { p: point(p), g: point(0) };
      for (const slot of program.slots) e[slot] = point(program.initialValue(slot));
      return e;
    });
    for (let t = 1; t <= STEPS; t++) {
      const s = program.scalars(A, spec.config.lr, t);
      const g = grads[t - 1]!.get(name)!;
      elements.forEach((e, i) => {
        e.g = point(g[i]!);
        program.element(A, s, e as Parameters<typeof program.element<Interval>>[2]);
      });
    }
    out.set(name, elements.map((e) => e.p!));
  }
  return out;
}

function expectInside(actual: Map<string, Float32Array>, bounds: Map<string, Interval[]>, what: string): void {
  let widest = 0;
  let moved = 0;
  for (const [name, values] of actual) {
    const iv = bounds.get(name)!;
    const p0 = initial.get(name)!;
    values.forEach((x, i) => {
      const b = iv[i]!;
      if (!contains(b, x)) throw new Error(`${what}: ${name}[${i}] = ${x} outside [${b.lo}, ${b.hi}]${b.nan ? ' ∪ NaN' : ''}`);
      // Where some step's gradient is 0 (a pixel that is 0 in that batch, so v = 0 too), WGSL's declared
      // accuracy bounds nothing: the interval comes out as (−∞, ∞) ∪ NaN. Those elements are only checked
      // for containment; everywhere else the interval must be finite and narrow.
      if (grads.some((g) => g.get(name)![i] === 0)) return;
      widest = Math.max(widest, b.nan ? Infinity : b.hi - b.lo);
      moved = Math.max(moved, Math.abs(x - p0[i]!));
    });
  }
  // Not vacuous: every interval is far narrower than how far the three steps moved the params, so a
  // backend that skipped a step, or stepped with another formula, would fall outside.
  expect(widest, `${what}: widest interval vs the params' movement ${moved}`).toBeLessThan(1e-3 * moved);
}

function sameBits(a: Map<string, Float32Array>, b: Map<string, Float32Array>, what: string): void {
  for (const [name, x] of a) {
    const y = b.get(name)!;
    const xi = new Uint32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Uint32Array(y.buffer, y.byteOffset, y.length);
    for (let i = 0; i < xi.length; i++) {
      if (xi[i] !== yi[i]) throw new Error(`${what}: ${name}[${i}] ${x[i]} vs ${y[i]}`);
    }
  }
}

describe('isostep train --backend: the optimizer step', () => {
  it('cpu: the fast step is bit-identical to the exact float32 reference', async () => {
    const reference = copy(initial);
    const optimizer = new ReferenceOptimizer(fromPreset('rmsprop', 'torch'), { dtype: 'float32' });
    const state = optimizer.init(reference);
    for (const g of grads) optimizer.step(reference, g, state);
    sameBits(await stepWith('cpu', 'torch'), reference, 'cpu vs reference');
    // The steps moved the params (a no-op backend would fail the comparisons below too).
    expect(reference.get('layer0.bias')).not.toEqual(initial.get('layer0.bias'));
  });

  it('tfjs-cpu, tfjs preset (no fused sites): the same bits as the cpu backend', async () => {
    expect(Object.values(fromPreset('rmsprop', 'tfjs').profile.fused).some(Boolean)).toBe(false);
    sameBits(await stepWith('tfjs', 'tfjs', 'cpu'), await stepWith('cpu', 'tfjs'), 'tfjs-cpu vs cpu');
  });

  for (const which of ['cpu', 'wasm'] as const) {
    for (const preset of ['torch', 'tfjs'] as const) {
      it(`tfjs-${which}, ${preset} preset: inside the TF.js backend's declared interval`, async () => {
        const adapter = await import('@isostep/tfjs-adapter');
        const spec = fromPreset('rmsprop', preset);
        const accuracy = combineAccuracy(spec.profile.accuracy.float32, which === 'cpu' ? adapter.TFJS_CPU : adapter.TFJS_WASM);
        const A = adapter.tfjsIntervalArith('float32', accuracy, { framework: spec.profile.subnormals, backend: 'preserve' });
        expectInside(await stepWith('tfjs', preset, which), intervals(spec, A), `tfjs-${which} ${preset}`);
      });
    }
  }

  it('webgpu, torch preset: inside the WGSL acceptance interval (skipped without an adapter)', async (ctx) => {
    let params: Map<string, Float32Array>;
    try {
      params = await stepWith('webgpu', 'torch');
    } catch (e) {
      if (e instanceof TrainBackendError) return ctx.skip(e.message);
      throw e;
    }
    const gpu = await import('@isostep/webgpu');
    const spec = fromPreset('rmsprop', 'torch');
    const A = gpu.wgslIntervalArith('float32', combineAccuracy(spec.profile.accuracy.float32, WGSL_F32));
    expectInside(params, intervals(spec, A), 'webgpu torch');
  });

  it('tfjs reads back the state by param name, equal to the cpu state (tfjs preset), and resumes from it', async () => {
    const spec = fromPreset('rmsprop', 'tfjs', { momentum: 0.9, centered: true });
    const cpu = await createStepBackend('cpu', spec);
    const tfjs = await createStepBackend('tfjs', spec, { tfjsBackend: 'cpu' });
    try {
      const [sync, resident] = [cpu.optimizer, tfjs.optimizer];
      if (isResident(sync) || !isResident(resident)) throw new Error('cpu must be sync and tfjs resident');
      const params = copy(initial);
      const state = sync.init(params);
      await resident.load(copy(initial));
      for (const g of grads.slice(0, 2)) {
        sync.step(params, g, state);
        await resident.step(g);
      }
      const read = await resident.read();
      expect(read.state.step).toBe(2);
      expect(read.state.slots).toEqual(state.slots);
      expect(state.slots.length).toBe(3); // mean square, mean gradient, momentum: every slot is compared
      for (const [name, slots] of state.tensors) {
        for (const slot of state.slots) sameBits(new Map([[name, read.state.tensors.get(name)![slot] as Float32Array]]), new Map([[name, slots[slot] as Float32Array]]), `${name}.${slot}`);
      }
      // Resume: load the read-back params and state, take the third step on both.
      await resident.load(read.params, read.state);
      sync.step(params, grads[2]!, state);
      await resident.step(grads[2]!);
      sameBits((await resident.read()).params as Map<string, Float32Array>, params, 'tfjs resumed vs cpu');
    } finally {
      await cpu.dispose();
      await tfjs.dispose();
    }
  });

  it('names the backend and the reason when one cannot be loaded, before any step', async () => {
    await expect(createStepBackend('tfjs', fromPreset('rmsprop', 'torch'), { tfjsBackend: 'webgl' as 'cpu' })).rejects.toThrow(
      /^--backend tfjs \(webgl\): tf.setBackend\('webgl'\)/,
    );
  });
});
