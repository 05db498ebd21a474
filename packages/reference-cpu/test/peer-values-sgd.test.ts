/**
 * The peers' own unit-test expected values for SGD and momentum, through the public API
 * (`fromPreset` / `fromFrameworkArgs` + `ReferenceOptimizer`). Inputs and expected numbers are copied
 * from the peers' test files (not their code); each tolerance is the peer test's own.
 *  - keras-team/keras · keras/src/optimizers/sgd_test.py (3.15.1): test_single_step, test_weight_decay,
 *    test_correctness_with_golden (assertAllClose rtol = atol = 5e-4).
 *  - tensorflow/tfjs · tfjs-core/src/optimizers/sgd_optimizer_test.ts and momentum_optimizer_test.ts (4.22.0):
 *    'basic' and 'basic - with Nesterov' (expectArraysClose, float32 tolerance 1e-3).
 */
import { fromFrameworkArgs, fromPreset } from '@isostep/spec';
import { describe, it } from 'vitest';
import { KERAS_FIRST_GRADS, KERAS_GRADS, expectClose, fixed, runPeer, squareGrad } from './peer-run.js';

describe('Keras 3 sgd_test.py', () => {
  it('test_single_step: SGD(learning_rate=0.5)', () => {
    const [p] = runPeer(fromFrameworkArgs('keras', 'sgd', { learning_rate: 0.5 }), [1, 2, 3, 4], [fixed([1, 6, 7, 2])]);
    expectClose(p!, [0.5, -1.0, -0.5, 3.0], 1e-4, 1e-4);
  });

  it('test_weight_decay: SGD(learning_rate=1.0, weight_decay=0.004), applied three times to zero gradients', () => {
    const spec = fromFrameworkArgs('keras', 'sgd', { learning_rate: 1.0, weight_decay: 0.004 });
    const steps = runPeer(spec, [2], [fixed([0]), fixed([0]), fixed([0])]);
    expectClose(steps[2]!, [1.9760959], 0, 1.5e-6); // assertAlmostEqual(decimal=6)
  });

  it('test_correctness_with_golden: SGD(nesterov=True) (momentum 0: nesterov has no buffer to act on)', () => {
    const golden = [
      [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
      [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
      [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
      [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
      [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ];
    const spec = fromFrameworkArgs('keras', 'sgd', { nesterov: true });
    const steps = runPeer(spec, Array(10).fill(1), [fixed(KERAS_FIRST_GRADS), ...Array(4).fill(fixed(KERAS_GRADS))]);
    golden.forEach((g, i) => expectClose(steps[i]!, g, 5e-4, 5e-4));
  });
});

describe('TF.js sgd_optimizer_test.ts / momentum_optimizer_test.ts', () => {
  it('SGDOptimizer basic: sgd(0.1) on x², x = 4', () => {
    const steps = runPeer(fromFrameworkArgs('tfjs', 'sgd', { learningRate: 0.1 }), [4], [squareGrad, squareGrad]);
    const e1 = -2 * 4 * 0.1 + 4;
    expectClose(steps[0]!, [e1], 0, 1e-3);
    expectClose(steps[1]!, [-2 * e1 * 0.1 + e1], 0, 1e-3);
  });

  it('MomentumOptimizer basic: momentum(0.1, 0.5) on sum(x²), x = [1, 2]', () => {
    const steps = runPeer(fromFrameworkArgs('tfjs', 'sgd', { learningRate: 0.1, momentum: 0.5 }), [1, 2], [squareGrad, squareGrad]);
    expectClose(steps[0]!, [0.8, 1.6], 0, 1e-3);
    expectClose(steps[1]!, [0.54, 1.08], 0, 1e-3);
  });

  it('MomentumOptimizer basic - with Nesterov: momentum(0.1, 0.5, true)', () => {
    const steps = runPeer(fromPreset('sgd', 'tfjs', { lr: 0.1, momentum: 0.5, nesterov: true }), [1, 2], [squareGrad, squareGrad]);
    expectClose(steps[0]!, [0.7, 1.4], 0, 1e-3);
    expectClose(steps[1]!, [0.44, 0.88], 0, 1e-3);
  });
});
