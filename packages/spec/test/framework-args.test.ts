import { describe, expect, it } from 'vitest';
import { FrameworkArgumentError, InvalidConfigError, UnknownFrameworkError, fromFrameworkArgs, type RmspropConfig } from '../src/index.js';

/** The RMSprop config a framework's own arguments mean. */
const configFromFrameworkArgs = (framework: string, hp: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  fromFrameworkArgs(framework, 'rmsprop', hp, options).config as RmspropConfig;

describe('configFromFrameworkArgs', () => {
  it('maps torch arguments, with coupled weight decay and maximize', () => {
    const c = configFromFrameworkArgs('torch', { lr: 0.02, alpha: 0.9, eps: 1e-6, weight_decay: 0.1, momentum: 0.5, centered: true, maximize: true });
    expect(c).toMatchObject({ lr: 0.02, rho: 0.9, eps: 1e-6, weightDecay: 0.1, weightDecayMode: 'coupled', momentum: 0.5, centered: true, maximize: true, epsPlacement: 'outside' });
  });

  it('keeps the framework default for a missing argument', () => {
    expect(configFromFrameworkArgs('keras', {}).rho).toBe(0.9);
    expect(configFromFrameworkArgs('torch', {}).rho).toBe(0.99);
  });

  it('maps Keras weight_decay to the decoupled mode and None to off', () => {
    expect(configFromFrameworkArgs('keras', { weight_decay: 0.01 })).toMatchObject({ weightDecay: 0.01, weightDecayMode: 'decoupled' });
    expect(configFromFrameworkArgs('keras', { weight_decay: null }).weightDecay).toBe(0);
  });

  it('maps TF1 init_ms (an option of the golden format) and TF.js epsilon null', () => {
    expect(configFromFrameworkArgs('tf1', { learning_rate: 0.1 }, { init_ms: 0 }).initialMeanSquare).toBe(0);
    expect(configFromFrameworkArgs('tf1', { learning_rate: 0.1 }).initialMeanSquare).toBe(1);
    expect(configFromFrameworkArgs('tfjs', { learningRate: 0.1, epsilon: null }).eps).toBe(1e-7);
    expect(configFromFrameworkArgs('tfjs', { learningRate: 0.1, epsilon: null }, { backend_epsilon: 1e-4 }).eps).toBe(1e-4);
    expect(configFromFrameworkArgs('tfjs', { learningRate: 0.1, epsilon: 0.5 }, { backend_epsilon: 1e-4 }).eps).toBe(0.5);
  });

  it('maps optax eps_in_sqrt, initial_scale, momentum None and nesterov', () => {
    const c = configFromFrameworkArgs('optax', { learning_rate: 0.1, eps_in_sqrt: false, initial_scale: 1, momentum: 0.9, nesterov: true });
    expect(c).toMatchObject({ epsPlacement: 'outside', initialMeanSquare: 1, momentum: 0.9, nesterov: true, momentumForm: 'optax-trace' });
    expect(configFromFrameworkArgs('optax', { learning_rate: 0.1, momentum: null }).momentum).toBe(0);
  });

  it('ignores numerically inert options and rejects unknown arguments by name', () => {
    expect(() => configFromFrameworkArgs('torch', {}, { foreach: true })).not.toThrow();
    expect(() => configFromFrameworkArgs('torch', { rho: 0.9 })).toThrow(FrameworkArgumentError);
    expect(() => configFromFrameworkArgs('torch', { rho: 0.9 })).toThrow(/torch RMSprop argument rho = 0.9; allowed: an argument of torch's RMSprop: one of lr, alpha/);
    expect(() => configFromFrameworkArgs('torch', { lr: 'big' as unknown as number })).toThrow(/lr = "big"; allowed: a number/);
  });

  it('passes values through spec validation, naming the framework’s argument', () => {
    expect(() => configFromFrameworkArgs('torch', { lr: -1 })).toThrow(/lr = -1/);
    expect(() => configFromFrameworkArgs('keras', { rho: 1.5 })).toThrow(/rho = 1.5/);
    expect(() => configFromFrameworkArgs('torch', { alpha: 2 })).toThrow(/config: alpha = 2; allowed: a number in \[0, 1\]/);
    expect(() => configFromFrameworkArgs('keras', { epsilon: 0 })).toThrow(/config: epsilon = 0; allowed: a finite number > 0/);
    let err: unknown;
    try {
      configFromFrameworkArgs('keras', { epsilon: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidConfigError);
    expect((err as InvalidConfigError).field).toBe('epsilon');
  });

  it('attaches the framework preset and its numerics profile to the spec', () => {
    const spec = fromFrameworkArgs('keras', 'rmsprop', { learning_rate: 0.1 });
    expect(spec.preset?.name).toBe('keras3');
    expect(spec.profile.float32Scalars).toEqual(['lr', 'weightDecay']);
    expect(spec.profile.subnormals).toBe('flush');
  });

  it('suggests the closest argument name for a misspelled one', () => {
    expect(() => configFromFrameworkArgs('torch', { alpah: 0.9 })).toThrow(/alpah = 0.9; allowed: an argument of torch's RMSprop \(did you mean "alpha"\?\)/);
    expect(() => configFromFrameworkArgs('torch', { constructor: 5 })).toThrow(FrameworkArgumentError);
  });

  it('rejects an unknown framework', () => {
    expect(() => configFromFrameworkArgs('flax', {})).toThrow(UnknownFrameworkError);
    expect(() => configFromFrameworkArgs('constructor', {})).toThrow(/unknown framework "constructor" for rmsprop/);
  });
});
