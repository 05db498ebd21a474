/**
 * TF.js's own `tf.train.rmsprop` IS the spec's `tfjs` preset: the built-in optimizer and the adapter give
 * identical bits, step by step, on the cpu backend, for params and every slot, centered quirk included
 * (d = √(v − (m̄² + ε)), so zero gradients give NaN).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, random, useCpu } from '../../test/tf-cpu.js';
import { IsostepRmsprop } from './isostep-rmsprop.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

interface Case {
  readonly name: string;
  readonly args: { learningRate: number; decay: number; momentum: number; epsilon: number | null; centered: boolean };
  /** Gradient generator: step, element → value. */
  readonly grad: (rnd: () => number, step: number) => number;
}

const normal = (rnd: () => number) => (rnd() * 2 - 1) * 10 ** (rnd() * 6 - 4);
const CASES: Case[] = [
  { name: 'plain', args: { learningRate: 0.02, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false }, grad: normal },
  { name: 'momentum', args: { learningRate: 0.01, decay: 0.95, momentum: 0.9, epsilon: 1e-7, centered: false }, grad: normal },
  { name: 'centered momentum', args: { learningRate: 0.01, decay: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true }, grad: normal },
  { name: 'centered eps 0.1 (NaN where v < m̄² + ε)', args: { learningRate: 0.05, decay: 0.9, momentum: 0, epsilon: 0.1, centered: true }, grad: normal },
  { name: 'centered zero grads (√(−ε) = NaN at step 1)', args: { learningRate: 0.01, decay: 0.9, momentum: 0.9, epsilon: null, centered: true }, grad: () => 0 },
  { name: 'huge grads', args: { learningRate: 0.01, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false }, grad: (r) => (r() - 0.5) * 1e20 },
];

describe('tf.train.rmsprop vs IsostepRmsprop(tfjs preset), cpu backend', () => {
  for (const c of CASES) {
    it(`${c.name}: identical bits every step`, async () => {
      const rnd = random(7);
      const init = [Float32Array.from({ length: 24 }, () => normal(rnd)), Float32Array.from({ length: 5 }, () => normal(rnd))];
      const builtinVars = init.map((x, i) => tf.variable(tf.tensor(x, i === 0 ? [4, 6] : [5])));
      const adapterVars = init.map((x, i) => tf.variable(tf.tensor(x, i === 0 ? [4, 6] : [5])));
      const builtin = tf.train.rmsprop(c.args.learningRate, c.args.decay, c.args.momentum, c.args.epsilon as number, c.args.centered);
      const adapter = IsostepRmsprop.fromFrameworkArgs('tfjs', { ...c.args, backend_epsilon: 1e-7 });
      const grnd = random(11);
      for (let step = 1; step <= 12; step++) {
        const grads = init.map((x) => Float32Array.from({ length: x.length }, () => c.grad(grnd, step)));
        builtin.applyGradients(builtinVars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i]!, v.shape) })));
        adapter.applyGradients(adapterVars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i]!, v.shape) })));
        for (let i = 0; i < init.length; i++) {
          const d = firstBitDifference(builtinVars[i]!.dataSync(), adapterVars[i]!.dataSync());
          expect(d, `step ${step} param ${i} element ${d}`).toBe(-1);
        }
        // Built-in weights: iter, rms…, momentum…, (mg…); the adapter's: iter, then per variable in SLOT_ORDER.
        const bw = await builtin.getWeights();
        const aw = await adapter.getWeights();
        const n = init.length;
        for (let i = 0; i < n; i++) {
          const pairs: [string, number, number][] = [
            ['meanSquare', 1 + i, 1 + i * adapter.slots.length + adapter.slots.indexOf('meanSquare')],
            ['momentum', 1 + n + i, 1 + i * adapter.slots.length + adapter.slots.indexOf('momentum')],
          ];
          if (c.args.centered) pairs.push(['meanGrad', 1 + 2 * n + i, 1 + i * adapter.slots.length + adapter.slots.indexOf('meanGrad')]);
          for (const [slot, bi, ai] of pairs) {
            expect(aw[ai]!.name.endsWith(`/${slot}`)).toBe(true);
            const d = firstBitDifference(bw[bi]!.tensor.dataSync(), aw[ai]!.tensor.dataSync());
            expect(d, `step ${step} ${slot} of variable ${i} element ${d}`).toBe(-1);
          }
        }
      }
      if (c.name.startsWith('centered zero')) expect(Number.isNaN(adapterVars[0]!.dataSync()[0])).toBe(true);
      builtin.dispose();
      adapter.dispose();
      tf.dispose(builtinVars.concat(adapterVars));
    });
  }
});
