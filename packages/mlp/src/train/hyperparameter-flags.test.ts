import { getPreset, OPTIMIZERS } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { flagOfField, hyperparameterFlags } from './hyperparameter-flags.js';
import { MOMENTUM_DEFAULT, parseTrainOptions, type RawTrainOptions } from './train-options.js';

const BASE: RawTrainOptions = { data: 'mnist', layers: '784-16-10', optimizer: 'rmsprop', preset: 'torch', epochs: '1', batch: '64', backend: 'cpu', seed: '0' };

describe('the optimizer flags of isostep train, from the spec', () => {
  it('has one flag per config field of every optimizer, kebab-cased, typed by the preset defaults', () => {
    const flags = hyperparameterFlags();
    const fields = new Set(OPTIMIZERS.flatMap((d) => d.configKeys));
    expect(flags.map((f) => f.field).sort()).toEqual([...fields].sort());
    const byField = Object.fromEntries(flags.map((f) => [f.field, f]));
    expect(byField.weightDecay).toMatchObject({ flag: '--weight-decay', kind: 'number' });
    expect(byField.beta1).toMatchObject({ flag: '--beta1', kind: 'number', optimizers: ['adam', 'adamw'] });
    expect(byField.nesterov).toMatchObject({ kind: 'boolean', optimizers: ['rmsprop', 'sgd', 'adam', 'adamw'] });
    expect(byField.epsPlacement!.kind).toBe('choice');
    expect(flagOfField('oneMinusRhoInDtype')).toBe('--one-minus-rho-in-dtype');
  });

  it('maps flags onto the chosen optimizer and preset, booleans bare or spelled', () => {
    const adam = parseTrainOptions({ ...BASE, optimizer: 'adam', preset: 'keras3', beta1: '0.8', weightDecay: '0.01', amsgrad: true });
    expect(adam.overrides).toEqual({ beta1: 0.8, weightDecay: 0.01, amsgrad: true });
    expect(adam.spec.config).toMatchObject({ beta1: 0.8, weightDecay: 0.01, amsgrad: true, eps: (getPreset("adam", "keras3").defaults as unknown as { eps: number }).eps });
    expect(parseTrainOptions({ ...BASE, optimizer: 'sgd', momentum: '0.5', nesterov: 'false' }).spec.config).toMatchObject({ momentum: 0.5, nesterov: false });
  });

  it('momentum is SGD with momentum 0.9 unless --momentum says otherwise', () => {
    const m = parseTrainOptions({ ...BASE, optimizer: 'momentum', preset: 'keras3' });
    expect([m.optimizer, m.optimizerChoice, m.spec.optimizer.name, m.spec.preset?.name]).toEqual(['sgd', 'momentum', 'sgd', 'keras3']);
    expect((m.spec.config as unknown as { momentum: number }).momentum).toBe(MOMENTUM_DEFAULT);
    expect((parseTrainOptions({ ...BASE, optimizer: "momentum", momentum: "0.5" }).spec.config as unknown as { momentum: number }).momentum).toBe(0.5);
  });

  it('rejects, naming the flag: one the optimizer lacks, a value its spec refuses, a bad boolean or number', () => {
    for (const [change, message] of [
      [{ optimizer: 'sgd', beta1: '0.9' }, /^--beta1: invalid SGD config: beta1 = 0\.9; allowed: no such field/],
      [{ optimizer: 'adam', epsPlacement: 'sideways' }, /^--eps-placement: .*allowed: one of 'corrected', 'uncorrected'/],
      [{ optimizer: 'adam', weightDecay: '-1' }, /^--weight-decay: /],
      [{ optimizer: 'sgd', nesterov: 'maybe' }, /^--nesterov: "maybe" is not true or false/],
      [{ optimizer: 'adagrad', initialAccumulator: '0x10' }, /^--initial-accumulator: "0x10" is not a finite number/],
      [{ optimizer: 'adamw', preset: 'tfjs' }, /^--preset: unknown preset "tfjs" for adamw \(known: torch, keras3, optax\)/],
      [{ scale: 'x/256' }, /^--scale: unknown input scaling "x\/256"/],
    ] as const) {
      expect(() => parseTrainOptions({ ...BASE, ...change })).toThrow(message);
    }
  });

  it('reads --scale, --no-shuffle and --init', () => {
    const o = parseTrainOptions({ ...BASE, scale: '(x/255 - 0.5) / 0.5', shuffle: false, init: 'w.safetensors' });
    expect([o.scale, o.shuffle, o.initPath]).toEqual(['symmetric', false, 'w.safetensors']);
    expect([parseTrainOptions(BASE).scale, parseTrainOptions(BASE).shuffle]).toEqual(['unit', true]);
  });
});
