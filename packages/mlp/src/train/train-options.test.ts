import { getPreset } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { parseTrainOptions, type RawTrainOptions } from './train-options.js';

const BASE: RawTrainOptions = {
  data: 'mnist',
  layers: '784-128-10',
  optimizer: 'rmsprop',
  preset: 'torch',
  epochs: '5',
  batch: '64',
  backend: 'cpu',
  seed: '0',
};

describe('parseTrainOptions', () => {
  it('parses the defaults and applies overrides to the preset config', () => {
    const options = parseTrainOptions({ ...BASE, lr: '0.001', rho: '0.9' });
    expect(options.layers).toEqual([784, 128, 10]);
    expect(options.overrides).toEqual({ lr: 0.001, rho: 0.9 });
    const config = options.spec.config as unknown as Record<string, unknown>;
    expect(config.lr).toBe(0.001);
    expect(config.rho).toBe(0.9);
    // torch's eps placement and eps survive the override (they come from the preset, not from us).
    expect(config.epsPlacement).toBe('outside');
    expect(config.eps).toBe(1e-8);
  });

  it("carries the preset's numerics profile with the config, whatever is overridden", () => {
    for (const preset of ['torch', 'keras3', 'optax']) {
      const options = parseTrainOptions({ ...BASE, preset, lr: '0.05' });
      expect(options.spec.optimizer.name).toBe('rmsprop');
      expect(options.spec.preset?.name).toBe(preset);
      expect(options.spec.profile).toEqual(getPreset('rmsprop', preset).profile);
    }
    // Not vacuous: the profiles differ (torch fuses sites, keras3 flushes subnormals).
    expect(getPreset('rmsprop', 'torch').profile).not.toEqual(getPreset('rmsprop', 'keras3').profile);
  });

  it('accepts every backend, with wasm as the default TF.js backend', () => {
    expect(parseTrainOptions(BASE).backend).toBe('cpu');
    expect(parseTrainOptions({ ...BASE, backend: 'webgpu' }).backend).toBe('webgpu');
    const tfjs = parseTrainOptions({ ...BASE, backend: 'tfjs' });
    expect([tfjs.backend, tfjs.tfjsBackend]).toEqual(['tfjs', 'wasm']);
    expect(parseTrainOptions({ ...BASE, backend: 'tfjs', tfjsBackend: 'cpu' }).tfjsBackend).toBe('cpu');
  });

  const bad: [Partial<RawTrainOptions>, RegExp][] = [
    [{ data: 'cifar' }, /^--data: unknown dataset "cifar"/],
    [{ layers: '784-abc-10' }, /^--layers: .*size 2/],
    [{ layers: '784-128-11' }, /^--layers: MNIST needs 784 inputs and 10 outputs/],
    [{ batch: '0' }, /^--batch: 0 is outside/],
    [{ batch: '-3' }, /^--batch: "-3" is not a whole number/],
    [{ epochs: '1.5' }, /^--epochs/],
    [{ backend: 'tfjs', tfjsBackend: 'webgl' }, /^--tfjs-backend: unknown TF.js backend "webgl" \(known: wasm, cpu\)/],
    [{ backend: 'cuda' }, /^--backend: unknown backend/],
    [{ optimizer: 'nadam' }, /^--optimizer: unknown optimizer "nadam" \(known: rmsprop, /],
    [{ preset: 'pytorch' }, /^--preset: unknown preset "pytorch"/],
    [{ lr: 'fast' }, /^--lr: "fast" is not a finite number/],
    [{ lr: '-1' }, /^--lr: /],
    [{ rho: '1.5' }, /^--rho: /],
    [{ eps: 'NaN' }, /^--eps: "NaN" is not a finite number/],
    [{ seed: '4294967296' }, /^--seed/],
  ];
  for (const [change, message] of bad) {
    it(`rejects ${JSON.stringify(change)}`, () => {
      expect(() => parseTrainOptions({ ...BASE, ...change })).toThrow(message);
    });
  }
});
