/**
 * `--backend` for `isostep train`: the optimizer step on TF.js and WebGPU against the spec, on MLP
 * parameters and gradients from a tiny MNIST subset.
 *
 * Every backend gets the same three gradient maps (computed once by the CPU MLP at the initial params), so
 * the comparison isolates the step. What each result must satisfy is derived, never measured:
 *  - cpu: bit-identical to the exact float32 reference (`createRmsprop`) — the fast kernel's contract.
 *  - TF.js, `tfjs` preset (no fused sites): every op correctly rounded on tfjs-cpu, so the same bits as the
 *    cpu backend; on tfjs-wasm inside the declared interval (rsqrt and pow are within 1.5 ulp there).
 *  - TF.js, `torch` preset: torch's fused sites are two roundings in TF.js; each value must lie in the
 *    interval of the spec's formula under the backend's declared accuracy with those sites as the hull of
 *    fused and unfused (`tfjsIntervalArith`, ACCURACY.md), carried over the three steps.
 *  - webgpu: inside the WGSL acceptance interval (`wgslIntervalArith`), carried the same way; skipped with
 *    the reason when this machine has no WebGPU adapter (with Mesa's lavapipe it runs).
 * Intervals are carried from step to step by evaluating the formula on intervals (a valid enclosure: every
 * op is monotone in each argument on the corners), and must stay narrow, or the test would be vacuous.
 */
import { createRmsprop, loadMnist, Mlp } from '@isostep/reference-cpu/node';
import {
  combineAccuracy,
  contains,
  elementStep,
  getPreset,
  planStep,
  point,
  presetConfig,
  stepScalars,
  WGSL_F32,
  type Arith,
  type Interval,
  type OpAccuracy,
  type PresetName,
  type SubnormalMode,
} from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistDataDir } from './mnist-location.js';
import { createStepper, TrainBackendError } from './step-backends.js';

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

async function stepWith(backend: 'cpu' | 'tfjs' | 'webgpu', preset: PresetName, tfjsBackend: 'cpu' | 'wasm' = 'wasm'): Promise<Map<string, Float32Array>> {
  const params = copy(initial);
  const stepper = await createStepper(backend, params, { config: presetConfig(preset), preset, tfjsBackend });
  try {
    for (const g of grads) await stepper.update(params, g);
  } finally {
    stepper.dispose();
  }
  return params;
}

/** Each param's interval after the three steps: the spec's formula evaluated on intervals with `A`. */
function intervals(preset: PresetName, A: Arith<Interval>): Map<string, Interval[]> {
  const config = presetConfig(preset);
  const profile = getPreset(preset).profile;
  const plan = planStep(config, profile);
  const out = new Map<string, Interval[]>();
  for (const [name, p0] of initial) {
    const p = Array.from(p0, point);
    const v = p.map(() => point(config.initialMeanSquare));
    const m = p.map(() => point(0));
    const b = p.map(() => point(0));
    for (let t = 1; t <= STEPS; t++) {
      const s = stepScalars(A, config, profile, config.lr, t);
      const g = grads[t - 1]!.get(name)!;
      for (let i = 0; i < p.length; i++) {
        const e = { p: p[i]!, g: point(g[i]!), v: v[i]!, m: m[i]!, b: b[i]! };
        elementStep(A, plan, s, e);
        [p[i], v[i], m[i], b[i]] = [e.p, e.v, e.m, e.b];
      }
    }
    out.set(name, p);
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

interface TfjsAdapter {
  tfjsIntervalArith(dtype: 'float32', accuracy: OpAccuracy, subnormals: { framework: SubnormalMode; backend: SubnormalMode }): Arith<Interval>;
  TFJS_CPU: OpAccuracy;
  TFJS_WASM: OpAccuracy;
}
interface WebGpuPackage {
  wgslIntervalArith(dtype: 'float32', accuracy: OpAccuracy): Arith<Interval>;
}
const importByName = (name: string): Promise<unknown> => import(name);

describe('isostep train --backend: the optimizer step', () => {
  it('cpu: the fast step is bit-identical to the exact float32 reference', async () => {
    const reference = copy(initial);
    const optimizer = createRmsprop(presetConfig('torch'), { dtype: 'float32', profile: getPreset('torch').profile });
    const state = optimizer.init(reference);
    for (const g of grads) optimizer.step(reference, g, state);
    sameBits(await stepWith('cpu', 'torch'), reference, 'cpu vs reference');
    // The steps moved the params (a no-op backend would fail the comparisons below too).
    expect(reference.get('layer0.bias')).not.toEqual(initial.get('layer0.bias'));
  });

  it('tfjs-cpu, tfjs preset (no fused sites): the same bits as the cpu backend', async () => {
    expect(Object.values(getPreset('tfjs').profile.fused).some(Boolean)).toBe(false);
    sameBits(await stepWith('tfjs', 'tfjs', 'cpu'), await stepWith('cpu', 'tfjs'), 'tfjs-cpu vs cpu');
  });

  for (const which of ['cpu', 'wasm'] as const) {
    for (const preset of ['torch', 'tfjs'] as const) {
      it(`tfjs-${which}, ${preset} preset: inside the TF.js backend's declared interval`, async () => {
        const adapter = (await importByName('@isostep/tfjs-adapter')) as TfjsAdapter;
        const profile = getPreset(preset).profile;
        const accuracy = combineAccuracy(profile.accuracy.float32, which === 'cpu' ? adapter.TFJS_CPU : adapter.TFJS_WASM);
        const A = adapter.tfjsIntervalArith('float32', accuracy, { framework: profile.subnormals, backend: 'preserve' });
        expectInside(await stepWith('tfjs', preset, which), intervals(preset, A), `tfjs-${which} ${preset}`);
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
    const gpu = (await importByName('@isostep/webgpu')) as WebGpuPackage;
    const A = gpu.wgslIntervalArith('float32', combineAccuracy(getPreset('torch').profile.accuracy.float32, WGSL_F32));
    expectInside(params, intervals('torch', A), 'webgpu torch');
  });

  it('names the backend and the reason when one cannot be loaded, before any step', async () => {
    await expect(createStepper('tfjs', copy(initial), { config: presetConfig('torch'), preset: 'torch', tfjsBackend: 'webgl' as 'cpu' })).rejects.toThrow(
      /^--backend tfjs \(webgl\): tf.setBackend\('webgl'\)/,
    );
  });
});
