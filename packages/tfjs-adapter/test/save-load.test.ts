/**
 * A LayersModel saved with its optimizer (`includeOptimizer: true`, into memory) and loaded back keeps
 * training bit-identically to the model that was never saved: the config goes through getConfig /
 * fromConfig under 'IsostepRMSprop', the state through getWeights / setWeights.
 */
import type { io as tfio } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IsostepRmsprop } from '../src/optimizer/isostep-rmsprop.js';
import { registerIsostepOptimizers } from '../src/optimizer/register.js';
import { firstBitDifference, random, useCpu } from './tf-cpu.js';

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
beforeAll(async () => {
  tf = await useCpu();
  registerIsostepOptimizers();
});

function build(preset: string, overrides: object) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
  model.compile({ optimizer: new IsostepRmsprop(preset, overrides), loss: 'meanSquaredError' });
  return model;
}

describe('model.save({includeOptimizer: true}) → tf.loadLayersModel', () => {
  for (const [preset, overrides] of [
    ['torch', { lr: 0.01, momentum: 0.9, centered: true }],
    ['optax', { lr: 0.01, momentum: 0.9, nesterov: true, biasCorrection: true }],
    ['tf1', { lr: 0.01 }],
  ] as const) {
    it(`${preset}: continues bit-identically`, async () => {
      const rnd = random(9);
      const x = tf.tensor2d(Float32Array.from({ length: 16 * 3 }, () => rnd() * 2 - 1), [16, 3]);
      const y = tf.tensor2d(Float32Array.from({ length: 16 * 2 }, () => rnd()), [16, 2]);
      const model = build(preset, overrides);
      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });

      let saved: tfio.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }), { includeOptimizer: true });
      const training = saved!.trainingConfig as unknown as { optimizer_config: { class_name: string } };
      expect(training.optimizer_config.class_name).toBe('IsostepRMSprop');

      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      const lopt = loaded.optimizer as IsostepRmsprop;
      expect(lopt).toBeInstanceOf(IsostepRmsprop);
      expect(lopt.getConfig()).toEqual((model.optimizer as IsostepRmsprop).getConfig());
      expect(lopt.iterations).toBe(12);

      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      await loaded.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      const w1 = model.getWeights();
      const w2 = loaded.getWeights();
      expect(w2.length).toBe(w1.length);
      for (let i = 0; i < w1.length; i++) expect(firstBitDifference(w1[i]!.dataSync(), w2[i]!.dataSync()), `weight ${i}`).toBe(-1);
      const s1 = await (model.optimizer as IsostepRmsprop).getWeights();
      const s2 = await lopt.getWeights();
      for (let i = 0; i < s1.length; i++) expect(firstBitDifference(s1[i]!.tensor.dataSync(), s2[i]!.tensor.dataSync()), `slot ${s1[i]!.name}`).toBe(-1);
      tf.dispose([x, y]);
    });
  }
});
