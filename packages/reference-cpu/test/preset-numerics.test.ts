/**
 * A preset's numerics travel with its config: the one-call preset API needs no profile, and gets the
 * framework's. Keras 3 holds learning_rate in a float32 variable whatever the tensor dtype, so a float64
 * Keras step uses lr = fround(0.1), not 0.1. The expected values are Keras's, worked by hand:
 *   v = (1 − 0.9)·1² = 0.09999999999999998, d = √(v + 1e-7),
 *   p = 1 − fround(0.1)·1/d = 0.68377238738476787 (with lr = 0.1 exactly: 0.68377239209692653).
 */
import { IEEE_PROFILE, customOptimizer, rmsprop, type Optimizer } from '@isostep/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../src/index.js';
import { createFastOptimizer, type FastOptimizer } from '../src/node.js';

const KERAS_F64 = 0.68377238738476787;
const PLAIN_IEEE_F64 = 0.68377239209692653;

function stepOnce(opt: Optimizer): number {
  const params = new Map([['w', Float64Array.of(1)]]);
  const state = opt.init(params);
  opt.step(params, new Map([['w', Float64Array.of(1)]]), state);
  return params.get('w')![0]!;
}

describe('Keras 3 in float64 through the one-call preset API (no profile argument)', () => {
  const fast: FastOptimizer[] = [];
  afterAll(() => fast.forEach((f) => f.dispose()));

  it('the exact reference steps p = 1, g = 1 to Keras’s value', () => {
    expect(stepOnce(createOptimizer(rmsprop('keras3', { lr: 0.1 }), { dtype: 'float64' }))).toBe(KERAS_F64);
  });

  it('the fast path gives the same bits', async () => {
    const opt = await createFastOptimizer(rmsprop('keras3', { lr: 0.1 }), { dtype: 'float64' });
    fast.push(opt);
    expect(opt.kernel).toBe('simd');
    expect(stepOnce(opt)).toBe(KERAS_F64);
  });

  it('differs from the same config under the plain IEEE profile (so the profile is what is tested)', () => {
    const plain = customOptimizer('rmsprop', rmsprop('keras3', { lr: 0.1 }).config, IEEE_PROFILE);
    expect(stepOnce(createOptimizer(plain, { dtype: 'float64' }))).toBe(PLAIN_IEEE_F64);
  });
});
