/**
 * The peers' own unit-test expected values for Adagrad, through the public API. Copied numbers, the peer's
 * own tolerance:
 *  - keras-team/keras · keras/src/optimizers/adagrad_test.py (3.15.1): test_single_step, test_weight_decay,
 *    test_correctness_with_golden.
 *  - tensorflow/tfjs · tfjs-core/src/optimizers/adagrad_optimizer_test.ts (4.22.0): 'basic' (second step at 1e-2).
 */
import { fromFrameworkArgs } from '@isostep/spec';
import { describe, it } from 'vitest';
import { KERAS_FIRST_GRADS, KERAS_GRADS, expectClose, fixed, runPeer, squareGrad } from './peer-run.js';

describe('Keras 3 adagrad_test.py', () => {
  it('test_single_step: Adagrad(learning_rate=0.5)', () => {
    const [p] = runPeer(fromFrameworkArgs('keras', 'adagrad', { learning_rate: 0.5 }), [1, 2, 3, 4], [fixed([1, 6, 7, 2])]);
    expectClose(p!, [0.5233, 1.5007, 2.5005, 3.5061], 1e-4, 1e-4);
  });

  it('test_weight_decay: Adagrad(learning_rate=1.0, weight_decay=0.004), three applications, zero gradients', () => {
    const steps = runPeer(fromFrameworkArgs('keras', 'adagrad', { learning_rate: 1.0, weight_decay: 0.004 }), [2], Array(3).fill(fixed([0])));
    expectClose(steps[2]!, [1.9760959], 0, 1.5e-6);
  });

  it('test_correctness_with_golden: Adagrad(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6)', () => {
    const golden = [
      [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
      [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
      [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
      [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
      [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ];
    const spec = fromFrameworkArgs('keras', 'adagrad', { learning_rate: 0.2, initial_accumulator_value: 0.3, epsilon: 1e-6 });
    const steps = runPeer(spec, Array(10).fill(1), [fixed(KERAS_FIRST_GRADS), ...Array(4).fill(fixed(KERAS_GRADS))]);
    golden.forEach((g, i) => expectClose(steps[i]!, g, 5e-4, 5e-4));
  });
});

describe('TF.js adagrad_optimizer_test.ts', () => {
  it('basic: adagrad(0.1, 0.1) on sum(x²), x = [1, 2]', () => {
    const steps = runPeer(fromFrameworkArgs('tfjs', 'adagrad', { learningRate: 0.1, initialAccumulatorValue: 0.1 }), [1, 2], [squareGrad, squareGrad]);
    expectClose(steps[0]!, [0.9012270405, 1.9003110428], 0, 1e-3);
    expectClose(steps[1]!, [0.8347372764, 1.83015597828], 0, 1e-2);
  });
});
