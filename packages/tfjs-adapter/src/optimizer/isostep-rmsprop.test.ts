/** RMSprop by preset name as TF.js sees it: minimize, no leaks, config round trip (old saved configs too), and refusals that change nothing. */
import { InvalidConfigError, IsostepError, ShapeMismatchError, UnknownPresetError, PRESET_NAMES, customOptimizer, getPreset, rmsprop } from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../test/tf-cpu.js';
import { toySgd } from '../../test/toy-sgd.js';
import { IsostepRmsprop } from './isostep-rmsprop.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

async function snapshot(opt: IsostepRmsprop, vars: readonly { dataSync(): ArrayLike<number> }[]) {
  const w = await opt.getWeights();
  return JSON.stringify({ w: w.map((e) => [e.name, Array.from(e.tensor.dataSync())]), v: vars.map((v) => Array.from(v.dataSync())), it: opt.iterations });
}

describe('IsostepRmsprop', () => {
  it.each(PRESET_NAMES)('%s: minimize lowers a quadratic and leaks no tensors', (preset) => {
    const w = tf.variable(tf.tensor1d([1.5, -2, 0.5, 3]));
    const opt = new IsostepRmsprop(preset, { lr: 0.01 });
    const loss = () => tf.tidy(() => w.square().sum() as ReturnType<typeof tf.scalar>);
    const first = loss().dataSync()[0]!;
    opt.minimize(loss); // the first step allocates the slots
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(opt.iterations).toBe(21);
    expect(loss().dataSync()[0]).toBeLessThan(first);
    opt.dispose();
    w.dispose();
  });

  it('refuses unknown presets and invalid hyperparameters with the spec errors', () => {
    expect(() => new IsostepRmsprop('adam')).toThrow(UnknownPresetError);
    expect(() => new IsostepRmsprop('torch', { lr: -1 })).toThrow(/lr = -1; allowed: a finite number >= 0/);
    expect(() => new IsostepRmsprop('torch', { rho: Number.NaN })).toThrow(InvalidConfigError);
    // Errors name the argument the user typed: torch's `alpha` is the spec's rho.
    expect(() => IsostepRmsprop.fromFrameworkArgs('torch', { alpha: 2 })).toThrow(/alpha = 2/);
    const opt = new IsostepRmsprop('torch');
    expect(() => {
      opt.learningRate = Number.POSITIVE_INFINITY;
    }).toThrow(/learningRate = Infinity/);
    expect(opt.learningRate).toBe(0.01);
  });

  it('getConfig / fromConfig round trip under its own class name; bad configs get spec errors', () => {
    const opt = new IsostepRmsprop('optax', { momentum: 0.9, nesterov: true, lr: 0.05 });
    opt.learningRate = 0.02;
    const cfg = opt.getConfig();
    expect(opt.getClassName()).toBe('IsostepRMSprop');
    const back = IsostepRmsprop.fromConfig(IsostepRmsprop, cfg);
    expect(back.getConfig()).toEqual(cfg);
    expect((back as IsostepRmsprop).config.lr).toBe(0.02);
    expect(() => IsostepRmsprop.fromConfig(IsostepRmsprop, { ...cfg, preset: 'nope' })).toThrow(UnknownPresetError);
    expect(() => IsostepRmsprop.fromConfig(IsostepRmsprop, { ...cfg, eps: 0 })).toThrow(/eps = 0/);
    expect(() => IsostepRmsprop.fromConfig(IsostepRmsprop, { ...cfg, foo: 1 })).toThrow(IsostepError);
  });

  it('takes an RMSprop spec (custom ones too), not another optimizer or a spec with overrides', () => {
    const spec = rmsprop('tf1', { momentum: 0.9 });
    expect(new IsostepRmsprop(spec).spec).toBe(spec);
    const tfjs = getPreset('rmsprop', 'tfjs');
    const centered = { ...tfjs.defaults, centered: true };
    const custom = customOptimizer('rmsprop', centered, tfjs.profile);
    expect(new IsostepRmsprop(custom).getConfig()).toMatchObject({ optimizer: 'rmsprop', preset: null, profile: 'tfjs', centered: true });
    expect(() => new IsostepRmsprop(toySgd())).toThrow(/expected an RMSprop spec or preset name, got toy-sgd\/plain/);
    expect(() => new IsostepRmsprop(spec, { lr: 1 })).toThrow(/overrides go with a preset name/);
    expect(IsostepRmsprop.fromFrameworkArgs('tf1', { learning_rate: 0.1 }, { init_ms: 0.5 }).config).toMatchObject({ lr: 0.1, initialMeanSquare: 0.5 });
  });

  it('reads configs saved before the generic optimizer (no optimizer key) and refuses another optimizer under its name', () => {
    // What IsostepRMSprop.getConfig wrote before: the preset and every RMSprop field, nothing else.
    const old = { ...getPreset('rmsprop', 'torch').defaults, preset: 'torch', momentum: 0.9, lr: 0.05 };
    const back = IsostepRmsprop.fromConfig(IsostepRmsprop, old) as IsostepRmsprop;
    expect(back).toBeInstanceOf(IsostepRmsprop);
    expect(back.config).toMatchObject({ momentum: 0.9, lr: 0.05 });
    expect(back.getConfig()).toEqual({ ...old, optimizer: 'rmsprop' });
    expect(() => IsostepRmsprop.fromConfig(IsostepRmsprop, { ...old, optimizer: 'lion' })).toThrow(/unknown optimizer "lion"/);
  });

  it('a gradient of the wrong shape is refused before anything changes', async () => {
    const a = tf.variable(tf.tensor1d([1, 2, 3]));
    const b = tf.variable(tf.tensor2d([[1, 2]]));
    const opt = new IsostepRmsprop('keras3', { momentum: 0.5 });
    opt.applyGradients({ [a.name]: tf.ones([3]), [b.name]: tf.ones([1, 2]) });
    const before = await snapshot(opt, [a, b]);
    expect(() => opt.applyGradients({ [a.name]: tf.ones([3]), [b.name]: tf.ones([2]) })).toThrow(
      new RegExp(`gradient of ${b.name}: expected float32\\[1, 2\\], got float32\\[2\\]`),
    );
    expect(await snapshot(opt, [a, b])).toBe(before);
  });

  describe('getWeights / setWeights layout', () => {
    async function trained(preset: string, overrides = {}) {
      const a = tf.variable(tf.tensor1d([1, -2, 3]));
      const b = tf.variable(tf.tensor2d([[0.5, -0.25]]));
      const opt = new IsostepRmsprop(preset, overrides);
      for (let i = 0; i < 3; i++) opt.applyGradients({ [a.name]: tf.tensor1d([0.1, 0.2, -0.3]), [b.name]: tf.tensor2d([[1, -1]]) });
      return { a, b, opt };
    }

    it('is iter, then per variable per slot in SLOT_ORDER, named <variable>/<slot>', async () => {
      const { a, b, opt } = await trained('torch', { momentum: 0.9, centered: true });
      const w = await opt.getWeights();
      expect(w.map((e) => e.name)).toEqual([
        'iter',
        `${a.name}/meanSquare`, `${a.name}/meanGrad`, `${a.name}/momentum`,
        `${b.name}/meanSquare`, `${b.name}/meanGrad`, `${b.name}/momentum`,
      ]);
      expect(w[0]!.tensor.dataSync()[0]).toBe(3);
    });

    it('restores into another optimizer and continues bit-identically', async () => {
      const { a, b, opt } = await trained('tf1', { momentum: 0.9, centered: true });
      const a2 = tf.variable(a.clone());
      const b2 = tf.variable(b.clone());
      const opt2 = new IsostepRmsprop('tf1', { momentum: 0.9, centered: true });
      await opt2.setWeights(await opt.getWeights());
      expect(opt2.iterations).toBe(3);
      for (let i = 0; i < 3; i++) {
        opt.applyGradients({ [a.name]: tf.tensor1d([0.3, -0.2, 0.1]), [b.name]: tf.tensor2d([[-1, 2]]) });
        opt2.applyGradients({ [a2.name]: tf.tensor1d([0.3, -0.2, 0.1]), [b2.name]: tf.tensor2d([[-1, 2]]) });
      }
      expect(Array.from(a2.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(Array.from(b2.dataSync())).toEqual(Array.from(b.dataSync()));
    });

    it('wrong count, shape, dtype or slot names: an error naming the variable; nothing changed', async () => {
      const { a, b, opt } = await trained('torch', { momentum: 0.9 });
      const good = await opt.getWeights();
      const before = await snapshot(opt, [a, b]);
      // one variable's slots missing
      await expect(opt.setWeights(good.slice(0, 3))).rejects.toThrow(new RegExp(`variable ${b.name}.*2 variable`));
      // a shape that differs from the variable's
      const badShape = good.map((e, i) => (i >= 3 ? { name: e.name, tensor: tf.zeros([2, 1]) } : e));
      await expect(opt.setWeights(badShape)).rejects.toThrow(new RegExp(`${b.name}.*shape \\[1, 2\\]`));
      // int32 slot
      const badDtype = good.map((e, i) => (i === 1 ? { name: e.name, tensor: tf.zeros([3], 'int32') } : e));
      await expect(opt.setWeights(badDtype)).rejects.toThrow(new RegExp(`${a.name} slot meanSquare: expected a float32 tensor, got int32\\[3\\]`));
      // a list from an optimizer with other slots (centered: meanGrad where momentum is expected)
      const centered = (await trained('torch', { momentum: 0.9, centered: true })).opt;
      await expect(opt.setWeights(await centered.getWeights())).rejects.toThrow(/expected the momentum slot of a variable/);
      expect(await snapshot(opt, [a, b])).toBe(before);
      expect(ShapeMismatchError).toBeDefined();
    });
  });
});
