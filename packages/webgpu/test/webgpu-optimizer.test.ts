/**
 * The optimizer on a real device: every RMSprop preset (and its flag variants) and an optimizer the
 * backend has never heard of, on a model of several tensors, one dispatch per step, each value inside the
 * WGSL acceptance interval of the spec's formula; fresh and saved states loaded; FTZ/DAZ profiles flushing;
 * bad input rejected before any dispatch; size limits and device loss reported as typed errors.
 */
import {
  InvalidConfigError,
  IsostepError,
  ShapeMismatchError,
  WGSL_F32,
  allPresets,
  combineAccuracy,
  contains,
  exactArith,
  fromPreset,
  point,
  rmsprop,
  rmspropPreset,
  type Interval,
  type NamedTensors,
  type OptimizerSpec,
} from '@isostep/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BindingLimitError, BufferLimitError, DeviceLostError, WebGpuOptimizer, wgslIntervalArith, type GpuContext, type WebGpuSnapshot } from '../src/index.js';
import { nodeContextOrReason } from './node-context.js';
import { toySpec } from './toy-optimizer.js';

const SIZES = { w1: 37, b1: 300, w2: 1, b2: 1029 } as const;

/** Deterministic values spread over several binades, signs mixed (a tiny LCG: no dependency, reproducible). */
function values(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const u = x / 2 ** 32;
    out[i] = (u < 0.5 ? -1 : 1) * scale * 10 ** (4 * u - 2);
  }
  return out;
}

function model(seed: number, scale: number): NamedTensors {
  return new Map(Object.entries(SIZES).map(([name, n], k) => [name, values(n, seed * 31 + k, scale)]));
}

/** The WGSL interval of every value after one step from `before` (points), per the spec's element step. */
function expectInIntervals(spec: OptimizerSpec, before: WebGpuSnapshot, grads: NamedTensors, after: WebGpuSnapshot, t: number, lr: number) {
  const IA = wgslIntervalArith('float32', combineAccuracy(spec.profile.accuracy.float32, WGSL_F32));
  const s = spec.program.scalars(IA, lr, t);
  const slots = spec.program.slots;
  expect(after.state.slots).toEqual(slots);
  for (const [name, p] of before.params) {
    const slotsBefore = before.state.tensors.get(name)!;
    const slotsAfter = after.state.tensors.get(name)!;
    const g = grads.get(name)!;
    for (let i = 0; i < p.length; i++) {
      const e: Record<string, Interval> = { p: point(p[i]!), g: point(g[i]!) };
      for (const slot of slots) e[slot] = point(slotsBefore[slot]![i]!);
      spec.program.element(IA, s, e);
      const check = (what: string, iv: Interval, x: number) => {
        if (!contains(iv, x)) expect.fail(`${name}[${i}] ${what} = ${x} outside [${iv.lo}, ${iv.hi}] at step ${t}`);
      };
      check('p', e.p!, after.params.get(name)![i]!);
      for (const slot of slots) check(slot, e[slot]!, slotsAfter[slot]![i]!);
    }
  }
}

/** Each preset's defaults, and variants that switch on the flags its profile treats differently. */
function cases(): { label: string; spec: OptimizerSpec }[] {
  const out: { label: string; spec: OptimizerSpec }[] = [];
  for (const { name } of allPresets('rmsprop')) {
    const wd = rmspropPreset(name).defaults.weightDecayMode === 'none' ? {} : { weightDecay: 0.01 };
    out.push({ label: `${name} defaults`, spec: fromPreset('rmsprop', name) });
    out.push({ label: `${name} centered + momentum + wd`, spec: fromPreset('rmsprop', name, { centered: true, momentum: 0.9, ...wd }) });
  }
  out.push({
    label: 'optax nesterov + bias correction + eps outside',
    spec: fromPreset('rmsprop', 'optax', { momentum: 0.9, nesterov: true, biasCorrection: true, epsPlacement: 'outside' }),
  });
  out.push({ label: 'torch maximize, rho 0.3 (lerp from the other end)', spec: fromPreset('rmsprop', 'torch', { maximize: true, rho: 0.3, centered: true }) });
  out.push({ label: 'an optimizer the backend does not know (toy momentum, 3 buffers)', spec: toySpec(3) });
  return out;
}

let gpu: GpuContext | string;
beforeAll(async () => {
  gpu = await nodeContextOrReason();
});
afterAll(() => {
  if (typeof gpu !== 'string') gpu.close();
});

describe('WebGpuOptimizer on every preset, several tensors, one dispatch per step', () => {
  for (const { label, spec } of cases()) {
    it(label, async (ctx) => {
      if (typeof gpu === 'string') return ctx.skip(gpu);
      const opt = new WebGpuOptimizer(gpu, spec);
      opt.load(model(1, 1));
      let before = await opt.read();
      for (let t = 1; t <= 3; t++) {
        const grads = model(t + 7, t === 2 ? 1e-3 : 2);
        // Step 3 at another learning rate: a schedule (lr inside and outside the buffer then differ).
        const lr = t === 3 ? spec.config.lr * 0.5 : spec.config.lr;
        opt.step(grads, t === 3 ? { lr } : {});
        const after = await opt.read();
        expectInIntervals(spec, before, grads, after, t, lr);
        before = after;
      }
      expect(opt.dispatchCount).toBe(3);
      expect(opt.completedSteps).toBe(3);
      opt.dispose();
    });
  }
});

describe('load', () => {
  it('without a state starts every slot at spec.program.initialValue, at step 0', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    for (const spec of [fromPreset('rmsprop', 'tf1'), fromPreset('rmsprop', 'tfjs'), toySpec(2)]) {
      const opt = new WebGpuOptimizer(gpu, spec);
      opt.load(model(1, 1));
      const snap = await opt.read();
      expect(snap.state.step).toBe(0);
      expect(snap.state.slots).toEqual(spec.program.slots);
      for (const [name, p] of model(1, 1)) {
        expect(snap.params.get(name)).toEqual(p);
        for (const slot of spec.program.slots) {
          expect(snap.state.tensors.get(name)![slot]).toEqual(new Float32Array(p.length).fill(spec.program.initialValue(slot)));
        }
      }
      opt.dispose();
    }
  });

  it('with a saved state continues where it was read: same step count, same bits as never stopping', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const spec = rmsprop('torch', { momentum: 0.9, centered: true });
    const straight = new WebGpuOptimizer(gpu, spec);
    straight.load(model(1, 1));
    straight.step(model(2, 1));
    straight.step(model(3, 1));
    const saved = await straight.read();
    straight.step(model(4, 1));
    const want = await straight.read();

    const resumed = new WebGpuOptimizer(gpu, spec);
    resumed.load(saved.params, saved.state);
    expect(resumed.completedSteps).toBe(2);
    resumed.step(model(4, 1));
    const got = await resumed.read();
    expect(got.state.step).toBe(3);
    expect(got.params).toEqual(want.params);
    expect(got.state.tensors).toEqual(want.state.tensors);
    straight.dispose();
    resumed.dispose();
  });

  it("rejects a state of another config's slots, naming them, and leaves the optimizer as it was", async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const plain = new WebGpuOptimizer(gpu, rmsprop('keras3'));
    plain.load(model(1, 1));
    const other = new WebGpuOptimizer(gpu, rmsprop('keras3', { momentum: 0.5 }));
    other.load(model(5, 1));
    const foreign = await other.read();
    expect(() => plain.load(foreign.params, foreign.state)).toThrow(ShapeMismatchError);
    expect(() => plain.load(foreign.params, foreign.state)).toThrow(/state\.slots: .*\[meanSquare\].*\[meanSquare, momentum\]/);
    expect((await plain.read()).params).toEqual(new Map(model(1, 1)));
    plain.dispose();
    other.dispose();
  });
});

describe('FTZ/DAZ profiles on the GPU', () => {
  // p = 0 and a subnormal gradient: a flushing profile reads g as 0 and leaves p at 0; a preserving one
  // moves p by lr·g/√ε, itself subnormal (and WGSL may flush it, so only the interval is checked there).
  const tiny = 2 ** -130;
  const params = () => new Map([['w', new Float32Array(64)]]);
  const grads = () => new Map([['w', new Float32Array(64).fill(tiny)]]);

  it('keras3 and tf1 (flush) compute exactly what their flushing reference computes', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    for (const spec of [fromPreset('rmsprop', 'keras3'), fromPreset('rmsprop', 'tf1')]) {
      const opt = new WebGpuOptimizer(gpu, spec);
      opt.load(params());
      const before = await opt.read();
      opt.step(grads());
      const after = await opt.read();
      expectInIntervals(spec, before, grads(), after, 1, spec.config.lr);
      const A = exactArith('float32', 'flush');
      const e: Record<string, number> = { p: 0, g: tiny };
      for (const slot of spec.program.slots) e[slot] = Math.fround(spec.program.initialValue(slot));
      spec.program.element(A, spec.program.scalars(A, spec.config.lr, 1), e);
      expect(e.p).toBe(0);
      for (const x of after.params.get('w')!) expect(x).toBe(0);
      for (const slot of spec.program.slots) for (const x of after.state.tensors.get('w')![slot]!) expect(x).toBe(e[slot]);
      opt.dispose();
    }
  });

  it('torch (preserve) stays inside the WGSL intervals, which allow the subnormal and its flush', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const spec = rmsprop('torch');
    const opt = new WebGpuOptimizer(gpu, spec);
    opt.load(params());
    const before = await opt.read();
    opt.step(grads());
    expectInIntervals(spec, before, grads(), await opt.read(), 1, spec.config.lr);
    opt.dispose();
  });
});

describe('bad input', () => {
  it('rejects mismatched gradient lengths, unknown names and float64 before any dispatch, state untouched', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const opt = new WebGpuOptimizer(gpu, rmsprop('keras3'));
    opt.load(model(1, 1));
    opt.step(model(2, 1));
    const before = await opt.read();
    const short = new Map(model(3, 1));
    short.set('b1', new Float32Array(299));
    expect(() => opt.step(short)).toThrow(ShapeMismatchError);
    expect(() => opt.step(short)).toThrow(/grads\["b1"\]: expected Float32Array\(300\), got Float32Array\(299\)/);
    const extra = new Map(model(3, 1)).set('nope', new Float32Array(1));
    expect(() => opt.step(extra)).toThrow(/grads\["nope"\]/);
    const f64 = new Map<string, Float32Array | Float64Array>(model(3, 1)).set('w2', new Float64Array(1));
    expect(() => opt.step(f64)).toThrow(/grads\["w2"\]: expected Float32Array\(1\), got Float64Array\(1\)/);
    expect(() => opt.step(model(3, 1), { lr: Number.NaN })).toThrow(InvalidConfigError);
    expect(() => opt.step(model(3, 1), { lr: Number.NaN })).toThrow(/invalid RMSprop config: options\.lr = NaN/);
    expect(opt.dispatchCount).toBe(1);
    const after = await opt.read();
    expect(after.state.step).toBe(1);
    for (const [name, p] of before.params) expect(after.params.get(name)).toEqual(p);
    opt.dispose();
  });

  it('refuses a bare config: a config never travels without its numerics', (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const bare = rmsprop('torch').config as unknown as OptimizerSpec;
    expect(() => new WebGpuOptimizer(gpu as GpuContext, bare)).toThrow(IsostepError);
    expect(() => new WebGpuOptimizer(gpu as GpuContext, bare)).toThrow(/needs an OptimizerSpec/);
  });

  it('refuses a model above the device buffer limit, naming the limit and the size', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const n = limit / 4 + 1;
    const opt = new WebGpuOptimizer(gpu, rmsprop('torch'));
    const err = (() => {
      try {
        opt.load(new Map([['huge', new Float32Array(n)]]));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(BufferLimitError);
    expect((err as Error).message).toContain(`maxStorageBufferBindingSize of ${limit} bytes`);
    expect((err as Error).message).toContain(`${n * 4}-byte`);
  });

  it('refuses an optimizer with more slots than the device binds storage buffers, naming the limit', (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const limit = gpu.device.limits.maxStorageBuffersPerShaderStage;
    // p and g, plus `limit - 1` slots: one binding too many.
    expect(() => new WebGpuOptimizer(gpu as GpuContext, toySpec(limit - 1))).toThrow(BindingLimitError);
    expect(() => new WebGpuOptimizer(gpu as GpuContext, toySpec(limit - 1))).toThrow(`maxStorageBuffersPerShaderStage of ${limit}`);
    expect(() => new WebGpuOptimizer(gpu as GpuContext, toySpec(limit - 2)).dispose()).not.toThrow();
  });
});

describe('device loss', () => {
  it('throws DeviceLostError on the next step and keeps the last read state', async (ctx) => {
    const own = await nodeContextOrReason();
    if (typeof own === 'string') return ctx.skip(own);
    const opt = new WebGpuOptimizer(own, rmsprop('tfjs', { momentum: 0.5 }));
    opt.load(model(1, 1));
    opt.step(model(2, 1));
    opt.step(model(3, 1));
    const read = await opt.read();
    own.device.destroy();
    await own.device.lost;
    expect(() => opt.step(model(4, 1))).toThrow(DeviceLostError);
    await expect(opt.read()).rejects.toThrow(/device lost .*state of step 2 is available from lastRead\(\)/);
    expect(opt.lastRead()).toBe(read);
    expect(opt.lastRead()!.state.step).toBe(2);
    own.close();
  });
});
