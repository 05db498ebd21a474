/**
 * Issue 15 #9 and #10 at optimizer creation (both CPU optimizers, through the spec's one check), and the
 * opt-in non-finite guard: refused before anything is written, naming the tensor and index.
 */
import { InvalidConfigError, NonFiniteGradientError, fromFrameworkArgs, fromPreset, type Dtype } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../src/index.js';
import { FastOptimizer } from '../src/node.js';

const makers: [string, (spec: ReturnType<typeof fromPreset>, dtype: Dtype) => Promise<{ dtype: Dtype }>][] = [
  ['ReferenceOptimizer', async (spec, dtype) => createOptimizer(spec, { dtype })],
  ['FastOptimizer', async (spec, dtype) => FastOptimizer.create(spec, { dtype, threads: 1, kernel: 'js' })],
];

describe.each(makers)('%s', (_name, make) => {
  it('issue 15 #9: refuses eps 1e-50 and lr 1e300 in float32 (0 and Infinity there), accepts them in float64', async () => {
    await expect(make(fromPreset('rmsprop', 'torch', { eps: 1e-50 }), 'float32')).rejects.toThrow(/eps = 1e-50; allowed: a finite number > 0 in float32/);
    await expect(make(fromPreset('rmsprop', 'torch', { lr: 1e300 }), 'float32')).rejects.toThrow(InvalidConfigError);
    await expect(make(fromFrameworkArgs('torch', 'rmsprop', { eps: 1e-50 }), 'float32')).rejects.toThrow(/eps = 1e-50/);
    await expect(make(fromFrameworkArgs('keras', 'rmsprop', { epsilon: 1e-50 }), 'float32')).rejects.toThrow(/epsilon = 1e-50/);
    await expect(make(fromPreset('rmsprop', 'torch', { eps: 1e-50 }), 'float64')).resolves.toMatchObject({ dtype: 'float64' });
  });

  it('issue 15 #10: refuses float16 naming dtype', async () => {
    await expect(make(fromPreset('rmsprop', 'torch'), 'float16' as Dtype)).rejects.toThrow(/dtype = "float16"/);
  });
});

describe('rejectNonFinite (opt-in, off by default)', () => {
  it('steps with a NaN gradient by default, as the frameworks do; refuses it when asked, changing nothing', async () => {
    for (const opt of [createOptimizer(fromPreset('rmsprop', 'torch'), { dtype: 'float32' }), await FastOptimizer.create(fromPreset('rmsprop', 'torch'), { threads: 1 })]) {
      const params = new Map([['w', Float32Array.from([1, 2, 3])], ['b', Float32Array.from([4])]]);
      const bad = new Map([['w', Float32Array.from([0.1, 0.2, 0.3])], ['b', Float32Array.from([Number.NaN])]]);
      const state = opt.init(params);
      let err: unknown;
      try {
        opt.step(params, bad, state, { rejectNonFinite: true });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NonFiniteGradientError);
      expect(err).toMatchObject({ tensor: 'grads["b"]', index: 0 });
      expect([...params.get('w')!, state.step, ...state.tensors.get('w')!.meanSquare!]).toEqual([1, 2, 3, 0, 0, 0, 0]);
      opt.step(params, bad, state);
      expect(state.step).toBe(1);
      expect(Number.isNaN(params.get('b')![0])).toBe(true);
      if (opt instanceof FastOptimizer) opt.dispose();
    }
  });
});
