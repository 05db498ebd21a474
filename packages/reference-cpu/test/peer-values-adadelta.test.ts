/**
 * The peers' own unit-test expected values for Adadelta, through the public API. Copied numbers, the peer's
 * own tolerance:
 *  - keras-team/keras · keras/src/optimizers/adadelta_test.py (3.15.1): test_single_step,
 *    test_correctness_with_golden.
 *  - tensorflow/tfjs · tfjs-core/src/optimizers/adadelta_optimizer_test.ts (4.22.0): 'basic'. Its expected
 *    values are exactly p − lr·g twice: TF.js divides by the previous mean square, so δ = g while both
 *    averages are still tiny (see the tfjs preset's notes).
 */
import { fromFrameworkArgs } from '@isostep/spec';
import { describe, it } from 'vitest';
import { KERAS_FIRST_GRADS, KERAS_GRADS, expectClose, fixed, runPeer, squareGrad } from './peer-run.js';

describe('Keras 3 adadelta_test.py', () => {
  it('test_single_step: Adadelta(learning_rate=0.5)', () => {
    const [p] = runPeer(fromFrameworkArgs('keras', 'adadelta', { learning_rate: 0.5 }), [1, 2, 3, 4], [fixed([1, 6, 7, 2])]);
    expectClose(p!, [0.9993, 1.9993, 2.9993, 3.9993], 1e-4, 1e-4);
  });

  it('test_correctness_with_golden: Adadelta(learning_rate=1.0, rho=0.8, epsilon=1e-6)', () => {
    const golden = [0.9978, 0.9947, 0.9915, 0.9882, 0.9849].map((v) => Array(10).fill(v));
    const spec = fromFrameworkArgs('keras', 'adadelta', { learning_rate: 1.0, rho: 0.8, epsilon: 1e-6 });
    const steps = runPeer(spec, Array(10).fill(1), [fixed(KERAS_FIRST_GRADS), ...Array(4).fill(fixed(KERAS_GRADS))]);
    golden.forEach((g, i) => expectClose(steps[i]!, g, 5e-4, 5e-4));
  });
});

describe('TF.js adadelta_optimizer_test.ts', () => {
  it('basic: adadelta(0.1, 0.95) on sum(x²), x = [1, 2]', () => {
    const steps = runPeer(fromFrameworkArgs('tfjs', 'adadelta', { learningRate: 0.1, rho: 0.95 }), [1, 2], [squareGrad, squareGrad]);
    expectClose(steps[0]!, [0.8, 1.6], 0, 1e-3);
    expectClose(steps[1]!, [0.64, 1.28], 0, 1e-3);
  });
});
