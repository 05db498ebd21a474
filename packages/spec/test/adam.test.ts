/**
 * Adam and AdamW as spec modules: registration, presets, validation as strict as RMSprop's, the framework
 * argument tables (torch's `betas` pair, TF1's raw op, optax's alias), and the βᵗ helpers the scalars use.
 */
import { describe, expect, it } from 'vitest';
import {
  ADAM,
  ADAMW,
  ADAM_PRESETS,
  ADAMW_PRESETS,
  FrameworkArgumentError,
  InvalidConfigError,
  adam,
  adamw,
  betaPowerProduct,
  exactArith,
  fromFrameworkArgs,
  fromPreset,
  optimizerNames,
  type AdamConfig,
} from '../src/index.js';
import { powFloat64 } from '../src/numerics/exact-pow.js';

describe('registry', () => {
  it('knows adam and adamw, with their presets', () => {
    expect(optimizerNames()).toEqual(expect.arrayContaining(['adam', 'adamw']));
    expect(Object.keys(ADAM.presets)).toEqual(['torch', 'keras3', 'tf1', 'tfjs', 'optax']);
    // TF1 has no AdamW op and TF.js no AdamW.
    expect(Object.keys(ADAMW.presets)).toEqual(['torch', 'keras3', 'optax']);
    expect(Object.keys(ADAMW.frameworks)).toEqual(['torch', 'keras', 'optax']);
  });

  it('every preset validates with its own profile and is golden', () => {
    for (const p of [...Object.values(ADAM_PRESETS), ...Object.values(ADAMW_PRESETS)]) {
      const spec = fromPreset(p.optimizer, p.name);
      expect(spec.program.slots).toEqual(['firstMoment', 'secondMoment']);
      expect(p.provenance.kind).toBe('golden');
    }
  });

  it('amsgrad allocates the maximum slot', () => {
    expect(adam('torch', { amsgrad: true }).program.slots).toEqual(['firstMoment', 'secondMoment', 'maxSecondMoment']);
  });
});

describe('validation', () => {
  const bad: [string, object, string][] = [
    ['NaN lr', { lr: NaN }, 'lr'],
    ['β1 = 1', { beta1: 1 }, 'beta1'],
    ['negative β2', { beta2: -0.1 }, 'beta2'],
    ['eps 0', { eps: 0 }, 'eps'],
    ['unknown key', { betas: [0.9, 0.999] }, 'betas'],
    ['weight decay without a mode', { weightDecay: 0.1, weightDecayMode: 'none' }, 'weightDecay'],
    ['bad mode', { weightDecayMode: 'l2' }, 'weightDecayMode'],
  ];
  it.each(bad)('%s is rejected naming the field', (_, overrides, field) => {
    expect(() => fromPreset('adam', 'tfjs', overrides)).toThrow(InvalidConfigError);
    expect(() => fromPreset('adam', 'tfjs', overrides)).toThrow(field);
  });

  it('ε-hat has no v̂: amsgrad of v̂, optax nesterov and eps_root need ε corrected', () => {
    expect(() => adam('keras3', { amsgrad: true, amsgradMaximum: 'corrected' })).toThrow('amsgradMaximum');
    expect(() => adam('tf1', { nesterov: true, nesterovForm: 'optax' })).toThrow('nesterovForm');
    expect(() => adam('tf1', { epsRoot: 1e-8 })).toThrow('epsRoot');
  });

  it('AdamW requires a decoupled decay', () => {
    expect(() => adamw('torch', { weightDecayMode: 'coupled' })).toThrow(/AdamW decouples/);
    expect(adamw('optax').config.weightDecayMode).toBe('decoupled-update');
  });
});

const cfg = (s: { config: unknown }) => s.config as AdamConfig;

describe('framework arguments', () => {
  it('torch betas is a pair; decoupled_weight_decay selects torch’s AdamW form', () => {
    const s = fromFrameworkArgs('torch', 'adam', { lr: 0.01, betas: [0.8, 0.99], weight_decay: 0.1, decoupled_weight_decay: true }, { foreach: false });
    expect([cfg(s).beta1, cfg(s).beta2]).toEqual([0.8, 0.99]);
    expect(cfg(s).weightDecayMode).toBe('decoupled-scale');
    expect(() => fromFrameworkArgs('torch', 'adam', { betas: 0.9 })).toThrow(FrameworkArgumentError);
    expect(() => fromFrameworkArgs('torch', 'adam', { betas: [0.9] })).toThrow('pair');
  });

  it('TF1 names its raw op; optax its alias; TF.js epsilon null is the backend epsilon', () => {
    expect(cfg(fromFrameworkArgs('tf1', 'adam', {}, { op: 'ApplyAdamWithAmsgrad' })).amsgrad).toBe(true);
    const optax = cfg(fromFrameworkArgs('optax', 'adam', { learning_rate: 0.1 }, { alias: 'amsgrad' }));
    expect([optax.amsgrad, optax.amsgradMaximum]).toEqual([true, 'corrected']);
    expect(cfg(fromFrameworkArgs('tfjs', 'adam', { epsilon: null })).eps).toBe(1e-7);
    expect(() => fromFrameworkArgs('tfjs', 'adam', { amsgrad: true })).toThrow(FrameworkArgumentError);
  });

  it('framework defaults differ: eps and weight decay', () => {
    expect(cfg(fromFrameworkArgs('keras', 'adam', {})).eps).toBe(1e-7);
    expect(cfg(fromFrameworkArgs('torch', 'adam', {})).eps).toBe(1e-8);
    expect(cfg(fromFrameworkArgs('torch', 'adamw', {})).weightDecay).toBe(1e-2);
    expect(cfg(fromFrameworkArgs('keras', 'adamw', {})).weightDecay).toBe(0.004);
    expect(cfg(fromFrameworkArgs('optax', 'adamw', { learning_rate: 1e-3 })).weightDecay).toBe(1e-4);
  });
});

describe('βᵗ', () => {
  it('powFloat64 is correctly rounded where JavaScript’s ** is not (Python: 0.9 ** 4.0 = 0.6561, V8: 0.6561000000000001)', () => {
    expect(powFloat64(0.9, 4)).toBe(0.6561);
    expect(0.9 ** 4).not.toBe(0.6561);
    expect(powFloat64(0.999, 3)).toBe(0.997002999);
  });

  it('the running float32 product (TF1, TF.js) is not pow', () => {
    const A = exactArith('float32');
    const beta = A.const(0.999);
    const differs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((t) => betaPowerProduct(A, beta, t) !== A.pow(beta, t));
    expect(differs.length).toBeGreaterThan(0);
    expect(betaPowerProduct(A, beta, 1)).toBe(beta);
  });
});

describe('ε placement', () => {
  it('ε-hat (Keras) and ε after the correction (TF.js) move the first step differently with ε = 0.1', () => {
    const step = (spec: ReturnType<typeof adam>) => {
      const A = exactArith('float32');
      const s = spec.program.scalars(A, spec.config.lr, 1);
      const e = { p: 1, g: 0.5, firstMoment: 0, secondMoment: 0 } as Record<string, number>;
      spec.program.element(A, s, e as never);
      return e.p!;
    };
    const keras = step(adam('keras3', { eps: 0.1, lr: 0.1 }));
    const tfjs = step(adam('tfjs', { eps: 0.1, lr: 0.1 }));
    // corrected: 0.1·0.5/(0.5 + 0.1); ε-hat: 0.1·0.5/(0.5 + 0.1·√0.001⁻¹·…) — far smaller.
    expect(1 - tfjs).toBeCloseTo(0.1 * 0.5 / 0.6, 6);
    expect(1 - keras).toBeLessThan(0.1 * 0.5 / 0.6 / 2);
  });
});
