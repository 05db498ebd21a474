/**
 * SGD (with momentum), Adagrad and Adadelta: validation (shared field rules + each optimizer's cross-field
 * rules), presets as data, and each framework's own argument names.
 */
import { describe, expect, it } from 'vitest';
import {
  ADADELTA,
  ADAGRAD,
  FrameworkArgumentError,
  InvalidConfigError,
  SGD,
  exactArith,
  fromFrameworkArgs,
  fromPreset,
  getOptimizer,
  optimizerNames,
  type AdadeltaConfig,
  type AdagradConfig,
  type ElementValues,
  type SgdConfig,
} from '../src/index.js';

const DESCRIPTORS = [SGD, ADAGRAD, ADADELTA];
const FRAMEWORKS = ['torch', 'keras', 'tf1', 'tfjs', 'optax'];

describe('registry', () => {
  it('registers sgd, adagrad and adadelta', () => {
    expect(optimizerNames()).toEqual(expect.arrayContaining(['sgd', 'adagrad', 'adadelta']));
    for (const d of DESCRIPTORS) expect(getOptimizer(d.name)).toBe(d);
  });
});

describe.each(DESCRIPTORS)('$title presets', (d) => {
  it('has a golden preset for every framework, each valid with its own profile', () => {
    expect(Object.keys(d.presets)).toEqual(['torch', 'keras3', 'tf1', 'tfjs', 'optax']);
    for (const p of Object.values(d.presets)) {
      expect(p.optimizer).toBe(d.name);
      expect(p.provenance.kind).toBe('golden');
      expect(() => d.validate(p.defaults)).not.toThrow();
      expect(() => d.validateProfile(p.profile)).not.toThrow();
      // every spec field named in args is a config key; every slot has a framework name
      for (const field of Object.keys(p.args)) expect(d.configKeys).toContain(field);
      expect(Object.keys(p.slotNames).sort()).toEqual([...d.slotOrder].sort());
      expect(p.notes.length).toBeGreaterThan(0);
    }
  });

  it('maps every framework onto its preset, missing arguments meaning its defaults', () => {
    for (const fw of FRAMEWORKS) {
      const binding = d.frameworks[fw]!;
      expect(d.presets[binding.preset]).toBeDefined();
    }
  });

  it('rejects unknown keys, NaN and out-of-range values by name', () => {
    const base = d.presets.torch!.defaults;
    expect(() => d.validate({ ...base, learning_rate: 0.1 })).toThrow(/learning_rate = 0.1; allowed: no such field/);
    expect(() => d.validate({ ...base, lr: Number.NaN })).toThrow(InvalidConfigError);
    expect(() => d.validate({ ...base, lr: -1 })).toThrow(/lr = -1/);
    expect(() => d.validate({ ...base, weightDecayMode: 'l2' })).toThrow(/weightDecayMode/);
    expect(() => d.validate(null)).toThrow(InvalidConfigError);
    expect(() => fromPreset(d.name, 'torch', { weightDecayMode: 'none', weightDecay: 0.1 })).toThrow(/weightDecay = 0.1/);
  });

  it('rejects a profile without its op-order fields', () => {
    expect(() => d.validateProfile({ ...d.presets.torch!.profile, fused: {} })).toThrow(/profile\.fused/);
  });
});

describe('SGD', () => {
  const cfg = (fw: string, hp: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    fromFrameworkArgs(fw, 'sgd', hp, options).config as SgdConfig;

  it('has each framework’s defaults and forms', () => {
    expect(SGD.presets.torch!.defaults).toMatchObject({ lr: 1e-3, firstBuffer: 'gradient', weightDecayMode: 'coupled', momentumForm: 'lr-outside' });
    expect(SGD.presets.keras3!.defaults).toMatchObject({ lr: 0.01, momentumForm: 'velocity', weightDecayMode: 'decoupled' });
    expect(SGD.presets.keras3!.profile.float32Scalars).toEqual(['lr', 'weightDecay', 'momentum']);
    expect(SGD.presets.tf1!.profile.nesterovLr).toBe('distributed');
    expect(SGD.presets.torch!.profile.fused).toEqual({ weightDecay: true, momentumBuffer: true, nesterov: true, apply: true });
  });

  it('maps momentum to the momentum optimizer (buffer always allocated) in TF1, TF.js and optax', () => {
    expect(cfg('tf1', { learning_rate: 0.1 }).alwaysAllocateMomentum).toBe(false);
    expect(cfg('tf1', { learning_rate: 0.1, momentum: 0 })).toMatchObject({ momentum: 0, alwaysAllocateMomentum: true });
    expect(fromFrameworkArgs('tfjs', 'sgd', { learningRate: 0.1, momentum: 0 }).program.slots).toEqual(['momentum']);
    expect(fromFrameworkArgs('tfjs', 'sgd', { learningRate: 0.1 }).program.slots).toEqual([]);
    expect(fromFrameworkArgs('optax', 'sgd', { learning_rate: 0.1, momentum: null }).program.slots).toEqual([]);
    expect(fromFrameworkArgs('torch', 'sgd', { lr: 0.1, momentum: 0 }).program.slots).toEqual([]);
    expect(cfg('tfjs', { learningRate: 0.1, momentum: 0.9, useNesterov: true })).toMatchObject({ nesterov: true, momentum: 0.9 });
  });

  it('enforces torch’s nesterov rule on torch arguments, and dampening only with lr outside', () => {
    expect(() => cfg('torch', { lr: 0.1, nesterov: true })).toThrow(FrameworkArgumentError);
    expect(() => cfg('torch', { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/zero dampening/);
    expect(cfg('torch', { lr: 0.1, momentum: 0.9, nesterov: true }).nesterov).toBe(true);
    expect(() => fromPreset('sgd', 'keras3', { dampening: 0.5 })).toThrow(/dampening = 0.5/);
    expect(() => fromPreset('sgd', 'keras3', { firstBuffer: 'gradient' })).toThrow(/firstBuffer/);
    expect(cfg('keras', { learning_rate: 0.1, weight_decay: null }).weightDecay).toBe(0);
  });

  it('torch’s first buffer is the gradient (dampening not applied), then b ← μ·b + (1−d)·g', () => {
    const spec = fromFrameworkArgs('torch', 'sgd', { lr: 0.5, momentum: 0.5, dampening: 0.5 });
    const A = exactArith('float32');
    const e: ElementValues<number> = { p: 1, g: 2, momentum: 0 };
    spec.program.element(A, spec.program.scalars(A, 0.5, 1), e);
    expect(e.momentum).toBe(2);
    expect(e.p).toBe(0);
    e.g = 2;
    spec.program.element(A, spec.program.scalars(A, 0.5, 2), e);
    expect(e.momentum).toBe(2); // 0.5·2 + 0.5·2
    expect(e.p).toBe(-1);
  });
});

describe('Adagrad', () => {
  const cfg = (fw: string, hp: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    fromFrameworkArgs(fw, 'adagrad', hp, options).config as AdagradConfig;

  it('has each framework’s accumulator start and eps placement', () => {
    expect(cfg('torch', {})).toMatchObject({ initialAccumulator: 0, eps: 1e-10, epsPlacement: 'outside', lr: 0.01 });
    expect(cfg('keras', {})).toMatchObject({ initialAccumulator: 0.1, eps: 1e-7, epsPlacement: 'inside', lr: 1e-3 });
    expect(cfg('tf1', { learning_rate: 0.1 })).toMatchObject({ initialAccumulator: 0.1, eps: 0, epsPlacement: 'none' });
    expect(cfg('tf1', { learning_rate: 0.1, epsilon: 0.1 })).toMatchObject({ eps: 0.1, epsPlacement: 'outside' });
    expect(cfg('tfjs', { learningRate: 0.1 }, { backend_epsilon: 1e-4 })).toMatchObject({ eps: 1e-4, epsPlacement: 'inside' });
    expect(cfg('optax', { learning_rate: 0.1, initial_accumulator_value: 0 }).initialAccumulator).toBe(0);
    expect(fromFrameworkArgs('keras', 'adagrad', {}).program.initialValue('accumulator')).toBe(0.1);
  });

  it('rejects an eps without a placement, and torch lr_decay divides the lr per step', () => {
    expect(() => fromPreset('adagrad', 'tf1', { eps: 1e-7 })).toThrow(/eps = 1e-7/);
    const spec = fromFrameworkArgs('torch', 'adagrad', { lr: 0.1, lr_decay: 0.5 });
    const A = exactArith('float64');
    expect(spec.program.scalars(A, 0.1, 1).lr).toBe(0.1);
    expect(spec.program.scalars(A, 0.1, 3).lr).toBe(0.1 / 2);
  });

  it('TF1 ApplyAdagrad has no eps: accumulator 0 and g = 0 give 0·∞ = NaN', () => {
    const spec = fromFrameworkArgs('tf1', 'adagrad', { learning_rate: 0.1, initial_accumulator_value: 0 });
    const A = exactArith('float32');
    const e: ElementValues<number> = { p: 1, g: 0, accumulator: 0 };
    spec.program.element(A, spec.program.scalars(A, 0.1, 1), e);
    expect(e.p).toBeNaN();
  });
});

describe('Adadelta', () => {
  const cfg = (fw: string, hp: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    fromFrameworkArgs(fw, 'adadelta', hp, options).config as AdadeltaConfig;

  it('has each framework’s defaults: torch lr 1, rho 0.9; Keras/TF1/TF.js lr 1e-3, rho 0.95', () => {
    expect(cfg('torch', {})).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(cfg('keras', {})).toMatchObject({ lr: 1e-3, rho: 0.95, eps: 1e-7 });
    expect(cfg('tf1', {})).toMatchObject({ lr: 1e-3, rho: 0.95, eps: 1e-8, oneMinusRhoInDtype: true });
    expect(cfg('tfjs', {})).toMatchObject({ lr: 1e-3, rho: 0.95, eps: 1e-7, denominator: 'previous' });
    expect(cfg('tfjs', { epsilon: null }, { backend_epsilon: 1e-4 }).eps).toBe(1e-4);
  });

  it('optax learning_rate=None climbs the gradient: p ← p + δ', () => {
    expect(cfg('optax', {})).toMatchObject({ scaleByLearningRate: false, weightDecayMode: 'coupled' });
    expect(cfg('optax', { learning_rate: null }).scaleByLearningRate).toBe(false);
    expect(cfg('optax', { learning_rate: 0.5 })).toMatchObject({ lr: 0.5, scaleByLearningRate: true });
    const spec = fromFrameworkArgs('optax', 'adadelta', {});
    const A = exactArith('float32');
    const e: ElementValues<number> = { p: 0, g: 0.5, gradSquareAvg: 0, deltaSquareAvg: 0 };
    spec.program.element(A, spec.program.scalars(A, spec.config.lr, 1), e);
    expect(e.p).toBeGreaterThan(0);
    expect(() => fromPreset('adadelta', 'optax', { weightDecay: 0.1, weightDecayMode: 'decoupled' })).toThrow(/weightDecayMode/);
  });

  it('TF.js divides by the previous mean square: its first step is exactly p − lr·g', () => {
    const spec = fromFrameworkArgs('tfjs', 'adadelta', { learningRate: 1 });
    const A = exactArith('float32');
    const e: ElementValues<number> = { p: 1, g: 1, gradSquareAvg: 0, deltaSquareAvg: 0 };
    spec.program.element(A, spec.program.scalars(A, 1, 1), e);
    expect(e.p).toBe(0);
  });
});
