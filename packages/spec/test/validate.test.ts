import { describe, expect, it } from 'vitest';
import { InvalidConfigError, IsostepError, UnknownPresetError, presetConfig, rmspropPreset as getPreset, validateConfig, type RmspropConfig } from '../src/index.js';

const good = getPreset('torch').defaults;

describe('validateConfig', () => {
  const bad: [keyof RmspropConfig, unknown, string][] = [
    ['lr', Number.NaN, 'lr = NaN; allowed: a finite number >= 0'],
    ['lr', -0.01, 'lr = -0.01; allowed: a finite number >= 0'],
    ['lr', Infinity, 'lr = Infinity; allowed: a finite number >= 0'],
    ['lr', -Infinity, 'lr = -Infinity'],
    ['lr', '0.01', 'lr = "0.01"'],
    ['rho', 1.0000001, 'rho = 1.0000001; allowed: a number in [0, 1]'],
    ['rho', -0.1, 'rho = -0.1; allowed: a number in [0, 1]'],
    ['rho', Number.NaN, 'rho = NaN'],
    ['eps', 0, 'eps = 0; allowed: a finite number > 0'],
    ['eps', -1e-8, 'eps = -1e-8'],
    ['eps', Number.NaN, 'eps = NaN'],
    ['eps', Infinity, 'eps = Infinity'],
    ['momentum', 1.5, 'momentum = 1.5; allowed: a number in [0, 1]'],
    ['momentum', Number.NaN, 'momentum = NaN'],
    ['weightDecay', -1, 'weightDecay = -1'],
    ['initialMeanSquare', -1, 'initialMeanSquare = -1'],
    ['initialMeanSquare', Infinity, 'initialMeanSquare = Infinity'],
    ['centered', 1, "centered = 1; allowed: true or false"],
    ['epsPlacement', 'under', `epsPlacement = "under"; allowed: one of 'outside', 'inside', 'inside-subtracted'`],
    ['momentumForm', 'tf', 'momentumForm = "tf"'],
    ['meanSquareForm', undefined, 'meanSquareForm = undefined'],
  ];
  it.each(bad)('rejects %s = %s naming the field, the value and the allowed range', (field, value, message) => {
    const cfg = { ...good, [field]: value } as RmspropConfig;
    let err: unknown;
    try {
      validateConfig(cfg);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidConfigError);
    expect(IsostepError.isInstance(err)).toBe(true);
    expect((err as InvalidConfigError).field).toBe(field);
    expect((err as Error).message).toContain(message);
  });

  it('rejects a weight decay that its mode would ignore, and nesterov outside optax’s trace', () => {
    expect(() => validateConfig({ ...good, weightDecayMode: 'none', weightDecay: 0.1 })).toThrow(/weightDecay = 0.1/);
    expect(() => validateConfig({ ...good, nesterov: true })).toThrow(/nesterov = true.*optax-trace/);
  });

  it('accepts the boundaries of every range', () => {
    for (const over of [{ lr: 0 }, { rho: 0 }, { rho: 1 }, { momentum: 1 }, { eps: Number.MIN_VALUE }]) {
      expect(() => validateConfig({ ...good, ...over })).not.toThrow();
    }
  });

  it('rejects unknown keys of a full config', () => {
    expect(() => validateConfig({ ...good, alpah: 0.9 } as RmspropConfig)).toThrow(/alpah = 0.9; allowed: no such field/);
  });

  it('returns a frozen copy', () => {
    const v = validateConfig({ ...good });
    expect(Object.isFrozen(v)).toBe(true);
  });
});

describe('presets', () => {
  it('every preset is a valid config, with a profile and slot names for every slot', () => {
    for (const name of ['torch', 'keras3', 'tf1', 'tfjs', 'optax', 'timm-tf', 'caffe', 'mxnet', 'mxnet-graves', 'lasagne', 'textbook', 'tutorial']) {
      const p = getPreset(name);
      expect(() => validateConfig(p.defaults)).not.toThrow();
      expect(Object.keys(p.slotNames).sort()).toEqual(['meanGrad', 'meanSquare', 'momentum']);
    }
  });

  it('records the framework defaults from the research table', () => {
    expect(getPreset('torch').defaults).toMatchObject({ lr: 0.01, rho: 0.99, eps: 1e-8, epsPlacement: 'outside', momentumForm: 'lr-outside' });
    expect(getPreset('keras3').defaults).toMatchObject({ lr: 0.001, rho: 0.9, eps: 1e-7, epsPlacement: 'inside', momentumForm: 'lr-inside' });
    expect(getPreset('tf1').defaults).toMatchObject({ eps: 1e-10, initialMeanSquare: 1, meanSquareForm: 'increment', oneMinusRhoInDtype: true });
    expect(getPreset('tfjs').defaults).toMatchObject({ eps: 1e-7, epsPlacement: 'inside-subtracted', alwaysAllocateMomentum: true });
    expect(getPreset('lasagne').defaults).toMatchObject({ lr: 1, eps: 1e-6 });
    expect(getPreset('textbook').defaults).toMatchObject({ rho: 0.99, eps: 1e-7, epsPlacement: 'outside' });
    expect(getPreset('tutorial').defaults).toMatchObject({ eps: 1e-10, epsPlacement: 'inside' });
  });

  it('presets whose framework cannot run here name the source file they were derived from', () => {
    for (const name of ['timm-tf', 'caffe', 'mxnet', 'mxnet-graves', 'lasagne']) {
      const prov = getPreset(name).provenance;
      expect(prov.kind).toBe('source');
      if (prov.kind === 'source') expect(prov.file.length).toBeGreaterThan(5);
    }
  });

  it('maps each framework’s own argument names: torch alpha = Keras rho = TF decay', () => {
    expect(getPreset('torch').args.rho).toBe('alpha');
    expect(getPreset('keras3').args.rho).toBe('rho');
    expect(getPreset('tf1').args.rho).toBe('decay');
    expect(getPreset('tfjs').args.rho).toBe('decay');
  });

  it('rejects an unknown preset with the list of known ones', () => {
    expect(() => getPreset('pytorch')).toThrow(UnknownPresetError);
    expect(() => presetConfig('pytorch')).toThrow(/unknown rmsprop preset "pytorch"; known presets: torch, keras3/);
  });

  it('validates overrides', () => {
    expect(presetConfig('torch', { lr: 0.5 }).lr).toBe(0.5);
    expect(() => presetConfig('torch', { rho: 2 })).toThrow(/rho = 2/);
  });

  it('rejects an unknown override key instead of ignoring it, with a suggestion', () => {
    const typo = { lr_rate: 0.5 } as unknown as Partial<RmspropConfig>;
    expect(() => presetConfig('torch', typo)).toThrow(InvalidConfigError);
    expect(() => presetConfig('torch', typo)).toThrow(/lr_rate = 0.5; allowed: no such field \(did you mean "lr"\?\)/);
    expect(() => presetConfig('torch', { toString: 5 } as unknown as Partial<RmspropConfig>)).toThrow(/toString = 5; allowed: no such field/);
  });
});
