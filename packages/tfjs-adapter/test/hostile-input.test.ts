/**
 * Issue 15's defects at the TF.js adapter: #3 (state import as strict as the trace reader), #4
 * (`fromTfjsWeights` checks), #11 (no raw TypeErrors), #13 (messages do not embed the input), and the
 * opt-in non-finite guard. Every refusal is a typed error and leaves the optimizer unchanged.
 */
import { NonFiniteGradientError, ShapeMismatchError, fromPreset } from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateImportError } from '../src/interop/json-numbers.js';
import { KERAS_STATE_FORMAT, fromKerasState } from '../src/interop/keras-state.js';
import { fromTfjsWeights } from '../src/interop/tfjs-weights.js';
import { TORCH_STATE_FORMAT, fromTorchState } from '../src/interop/torch-state.js';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { IsostepRmsprop } from '../src/optimizer/isostep-rmsprop.js';
import { useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

const W = [{ name: 'w', shape: [2] }];
const torchDoc = (square: unknown[] = [1, 1], group: Record<string, unknown> = {}, state: Record<string, unknown> = {}) => ({
  format: TORCH_STATE_FORMAT,
  versions: {},
  param_groups: [{ lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false, foreach: null, params: [0], ...group }],
  state: { '0': { step: 1, dtype: 'float32', shape: [2], square_avg: square }, ...state },
});
const kerasDoc = (config: Record<string, unknown> = {}, entry: Record<string, unknown> = {}) => ({
  format: KERAS_STATE_FORMAT,
  versions: {},
  config: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, weight_decay: null, ...config },
  iterations: 1,
  variables: [{ path: 'w', dtype: 'float32', shape: [2], velocity: [1, 1], ...entry }],
});
const refusal = (f: () => unknown): StateImportError => {
  try {
    f();
  } catch (e) {
    return e as StateImportError;
  }
  throw new Error('expected a refusal');
};

describe('issue 15 #3: state import is as strict as the trace reader', () => {
  it('refuses 1e39 (outside float32) and 1e400 (Infinity after JSON.parse), naming the JSON path', () => {
    expect(refusal(() => fromTorchState(torchDoc([1e39, 1]), W))).toMatchObject({ jsonPath: '$.state["0"].square_avg[0]' });
    const overflow = JSON.parse(JSON.stringify(torchDoc()).replace('"square_avg":[1,1]', '"square_avg":[1e400,1]'));
    expect(refusal(() => fromTorchState(overflow, W)).message).toMatch(/overflows to Infinity; infinity is written "Infinity"/);
    expect(fromTorchState(torchDoc(['Infinity', 'NaN']), W).state.tensors.get('w')!.meanSquare).toEqual(Float32Array.from([Infinity, Number.NaN]));
  });

  it('refuses a negative square_avg (a mean square is never negative)', () => {
    const e = refusal(() => fromTorchState(torchDoc([0.5, -1]), W));
    expect(e).toBeInstanceOf(StateImportError);
    expect(e).toMatchObject({ jsonPath: '$.state["0"].square_avg[1]' });
  });

  it('refuses misspelled hyperparameter keys with a suggestion instead of defaulting', () => {
    const torch = refusal(() => fromTorchState(torchDoc([1, 1], { alpah: 0.5 }), W));
    expect(torch.message).toMatch(/\$\.param_groups\[0\]\.alpah: unknown key "alpah" \(did you mean "alpha"\?\)/);
    expect(refusal(() => fromKerasState(kerasDoc({ rhoo: 0.5 }), W)).jsonPath).toBe('$.config.rhoo');
    expect(refusal(() => fromTorchState(torchDoc([1, 1], { alpha: 2 }), W))).toMatchObject({ jsonPath: '$.param_groups[0].alpha' });
  });

  it('refuses Keras extra slots as torch does, and extra or duplicate torch entries', () => {
    expect(refusal(() => fromKerasState(kerasDoc({}, { momentum: [0, 0] }), W)).message).toMatch(/has momentum, which this config does not allocate/);
    expect(refusal(() => fromTorchState(torchDoc([1, 1], {}, { '1': { step: 1 } }), W)).jsonPath).toBe('$.state["1"]');
    expect(refusal(() => fromTorchState(torchDoc([1, 1], { params: [0, 0] }), [...W, { name: 'v', shape: [2] }])).jsonPath).toBe('$.param_groups[0].params[1]');
    expect(refusal(() => fromTorchState({ ...torchDoc(), state: { '0': { ...torchDoc().state['0'], squar_avg: [1, 1] } } }, W)).message).toMatch(/squar_avg/);
  });
});

describe('issue 15 #4: fromTfjsWeights checks the counter, the whole entry names and null entries', () => {
  const spec = fromPreset('rmsprop', 'tfjs');
  const list = (iter: unknown, names = ['w/rms', 'w/momentum'], iterShape: number[] = []) => [
    { name: 'iter', tensor: tf.tensor(iter as number, iterShape) },
    ...names.map((name) => ({ name, tensor: tf.zeros([2]) })),
  ];
  it('refuses iterations -5 and 2.5 and a counter of shape [2]', async () => {
    await expect(fromTfjsWeights(list(-5), spec, W)).rejects.toThrow(/iter\) = -5; expected a whole number/);
    await expect(fromTfjsWeights(list(2.5), spec, W)).rejects.toThrow(StateImportError);
    await expect(fromTfjsWeights([{ name: 'iter', tensor: tf.zeros([2]) }, ...list(0).slice(1)], spec, W)).rejects.toThrow(/a scalar, got shape \[2\]/);
  });
  it('refuses entries of another variable (the variable part of the name) and null entries', async () => {
    await expect(fromTfjsWeights(list(1, ['other/rms', 'other/momentum']), spec, W)).rejects.toThrow(/expected "w\/rms"/);
    await expect(fromTfjsWeights([null, null, null] as never, spec, W)).rejects.toThrow(StateImportError);
    await expect(fromTfjsWeights(list(3), spec, W)).resolves.toMatchObject({ step: 3 });
  });
});

describe('issue 15 #11: typed errors instead of raw TypeErrors, nothing changed', () => {
  it('applyGradients with a plain array, a prototype key, a disposed tensor; setState(null); setWeights without tensors', async () => {
    const v = tf.variable(tf.tensor1d([1, 2]), true, 'hostile/w');
    const opt = new IsostepRmsprop('torch');
    opt.applyGradients({ 'hostile/w': tf.tensor1d([0.1, 0.2]) });
    const before = await opt.getState();
    const disposed = tf.tensor1d([1, 1]);
    disposed.dispose();
    for (const bad of [{ 'hostile/w': [1, 2] }, { toString: tf.tensor1d([1, 1]) }, { 'hostile/w': disposed }, [null], 'w']) {
      expect(() => opt.applyGradients(bad as never)).toThrow(ShapeMismatchError);
    }
    expect(() => opt.setState(null as never)).toThrow(ShapeMismatchError);
    await expect(opt.setWeights([{ name: 'iter' }] as never)).rejects.toThrow(ShapeMismatchError);
    await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'hostile/w/meanSquare' }] as never)).rejects.toThrow(/entry 1 .*a live tf.Tensor/);
    expect(await opt.getState()).toEqual(before);
    expect(Array.from(await v.data())).toEqual(Array.from(await v.data()));
    v.dispose();
    opt.dispose();
  });

  it('refuses a config that leaves its range in float32 (TF.js computes in float32)', () => {
    expect(() => new IsostepOptimizer(fromPreset('rmsprop', 'torch', { eps: 1e-50 }))).toThrow(/eps = 1e-50; allowed: a finite number > 0 in float32/);
    expect(() => {
      new IsostepRmsprop('torch').learningRate = 1e300;
    }).toThrow(/learningRate = 1e\+300/);
  });
});

describe('issue 15 #13: messages do not grow with the input', () => {
  it('a huge format string or value is shown briefly', () => {
    const e = refusal(() => fromTorchState({ ...torchDoc(), format: 'x'.repeat(100_000) }, W));
    expect(e.message.length).toBeLessThan(400);
    expect(refusal(() => fromTorchState(torchDoc(['y'.repeat(100_000), 1]), W)).message.length).toBeLessThan(400);
  });
});

describe('rejectNonFinite on the adapter (applyGradients takes no options)', () => {
  it('off by default; when on, refuses a NaN gradient naming the variable and index, changing nothing', async () => {
    const v = tf.variable(tf.tensor1d([1, 2]), true, 'guard/w');
    const opt = new IsostepRmsprop('torch');
    expect(opt.rejectNonFinite).toBe(false);
    opt.rejectNonFinite = true;
    let err: unknown;
    try {
      opt.applyGradients({ 'guard/w': tf.tensor1d([0.5, Number.NaN]) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteGradientError);
    expect(err).toMatchObject({ tensor: 'gradient["guard/w"]', index: 1 });
    expect(Array.from(await v.data())).toEqual([1, 2]);
    expect(opt.iterations).toBe(0);
    expect(() => {
      opt.rejectNonFinite = 'yes' as never;
    }).toThrow(/rejectNonFinite = "yes"/);
    v.dispose();
    opt.dispose();
  });
});
