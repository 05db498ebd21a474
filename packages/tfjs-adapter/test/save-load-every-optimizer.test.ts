/**
 * Every optimizer of the spec, every preset, as a real `tf.train.Optimizer` in a LayersModel: trained with
 * `model.fit`, saved with `includeOptimizer: true`, loaded by `tf.loadLayersModel` (registered class
 * 'IsostepOptimizer', config through getConfig/fromConfig, state through getWeights/setWeights) and
 * trained on: bit-identical to the model that was never saved, parameters and every slot.
 *
 * The saved weights list is checked against the documented layout (README, weights-layout.ts): `iter`,
 * then for each variable in `model.trainableWeights` order one entry per allocated slot in
 * `spec.program.slots` order, named `<variable>/<slot>`.
 */
import type { Variable, io as tfio } from '@tensorflow/tfjs-core';
import { OPTIMIZERS, customOptimizer, fromPreset } from '@isostep/spec';
import { serialization } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { registerIsostepOptimizers } from '../src/optimizer/register.js';
import { firstBitDifference, random, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
  registerIsostepOptimizers();
});

/**
 * Per optimizer, the config that allocates every slot it can have (so every slot goes through the file),
 * with a learning rate large enough that 24 steps move the weights visibly.
 */
const EVERY_SLOT: Readonly<Record<string, object>> = {
  rmsprop: { lr: 0.01, momentum: 0.5, centered: true },
  sgd: { lr: 0.05, momentum: 0.9, nesterov: true },
  adagrad: { lr: 0.05 },
  adadelta: { lr: 0.5 },
  adam: { lr: 0.01, amsgrad: true },
  adamw: { lr: 0.01, amsgrad: true },
};

function build(optimizer: IsostepOptimizer) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 5, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

async function saveWithOptimizer(model: ReturnType<typeof build>): Promise<tfio.ModelArtifacts> {
  let saved: tfio.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  return saved!;
}

type TrainingConfig = { optimizer_config: { class_name: string; config: Record<string, unknown> } };

const ROWS = OPTIMIZERS.flatMap((d) => Object.keys(d.presets).flatMap((preset) => [
  { optimizer: d.name, preset, overrides: {}, label: 'defaults' },
  { optimizer: d.name, preset, overrides: EVERY_SLOT[d.name] ?? {}, label: 'every slot' },
]));

describe('every optimizer × preset: fit, save with includeOptimizer, load, fit on', () => {
  it('covers every optimizer of the spec', () => {
    expect(new Set(ROWS.map((r) => r.optimizer))).toEqual(new Set(OPTIMIZERS.map((d) => d.name)));
  });

  for (const row of ROWS) {
    it(`${row.optimizer} ${row.preset} (${row.label}): continues bit-identically`, async () => {
      const rnd = random(9);
      const x = tf.tensor2d(Float32Array.from({ length: 16 * 3 }, () => rnd() * 2 - 1), [16, 3]);
      const y = tf.tensor2d(Float32Array.from({ length: 16 * 2 }, () => rnd()), [16, 2]);
      const spec = fromPreset(row.optimizer, row.preset, row.overrides);
      const model = build(new IsostepOptimizer(spec));
      const opt = model.optimizer as IsostepOptimizer;
      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      // A learning rate changed by a schedule is saved as the current one.
      opt.learningRate = spec.config.lr / 2;

      const saved = await saveWithOptimizer(model);
      const training = saved.trainingConfig as unknown as TrainingConfig;
      expect(training.optimizer_config.class_name).toBe('IsostepOptimizer');
      expect(training.optimizer_config.config).toMatchObject({ optimizer: row.optimizer, preset: row.preset, lr: spec.config.lr / 2 });

      // The documented layout, from the model's own variable order and the spec's slots.
      const weights = await opt.getWeights();
      const expected = ['iter', ...model.trainableWeights.flatMap((w) => spec.program.slots.map((s) => `${(w.read() as Variable).name}/${s}`))];
      expect(weights.map((w) => w.name)).toEqual(expected);
      tf.dispose(weights[0]!.tensor);

      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
      const lopt = loaded.optimizer as IsostepOptimizer;
      expect(lopt).toBeInstanceOf(IsostepOptimizer);
      expect(lopt.spec.optimizer.name).toBe(row.optimizer);
      expect(lopt.spec.preset?.name).toBe(row.preset);
      expect(lopt.getConfig()).toEqual(opt.getConfig());
      expect(lopt.iterations).toBe(12);
      // fromConfig builds the constructor's lr; the schedule's current one is the saved config's.
      expect(lopt.learningRate).toBe(spec.config.lr / 2);

      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      await loaded.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      const w1 = model.getWeights();
      const w2 = loaded.getWeights();
      expect(w2.length).toBe(w1.length);
      for (let i = 0; i < w1.length; i++) expect(firstBitDifference(w1[i]!.dataSync(), w2[i]!.dataSync()), `weight ${i}`).toBe(-1);
      const s1 = await opt.getWeights();
      const s2 = await lopt.getWeights();
      expect(s2.length).toBe(s1.length);
      for (let i = 0; i < s1.length; i++) expect(firstBitDifference(s1[i]!.tensor.dataSync(), s2[i]!.tensor.dataSync()), `slot ${s1[i]!.name}`).toBe(-1);
      // And training moved the weights (a frozen model would pass the comparison trivially).
      const w0 = build(new IsostepOptimizer(spec)).getWeights();
      expect(w0.some((w, i) => firstBitDifference(w.dataSync(), w1[i]!.dataSync()) !== -1)).toBe(true);
      tf.dispose([x, y, s1[0]!.tensor, s2[0]!.tensor]);
    });
  }
});

describe('getConfig / fromConfig of every optimizer, without a model', () => {
  it('registerIsostepOptimizers registers the generic class under its name', () => {
    expect(serialization.SerializationMap.getMap().classNameMap.IsostepOptimizer?.[0]).toBe(IsostepOptimizer);
  });

  for (const d of OPTIMIZERS) {
    const [first, second] = Object.values(d.presets);
    it(`${d.name}: a custom config (${first!.name}'s defaults with ${(second ?? first)!.name}'s profile) comes back with the same config and profile`, () => {
      const spec = customOptimizer(d, { ...first!.defaults, lr: 0.0625 }, (second ?? first)!.profile);
      const opt = new IsostepOptimizer(spec);
      const config = opt.getConfig();
      expect(config).toMatchObject({ optimizer: d.name, preset: null, profile: (second ?? first)!.name, lr: 0.0625 });
      const back = IsostepOptimizer.fromConfig(IsostepOptimizer, JSON.parse(JSON.stringify(config)) as serialization.ConfigDict) as IsostepOptimizer;
      expect(back.spec.config).toEqual(spec.config);
      expect(back.spec.profile).toEqual(spec.profile);
      expect(back.spec.program.slots).toEqual(spec.program.slots);
      // An unknown field is refused by name (a misspelled key would silently become a default).
      expect(() => IsostepOptimizer.fromConfig(IsostepOptimizer, { ...config, lrr: 0.1 })).toThrow(/unknown field\(s\) lrr/);
    });
  }
});
