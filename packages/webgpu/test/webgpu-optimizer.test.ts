/**
 * The optimizer on a real device: every preset (and its flag variants) on a model of several tensors,
 * one dispatch per step, each value inside the WGSL acceptance interval of the spec's formula; bad input
 * rejected before any dispatch; size limits and device loss reported as typed errors.
 */
import {
  WGSL_F32,
  allPresets,
  combineAccuracy,
  contains,
  elementStep,
  planStep,
  point,
  presetConfig,
  stepScalars,
  ShapeMismatchError,
  type ElementValues,
  type Interval,
  type NamedTensors,
  type NumericsProfile,
  type RmspropConfig,
} from '@isostep/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferLimitError, DeviceLostError, WebGpuRmsprop, wgslIntervalArith, type GpuContext, type WebGpuSnapshot } from '../src/index.js';
import { nodeContextOrReason } from './node-context.js';

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
function expectInIntervals(config: RmspropConfig, profile: NumericsProfile, before: WebGpuSnapshot, grads: NamedTensors, after: WebGpuSnapshot, t: number) {
  const IA = wgslIntervalArith('float32', combineAccuracy(profile.accuracy.float32, WGSL_F32));
  const plan = planStep(config, profile);
  const s = stepScalars(IA, config, profile, config.lr, t);
  for (const [name, p] of before.params) {
    const slotsBefore = before.state.tensors.get(name)!;
    const slotsAfter = after.state.tensors.get(name)!;
    const g = grads.get(name)!;
    for (let i = 0; i < p.length; i++) {
      const e: ElementValues<Interval> = {
        p: point(p[i]!),
        g: point(g[i]!),
        v: point(slotsBefore.meanSquare![i]!),
        m: point(slotsBefore.meanGrad?.[i] ?? 0),
        b: point(slotsBefore.momentum?.[i] ?? 0),
      };
      elementStep(IA, plan, s, e);
      const check = (what: string, iv: Interval, x: number) => {
        if (!contains(iv, x)) expect.fail(`${name}[${i}] ${what} = ${x} outside [${iv.lo}, ${iv.hi}] at step ${t}`);
      };
      check('param', e.p, after.params.get(name)![i]!);
      check('meanSquare', e.v, slotsAfter.meanSquare![i]!);
      if (slotsAfter.meanGrad) check('meanGrad', e.m, slotsAfter.meanGrad[i]!);
      if (slotsAfter.momentum) check('momentum', e.b, slotsAfter.momentum[i]!);
    }
  }
}

/** Each preset's defaults, and variants that switch on the flags its profile treats differently. */
function cases(): { label: string; config: RmspropConfig; profile: NumericsProfile }[] {
  const out: { label: string; config: RmspropConfig; profile: NumericsProfile }[] = [];
  for (const preset of allPresets()) {
    const d = preset.defaults;
    const wd = d.weightDecayMode === 'none' ? {} : { weightDecay: 0.01 };
    out.push({ label: `${preset.name} defaults`, config: presetConfig(preset.name), profile: preset.profile });
    out.push({ label: `${preset.name} centered + momentum + wd`, config: presetConfig(preset.name, { centered: true, momentum: 0.9, ...wd }), profile: preset.profile });
  }
  const optax = allPresets().find((p) => p.name === 'optax')!;
  out.push({ label: 'optax nesterov + bias correction + eps outside', config: presetConfig('optax', { momentum: 0.9, nesterov: true, biasCorrection: true, epsPlacement: 'outside' }), profile: optax.profile });
  const torch = allPresets().find((p) => p.name === 'torch')!;
  out.push({ label: 'torch maximize, rho 0.3 (lerp from the other end)', config: presetConfig('torch', { maximize: true, rho: 0.3, centered: true }), profile: torch.profile });
  return out;
}

let gpu: GpuContext | string;
beforeAll(async () => {
  gpu = await nodeContextOrReason();
});
afterAll(() => {
  if (typeof gpu !== 'string') gpu.close();
});

describe('WebGpuRmsprop on every preset, several tensors, one dispatch per step', () => {
  for (const { label, config, profile } of cases()) {
    it(label, async (ctx) => {
      if (typeof gpu === 'string') return ctx.skip(gpu);
      const opt = new WebGpuRmsprop(gpu, config, { profile });
      opt.init(model(1, 1));
      let before = await opt.read();
      for (let t = 1; t <= 3; t++) {
        const grads = model(t + 7, t === 2 ? 1e-3 : 2);
        opt.step(grads);
        const after = await opt.read();
        expectInIntervals(config, profile, before, grads, after, t);
        before = after;
      }
      expect(opt.dispatchCount).toBe(3);
      expect(opt.completedSteps).toBe(3);
      opt.destroy();
    });
  }
});

describe('bad input', () => {
  it('rejects mismatched gradient lengths, unknown names and float64 before any dispatch, state untouched', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const opt = new WebGpuRmsprop(gpu, presetConfig('keras3'));
    opt.init(model(1, 1));
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
    expect(() => opt.step(model(3, 1), { lr: Number.NaN })).toThrow(/options\.lr = NaN/);
    expect(opt.dispatchCount).toBe(1);
    const after = await opt.read();
    expect(after.state.step).toBe(1);
    for (const [name, p] of before.params) expect(after.params.get(name)).toEqual(p);
    opt.destroy();
  });

  it('refuses a model above the device buffer limit, naming the limit and the size', async (ctx) => {
    if (typeof gpu === 'string') return ctx.skip(gpu);
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const n = limit / 4 + 1;
    const opt = new WebGpuRmsprop(gpu, presetConfig('torch'));
    const err = (() => {
      try {
        opt.init(new Map([['huge', new Float32Array(n)]]));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(BufferLimitError);
    expect((err as Error).message).toContain(`maxStorageBufferBindingSize of ${limit} bytes`);
    expect((err as Error).message).toContain(`${n * 4}-byte`);
  });
});

describe('device loss', () => {
  it('throws DeviceLostError on the next step and keeps the last read state', async (ctx) => {
    const own = await nodeContextOrReason();
    if (typeof own === 'string') return ctx.skip(own);
    const opt = new WebGpuRmsprop(own, presetConfig('tfjs', { momentum: 0.5 }));
    opt.init(model(1, 1));
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
