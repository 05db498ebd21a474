/**
 * The generic optimizer: built from any OptimizerSpec, its step is the spec's program, its slots and
 * weights layout are the program's, and its config round-trips through getConfig / fromConfig (custom
 * specs by the name of the preset whose profile they use). An optimizer the spec does not ship (a toy
 * SGD defined in the test) runs without any change to the adapter.
 */
import {
  IsostepError,
  UnknownOptimizerError,
  customOptimizer,
  exactArith,
  fromPreset,
  getPreset,
  type ElementValues,
  type NumericsProfile,
  optimizerNames,
} from '@isostep/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBitDifference, random, useCpu } from '../../test/tf-cpu.js';
import { toySgd } from '../../test/toy-sgd.js';
import { IsostepOptimizer } from './isostep-optimizer.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
});

/** Every config field of a custom RMSprop, the torch preset's numbers with TF1's initial mean square. */
function customRmsprop(profile: NumericsProfile = getPreset('rmsprop', 'torch').profile) {
  const config = { ...getPreset('rmsprop', 'torch').defaults, initialMeanSquare: 1, momentum: 0.5 };
  return customOptimizer('rmsprop', config, profile);
}

describe('IsostepOptimizer over any spec', () => {
  it('takes the spec from fromPreset and exposes its config and slots', () => {
    const spec = fromPreset('rmsprop', 'keras3', { momentum: 0.9, centered: true });
    const opt = new IsostepOptimizer(spec);
    expect(opt.spec).toBe(spec);
    expect(opt.config).toBe(spec.config);
    expect(opt.slots).toEqual(['meanSquare', 'meanGrad', 'momentum']);
    expect(opt.learningRate).toBe(0.001);
    expect(opt.getClassName()).toBe('IsostepOptimizer');
    opt.dispose();
  });

  it('refuses something that is not a spec, and an invalid learning rate naming the optimizer', () => {
    expect(() => new IsostepOptimizer({} as never)).toThrow(/expected an OptimizerSpec/);
    const opt = new IsostepOptimizer(fromPreset('rmsprop', 'torch'));
    expect(() => {
      opt.learningRate = -1;
    }).toThrow(/invalid RMSprop config: learningRate = -1/);
    expect(opt.learningRate).toBe(0.01);
  });

  it('runs an optimizer the spec does not ship, bit for bit the spec program over exact float32', async () => {
    const rnd = random(5);
    const init = Float32Array.from({ length: 17 }, () => rnd() * 2 - 1);
    for (const momentum of [0, 0.9]) {
      const spec = toySgd({ lr: 0.05, momentum });
      const w = tf.variable(tf.tensor1d(init));
      const opt = new IsostepOptimizer(spec);
      const A = exactArith('float32');
      const p = Array.from(init);
      const slots = spec.program.slots.map(() => new Array<number>(init.length).fill(0));
      for (let t = 1; t <= 5; t++) {
        const g = Float32Array.from({ length: init.length }, () => rnd() - 0.5);
        opt.applyGradients([{ name: w.name, tensor: tf.tensor1d(g) }]);
        const s = spec.program.scalars(A, 0.05, t);
        for (let i = 0; i < p.length; i++) {
          const e: Record<string, number> = { p: p[i]!, g: g[i]! };
          spec.program.slots.forEach((slot, k) => (e[slot] = slots[k]![i]!));
          spec.program.element(A, s, e as ElementValues<number, 'velocity'>);
          p[i] = e.p!;
          spec.program.slots.forEach((slot, k) => (slots[k]![i] = e[slot]!));
        }
        expect(firstBitDifference(w.dataSync(), Float32Array.from(p)), `momentum ${momentum} step ${t}`).toBe(-1);
      }
      const weights = await opt.getWeights();
      expect(weights.map((e) => e.name)).toEqual(['iter', ...spec.program.slots.map((s) => `${w.name}/${s}`)]);
      if (momentum > 0) expect(firstBitDifference(weights[1]!.tensor.dataSync(), Float32Array.from(slots[0]!))).toBe(-1);
      const state = await opt.getState();
      expect(state.slots).toEqual(momentum > 0 ? ['velocity'] : []);
      expect(state.step).toBe(5);
      opt.dispose();
      w.dispose();
    }
  });

  it('a slotless optimizer restores its counter from a weights list of the counter alone', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new IsostepOptimizer(toySgd());
    opt.applyGradients([{ name: w.name, tensor: tf.ones([2]) }]);
    const opt2 = new IsostepOptimizer(toySgd());
    await opt2.setWeights(await opt.getWeights());
    expect(opt2.iterations).toBe(1);
    await expect(opt2.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }, { name: 'x/velocity', tensor: tf.zeros([2]) }])).rejects.toThrow(
      /this optimizer has no slots/,
    );
  });

  describe('getConfig / fromConfig', () => {
    it('a preset spec: { optimizer, preset, ...every config field } with the current lr', () => {
      const opt = new IsostepOptimizer(fromPreset('rmsprop', 'optax', { momentum: 0.9, nesterov: true }));
      opt.learningRate = 0.02;
      const cfg = opt.getConfig();
      expect(cfg).toMatchObject({ optimizer: 'rmsprop', preset: 'optax', lr: 0.02, momentum: 0.9, nesterov: true });
      expect(cfg).not.toHaveProperty('profile');
      expect(Object.keys(cfg).sort()).toEqual(['optimizer', 'preset', ...opt.spec.optimizer.configKeys].sort());
      const back = IsostepOptimizer.fromConfig(IsostepOptimizer, cfg) as IsostepOptimizer;
      expect(back.getConfig()).toEqual(cfg);
      expect(back.spec.profile).toBe(opt.spec.profile);
    });

    it('a custom spec: preset null and the name of the preset whose profile it uses', () => {
      const opt = new IsostepOptimizer(customRmsprop());
      const cfg = opt.getConfig();
      expect(cfg).toMatchObject({ optimizer: 'rmsprop', preset: null, profile: 'torch', initialMeanSquare: 1, momentum: 0.5 });
      const back = IsostepOptimizer.fromConfig(IsostepOptimizer, cfg) as IsostepOptimizer;
      expect(back.spec.preset).toBeNull();
      expect(back.spec.profile).toBe(getPreset('rmsprop', 'torch').profile);
      expect(back.spec.config).toEqual(opt.spec.config);
      expect(back.getConfig()).toEqual(cfg);
    });

    it('a custom spec with a copy of a preset profile is saved under that preset; an unknown profile is refused', () => {
      const copy = JSON.parse(JSON.stringify(getPreset('rmsprop', 'keras3').profile)) as NumericsProfile;
      expect(new IsostepOptimizer(customRmsprop(copy)).getConfig().profile).toBe('keras3');
      const own = { ...getPreset('rmsprop', 'torch').profile, subnormals: 'flush' } as NumericsProfile;
      expect(() => new IsostepOptimizer(customRmsprop(own)).getConfig()).toThrow(/none of the rmsprop presets' profiles, so it cannot be saved by name/);
    });

    it('refuses unknown keys, unknown optimizers and mixed-up headers with the spec errors', () => {
      const cfg = new IsostepOptimizer(fromPreset('rmsprop', 'torch')).getConfig();
      const from = (c: object) => IsostepOptimizer.fromConfig(IsostepOptimizer, c as never);
      expect(() => from({ ...cfg, foo: 1 })).toThrow(/unknown field\(s\) foo; allowed: optimizer, preset, profile, lr, rho/);
      expect(() => from({ ...cfg, optimizer: 'lion' })).toThrow(UnknownOptimizerError);
      expect(() => from({ ...cfg, optimizer: undefined })).toThrow(`optimizer = undefined; allowed: an optimizer name (${optimizerNames().join(', ')})`);
      expect(() => from({ ...cfg, profile: 'keras3' })).toThrow(/profile = "keras3"; allowed: nothing when preset is given/);
      expect(() => from({ ...cfg, preset: null })).toThrow(/profile = undefined; allowed: the name of the rmsprop preset/);
      expect(() => from({ ...cfg, preset: 3 })).toThrow(IsostepError);
      expect(() => from({ ...cfg, rho: 2 })).toThrow(/rho = 2/);
    });
  });
});
