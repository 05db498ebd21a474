/**
 * The conformance session beyond what v1 traces exercise: several named parameters, a learning rate that
 * changes every step, state in and out by spec slot name. Checked against the exact CPU reference on the
 * same spec, on a preset TF.js computes bit for bit (tfjs: correctly rounded, no fused sites).
 */
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromPreset, type SlotValues } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../src/conformance/index.js';
import { firstBitDifference, random } from './tf-cpu.js';

const f32 = (xs: ArrayLike<number>) => Float32Array.from(xs);
const f64 = (xs: ArrayLike<number>) => Float64Array.from(xs);

describe('tfjs-cpu session: named parameters, per-step lr', () => {
  it('matches the exact reference bit for bit, params and every slot, and resumes from a loaded state', async () => {
    const spec = fromPreset('rmsprop', 'tfjs', { momentum: 0.9, centered: true, lr: 0.01 });
    const backend = await createBackend('tfjs-cpu');
    expect(await backend.unsupported('float32')).toBeNull();
    expect(await backend.unsupported('float64')).toMatch(/float32 only/);
    const rnd = random(21);
    const shapes = { kernel: 12, bias: 3 } as const;
    const params = new Map(Object.entries(shapes).map(([n, len]) => [n, f32(Array.from({ length: len }, () => rnd() - 0.5))]));

    const ref = new ReferenceOptimizer(spec, { dtype: 'float32' });
    const refState = ref.init(params);
    const session = await backend.open(spec, 'float32');
    const zeros = (n: string): SlotValues => Object.fromEntries(spec.program.slots.map((s) => [s, new Float64Array(shapes[n as keyof typeof shapes])]));
    await session.load(new Map([...params].map(([n, p]) => [n, f64(p)])), new Map([...params.keys()].map((n) => [n, zeros(n)])), 0);
    try {
      for (let t = 1; t <= 6; t++) {
        const lr = 0.01 / t; // a schedule: the session must use this step's lr, not the config's
        const grads = new Map([...params].map(([n, p]) => [n, f32(Array.from(p, () => rnd() - 0.5))]));
        await session.step(new Map([...grads].map(([n, g]) => [n, f64(g)])), lr);
        ref.step(params, grads, refState, { lr });
        const got = await session.read();
        expect([...got.params.keys()]).toEqual(['kernel', 'bias']);
        for (const [n, p] of params) {
          expect(firstBitDifference(got.params.get(n)!, p), `step ${t} ${n}`).toBe(-1);
          expect(Object.keys(got.state.get(n)!)).toEqual(['meanSquare', 'meanGrad', 'momentum']);
          for (const slot of spec.program.slots) {
            expect(firstBitDifference(got.state.get(n)![slot]!, refState.tensors.get(n)![slot]!), `step ${t} ${n} ${slot}`).toBe(-1);
          }
        }
      }
      // Load what was read (resync): the next step continues from it exactly.
      const snap = await session.read();
      await session.load(snap.params, snap.state, 6);
      const grads = new Map([...params].map(([n, p]) => [n, f32(Array.from(p, () => 0.25))]));
      await session.step(new Map([...grads].map(([n, g]) => [n, f64(g)])), 0.001);
      ref.step(params, grads, refState, { lr: 0.001 });
      const after = await session.read();
      for (const [n, p] of params) expect(firstBitDifference(after.params.get(n)!, p), n).toBe(-1);

      await expect(session.step(new Map([['kernel', new Float64Array(12)]]), 0.01)).rejects.toThrow(/no gradient for parameter bias/);
      await expect(session.step(new Map([...grads].map(([n, g]) => [n, f64(g)])), -1)).rejects.toThrow(/learningRate = -1/);
    } finally {
      await session.dispose();
    }
  });
});
