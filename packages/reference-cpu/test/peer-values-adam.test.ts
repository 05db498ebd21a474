/**
 * The peers' own unit-test expectations for Adam and AdamW, through the public API (`fromFrameworkArgs`
 * with each framework's own argument names, then `ReferenceOptimizer`). Inputs and expected numbers are
 * copied from the named test files; each check uses the tolerance that test itself states (the peers print
 * rounded decimals), so these are the peers' claims, not ours. Bit-exact agreement with the frameworks is
 * proven separately, step by step, by the golden traces (packages/conformance/golden/*_adam*).
 *
 * torch: test/optim (pytorch/pytorch) holds no hard-coded Adam values; it checks implementations against
 * each other (for-loop vs foreach vs fused), so torch is covered by the golden traces only.
 */
import { fromFrameworkArgs, type OptimizerSpec } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { ReferenceOptimizer } from '../src/index.js';

/** Runs one optimizer on one float32 tensor; `grads(x)` gives each step's gradient from the current x. */
function run(spec: OptimizerSpec, init: number[], grads: ((x: Float32Array) => number[])[]): Float32Array[] {
  const opt = new ReferenceOptimizer(spec, { dtype: 'float32' });
  const params = new Map([['x', Float32Array.from(init)]]);
  const state = opt.init(params);
  const after: Float32Array[] = [];
  for (const g of grads) {
    opt.step(params, new Map([['x', Float32Array.from(g(params.get('x')!))]]), state);
    after.push(params.get('x')!.slice());
  }
  return after;
}

/** numpy's assertAllClose: |actual − expected| ≤ atol + rtol·|expected|, element by element. */
function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e)));
}

const constant = (g: number[]) => () => g;
const arange = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0].map(Math.fround);

describe('Keras 3 (keras-team/keras keras/src/optimizers/adam_test.py)', () => {
  it('test_single_step: Adam(learning_rate=0.5), grads [1, 6, 7, 2] on [1, 2, 3, 4] → [0.5, 1.5, 2.5, 3.5]', () => {
    const spec = fromFrameworkArgs('keras', 'adam', { learning_rate: 0.5 });
    const [x] = run(spec, [1, 2, 3, 4], [constant([1, 6, 7, 2])]);
    expectAllClose(x!, [0.5, 1.5, 2.5, 3.5], 1e-4, 1e-4);
  });

  it('test_weight_decay: three Adam(learning_rate=1.0, weight_decay=0.004) steps with zero gradients take 2.0 to 1.9760959', () => {
    // Three fresh optimizers each decay var1 once (decimal=6 in the test: |Δ| < 1.5e-6).
    let x = [2.0];
    for (let k = 0; k < 3; k++) x = Array.from(run(fromFrameworkArgs('keras', 'adam', { learning_rate: 1.0, weight_decay: 0.004 }), x, [constant([0])])[0]!);
    expect(Math.abs(x[0]! - 1.9760959)).toBeLessThan(1.5e-6);
  });

  it('test_correctness_with_golden: Adam(amsgrad=True), one step of 0.01 then arange(0.1, 1.1, 0.1)', () => {
    const spec = fromFrameworkArgs('keras', 'adam', { amsgrad: true });
    const golden = [0.999, 0.9982, 0.9974, 0.9965, 0.9955];
    const xs = run(spec, Array(10).fill(1), [constant(Array(10).fill(0.01)), ...golden.slice(1).map(() => constant(arange))]);
    golden.forEach((row, i) => expectAllClose(xs[i]!, Array(10).fill(row), 5e-4, 5e-4));
  });
});

describe('Keras 3 (keras-team/keras keras/src/optimizers/adamw_test.py)', () => {
  it('test_single_step: AdamW(learning_rate=0.5) → [0.4980, 1.4960, 2.494, 3.492]', () => {
    const spec = fromFrameworkArgs('keras', 'adamw', { learning_rate: 0.5 });
    const [x] = run(spec, [1, 2, 3, 4], [constant([1, 6, 7, 2])]);
    expectAllClose(x!, [0.498, 1.496, 2.494, 3.492], 1e-4, 1e-4);
  });

  it('test_weight_decay: three AdamW(learning_rate=1.0, weight_decay=0.004) steps with zero gradients → 1.9760959', () => {
    let x = [2.0];
    for (let k = 0; k < 3; k++) x = Array.from(run(fromFrameworkArgs('keras', 'adamw', { learning_rate: 1.0, weight_decay: 0.004 }), x, [constant([0])])[0]!);
    expect(Math.abs(x[0]! - 1.9760959)).toBeLessThan(1.5e-6);
  });

  it('test_correctness_with_golden: AdamW(learning_rate=1.0, weight_decay=0.5, epsilon=2)', () => {
    const spec = fromFrameworkArgs('keras', 'adamw', { learning_rate: 1.0, weight_decay: 0.5, epsilon: 2 });
    const golden = [
      [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
      [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
      [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
      [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
      [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ];
    const xs = run(spec, Array(10).fill(1), [constant(Array(10).fill(0.01)), ...golden.slice(1).map(() => constant(arange))]);
    golden.forEach((row, i) => expectAllClose(xs[i]!, row, 5e-4, 5e-4));
  });
});

describe('TF.js (tensorflow/tfjs tfjs-core/src/optimizers/adam_optimizer_test.ts)', () => {
  // f(x) = Σ x², g = 2x; expectArraysClose's float32 tolerance is 1e-3.
  const square = (x: Float32Array) => Array.from(x, (v) => 2 * v);
  const spec = () => fromFrameworkArgs('tfjs', 'adam', { learningRate: 0.1, beta1: 0.8, beta2: 0.9 });

  it('basic: adam(0.1, 0.8, 0.9) on [2, 4] → [1.9, 3.9], then [1.8000001, 3.8002]', () => {
    const [x1, x2] = run(spec(), [2, 4], [square, square]);
    expectAllClose(x1!, [1.9, 3.9], 0, 1e-3);
    expectAllClose(x2!, [1.8000001, 3.8002], 0, 1e-3);
  });

  it('Continue training after loading weights: the costs before steps 1–3 are 20, 18.82, 17.681284', () => {
    const xs = run(spec(), [2, 4], [square, square, square]);
    const cost = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v * v, 0);
    expect(Math.abs(cost([2, 4]) - 20)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(cost(xs[0]!) - 18.82)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(cost(xs[1]!) - 17.681284)).toBeLessThanOrEqual(1e-3);
  });
});
