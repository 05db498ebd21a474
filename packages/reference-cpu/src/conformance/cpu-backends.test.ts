/**
 * The CPU conformance backends against `ReferenceOptimizer` stepped directly: a session with two named
 * parameters, an lr that changes every step (and never equals the config's), and a load that resumes at
 * step 5 (bias correction reads t). Every param and slot value must have the same bits. The expected
 * values come from the exact reference's own API, not from the sessions.
 */
import { rmsprop, type ConformanceBackend, type Dtype, type OptimizerSpec, type SlotValues, type Tensor } from '@isostep/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceOptimizer } from '../exact/reference-optimizer.js';
import { cpuBackend } from './cpu-backend.js';
import { cpuFastBackend } from './cpu-fast-backend.js';
import { probeRelaxedMadd } from '../fast/madd-probe.js';

const fast = cpuFastBackend();
afterAll(() => fast.close?.());

const BACKENDS: [ConformanceBackend, Dtype][] = [
  [cpuBackend('float32'), 'float32'],
  [cpuBackend('float64'), 'float64'],
  [fast, 'float32'],
  [fast, 'float64'],
];

const SPECS: [string, OptimizerSpec][] = [
  // lr outside the momentum buffer: a changed lr shows at once in p.
  ['torch, centered, momentum', rmsprop('torch', { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01 })],
  // bias correction: the result depends on the step count the load sets.
  ['optax, bias correction, centered, momentum', rmsprop('optax', { lr: 0.01, biasCorrection: true, centered: true, momentum: 0.5 })],
  ['keras3, no momentum (one slot)', rmsprop('keras3', { lr: 0.01 })],
];

const LRS = [0.003, 0.05, 0.0007];
const COMPLETED = 5;
const SIZES = { w: 7, b: 3 } as const;

function values(seed: number, n: number, dtype: Dtype, positive = false): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const x = (seed / 2 ** 31 - 0.5) * 4;
    out[i] = dtype === 'float32' ? Math.fround(positive ? Math.abs(x) : x) : positive ? Math.abs(x) : x;
  }
  return out;
}

function tensor(dtype: Dtype, v: Float64Array): Tensor {
  return dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v);
}

function bits(t: ArrayLike<number>): string {
  return Array.from(t, (x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');
}

describe.each(BACKENDS.map(([b, d]) => [`${b.name} ${d}`, b, d] as const))('%s session', (_label, backend, dtype) => {
  it.each(SPECS)('%s: two named params, a changing lr, resumed at step 5, bit for bit', async (_name, spec) => {
    const names = Object.keys(SIZES) as (keyof typeof SIZES)[];
    const params = new Map(names.map((n, k) => [n, values(11 + k, SIZES[n], dtype)]));
    const state = new Map<string, SlotValues>(
      names.map((n, k) => [n, Object.fromEntries(spec.program.slots.map((slot, j) => [slot, values(100 + 10 * k + j, SIZES[n], dtype, slot === 'meanSquare')]))]),
    );
    const grads = LRS.map((_, s) => new Map(names.map((n, k) => [n, values(1000 + 10 * s + k, SIZES[n], dtype)])));

    // The exact reference, stepped directly.
    const exact = new ReferenceOptimizer(spec, { dtype });
    const pe = new Map(names.map((n) => [n, tensor(dtype, params.get(n)!)]));
    const se = exact.init(pe);
    se.step = COMPLETED;
    for (const n of names) for (const slot of exact.slots) se.tensors.get(n)![slot]!.set(state.get(n)![slot]!);

    expect(await backend.unsupported(dtype)).toBeNull();
    const session = await backend.open(spec, dtype);
    try {
      await session.load(params, state, COMPLETED);
      for (let s = 0; s < LRS.length; s++) {
        exact.step(pe, new Map(names.map((n) => [n, tensor(dtype, grads[s]!.get(n)!)])), se, { lr: LRS[s] });
        await session.step(grads[s]!, LRS[s]!);
        const got = await session.read();
        expect([...got.params.keys()]).toEqual(names);
        for (const n of names) {
          expect(bits(got.params.get(n)!), `step ${s + 1}, ${n}`).toBe(bits(pe.get(n)!));
          expect(Object.keys(got.state.get(n)!)).toEqual([...spec.program.slots]);
          for (const slot of spec.program.slots) {
            expect(bits(got.state.get(n)![slot]!), `step ${s + 1}, ${n}.${slot}`).toBe(bits(se.tensors.get(n)![slot]!));
          }
        }
      }
    } finally {
      await session.dispose();
    }
  });

  it('rejects a load whose state lacks an allocated slot, naming it', async () => {
    const spec = rmsprop('torch', { centered: true });
    const session = await backend.open(spec, dtype);
    try {
      const p = new Map([['w', new Float64Array(2)]]);
      await expect(session.load(p, new Map([['w', { meanSquare: new Float64Array(2) }]]), 0)).rejects.toThrow(/state\["w"\]\.meanGrad/);
    } finally {
      await session.dispose();
    }
  });
});

describe('cpuBackend', () => {
  it('runs its own dtype only, and says why not', async () => {
    expect(cpuBackend('float32').name).toBe('cpu-f32');
    expect(cpuBackend('float64').name).toBe('cpu-f64');
    expect(await cpuBackend('float32').unsupported('float64')).toMatch(/cpu-f32 runs float32 traces only/);
    await expect(cpuBackend('float32').open(rmsprop('torch'), 'float64')).rejects.toThrow(/cpu-f32 runs float32 traces only/);
  });
});

describe('cpuFastBackend', () => {
  it('names the fma path its float32 kernels take (the start-up probe\'s verdict)', async () => {
    const probe = await probeRelaxedMadd();
    const text = await cpuFastBackend().describe();
    expect(text).toContain(probe.float32 ? 'f32x4.relaxed_madd, proved fused' : 'f64x2 emulation');
  });
});
