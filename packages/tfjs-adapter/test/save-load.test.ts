/**
 * A LayersModel saved with its optimizer (`includeOptimizer: true`, into memory) and loaded back keeps
 * training bit-identically to the model that was never saved: the config goes through getConfig /
 * fromConfig under 'IsostepRMSprop' (or 'IsostepOptimizer' for any spec), the state through getWeights /
 * setWeights. Models saved before the generic optimizer (no `optimizer` key in the config) still load.
 */
import type { io as tfio } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { customOptimizer, getPreset } from '@isostep/spec';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { IsostepRmsprop } from '../src/optimizer/isostep-rmsprop.js';
import { registerIsostepOptimizers } from '../src/optimizer/register.js';
import { firstBitDifference, random, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
  registerIsostepOptimizers();
});

function build(optimizer: () => IsostepOptimizer) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
  model.compile({ optimizer: optimizer(), loss: 'meanSquaredError' });
  return model;
}

/** A custom RMSprop (TF1's initial mean square with torch's numbers and profile): saved by its profile's preset name. */
function customTorch(): IsostepOptimizer {
  const torch = getPreset('rmsprop', 'torch');
  const config = { ...torch.defaults, lr: 0.01, momentum: 0.9, initialMeanSquare: 1 };
  return new IsostepOptimizer(customOptimizer('rmsprop', config, torch.profile));
}

async function saveWithOptimizer(model: ReturnType<typeof build>): Promise<tfio.ModelArtifacts> {
  let saved: tfio.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: true });
  return saved!;
}

type OptimizerConfigJson = { optimizer_config: { class_name: string; config: Record<string, unknown> } };

describe('model.save({includeOptimizer: true}) → tf.loadLayersModel', () => {
  for (const [label, make, className] of [
    ['torch', () => new IsostepRmsprop('torch', { lr: 0.01, momentum: 0.9, centered: true }), 'IsostepRMSprop'],
    ['optax', () => new IsostepRmsprop('optax', { lr: 0.01, momentum: 0.9, nesterov: true, biasCorrection: true }), 'IsostepRMSprop'],
    ['tf1', () => new IsostepRmsprop('tf1', { lr: 0.01 }), 'IsostepRMSprop'],
    ['custom RMSprop with the torch profile', customTorch, 'IsostepOptimizer'],
  ] as const) {
    it(`${label}: continues bit-identically`, async () => {
      const rnd = random(9);
      const x = tf.tensor2d(Float32Array.from({ length: 16 * 3 }, () => rnd() * 2 - 1), [16, 3]);
      const y = tf.tensor2d(Float32Array.from({ length: 16 * 2 }, () => rnd()), [16, 2]);
      const model = build(make);
      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });

      const saved = await saveWithOptimizer(model);
      const training = saved.trainingConfig as unknown as OptimizerConfigJson;
      expect(training.optimizer_config.class_name).toBe(className);

      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
      const lopt = loaded.optimizer as IsostepOptimizer;
      expect(lopt.getClassName()).toBe(className);
      expect(lopt.getConfig()).toEqual((model.optimizer as IsostepOptimizer).getConfig());
      expect(lopt.iterations).toBe(12);

      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      await loaded.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      const w1 = model.getWeights();
      const w2 = loaded.getWeights();
      expect(w2.length).toBe(w1.length);
      for (let i = 0; i < w1.length; i++) expect(firstBitDifference(w1[i]!.dataSync(), w2[i]!.dataSync()), `weight ${i}`).toBe(-1);
      const s1 = await (model.optimizer as IsostepOptimizer).getWeights();
      const s2 = await lopt.getWeights();
      for (let i = 0; i < s1.length; i++) expect(firstBitDifference(s1[i]!.tensor.dataSync(), s2[i]!.tensor.dataSync()), `slot ${s1[i]!.name}`).toBe(-1);
      tf.dispose([x, y]);
    });
  }

  it('a model saved before the generic optimizer (config without `optimizer`) loads as IsostepRMSprop', async () => {
    const model = build(() => new IsostepRmsprop('keras3', { lr: 0.01, momentum: 0.5 }));
    const x = tf.ones([4, 3]);
    const y = tf.zeros([4, 2]);
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const saved = await saveWithOptimizer(model);
    const training = saved.trainingConfig as unknown as OptimizerConfigJson;
    const { optimizer: _new, ...old } = training.optimizer_config.config;
    training.optimizer_config.config = old;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect(loaded.optimizer).toBeInstanceOf(IsostepRmsprop);
    expect((loaded.optimizer as IsostepRmsprop).getConfig()).toEqual((model.optimizer as IsostepRmsprop).getConfig());
    tf.dispose([x, y]);
  });
});
