/**
 * Issue 15's defects at the spec's entry points (config, framework arguments, dtype, step options, the
 * non-finite guard). Each test names the numbered defect it pins down.
 */
import { describe, expect, it } from 'vitest';
import {
  FrameworkArgumentError,
  InvalidConfigError,
  NonFiniteGradientError,
  RMSPROP_RULES,
  UnknownFrameworkError,
  checkConfigInDtype,
  checkDtype,
  checkFiniteGradients,
  checkSlotValues,
  checkStepOptions,
  customOptimizer,
  fromFrameworkArgs,
  fromPreset,
  getOptimizer,
  getPreset,
  presetConfig,
  type RmspropConfig,
} from '../src/index.js';

const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('issue 15 #1: unknown config keys are rejected on every config path, with a suggestion', () => {
  it('fromPreset, presetConfig and customOptimizer refuse lr_rate naming it and suggesting lr', () => {
    const typo = { lr_rate: 0.5 } as unknown as Partial<RmspropConfig>;
    for (const make of [
      () => fromPreset('rmsprop', 'torch', typo),
      () => presetConfig('torch', typo),
      () => customOptimizer('rmsprop', { ...getPreset('rmsprop', 'torch').defaults, ...typo }, getPreset('rmsprop', 'torch').profile),
    ]) {
      const e = caught(make) as InvalidConfigError;
      expect(e).toBeInstanceOf(InvalidConfigError);
      expect(e.field).toBe('lr_rate');
      expect(e.message).toContain('did you mean "lr"?');
    }
  });
});

describe('issue 15 #7 / #12: framework arguments are named as the user typed them; prototype keys are not arguments', () => {
  it('keras epsilon = 0 names epsilon, not eps', () => {
    const e = caught(() => fromFrameworkArgs('keras', 'rmsprop', { epsilon: 0 })) as InvalidConfigError;
    expect(e.field).toBe('epsilon');
    expect(e.message).not.toMatch(/\beps =/);
  });

  it('toString / constructor / __proto__ are unknown arguments, frameworks and presets', () => {
    for (const key of ['toString', 'constructor', 'hasOwnProperty']) {
      const e = caught(() => fromFrameworkArgs('torch', 'rmsprop', { [key]: 5 })) as FrameworkArgumentError;
      expect(e).toBeInstanceOf(FrameworkArgumentError);
      expect(e.argument).toBe(key);
      expect(caught(() => fromFrameworkArgs(key, 'rmsprop', {}))).toBeInstanceOf(UnknownFrameworkError);
      expect((caught(() => fromFrameworkArgs(key, 'rmsprop', {})) as Error).message).not.toContain('native code');
    }
    expect(caught(() => fromFrameworkArgs('torch', 'rmsprop', JSON.parse('{"__proto__": {"lr": 5}}')))).toBeInstanceOf(FrameworkArgumentError);
  });

  it('refuses arguments that are not an object, and one argument given twice', () => {
    expect(caught(() => fromFrameworkArgs('torch', 'rmsprop', null as never))).toBeInstanceOf(FrameworkArgumentError);
    expect(caught(() => fromFrameworkArgs('torch', 'rmsprop', {}, [] as never))).toBeInstanceOf(FrameworkArgumentError);
    const twice = caught(() => fromFrameworkArgs('tf1', 'rmsprop', { learning_rate: 0.1 }, { learning_rate: 0.2 })) as FrameworkArgumentError;
    expect(twice.argument).toBe('learning_rate');
  });
});

describe('issue 15 #9: range checks know the dtype', () => {
  it('eps 1e-50 is 0 in float32 and lr 1e300 is Infinity: refused in float32, accepted in float64', () => {
    const tiny = fromPreset('rmsprop', 'torch', { eps: 1e-50 });
    const e = caught(() => checkConfigInDtype(tiny, 'float32')) as InvalidConfigError;
    expect(e).toBeInstanceOf(InvalidConfigError);
    expect(e.field).toBe('eps');
    expect(e.message).toMatch(/eps = 1e-50; allowed: a finite number > 0 in float32 \(1e-50 is 0 in float32/);
    expect(() => checkConfigInDtype(tiny, 'float64')).not.toThrow();
    const huge = fromPreset('rmsprop', 'torch', { lr: 1e300 });
    expect((caught(() => checkConfigInDtype(huge, 'float32')) as InvalidConfigError).field).toBe('lr');
  });

  it('names the framework argument when the spec came from framework arguments', () => {
    const spec = fromFrameworkArgs('keras', 'rmsprop', { epsilon: 1e-50 });
    expect((caught(() => checkConfigInDtype(spec, 'float32')) as InvalidConfigError).field).toBe('epsilon');
  });

  it("knows a framework's float32-held scalars even in float64 (Keras 3 keeps learning_rate in float32)", () => {
    const spec = fromFrameworkArgs('keras', 'rmsprop', { learning_rate: 1e300 });
    expect((caught(() => checkConfigInDtype(spec, 'float64')) as InvalidConfigError).field).toBe('learning_rate');
  });
});

describe('issue 15 #10: dtype is validated', () => {
  it('float16, a missing dtype and a prototype key are refused with a suggestion', () => {
    expect((caught(() => checkDtype('float16')) as Error).message).toMatch(/dtype = "float16"; allowed: 'float32' or 'float64' \(did you mean "float32"\?\)/);
    expect(caught(() => checkDtype(undefined))).toBeInstanceOf(InvalidConfigError);
    expect(caught(() => checkDtype('constructor'))).toBeInstanceOf(InvalidConfigError);
    expect(checkDtype('float64')).toBe('float64');
  });
});

describe('issue 15 #14: momentum range decided once: [0, 1], as Keras accepts 1', () => {
  it('the validator, the rule text and the docs agree', () => {
    expect(fromPreset('rmsprop', 'torch', { momentum: 1 }).config).toMatchObject({ momentum: 1 });
    expect(() => fromPreset('rmsprop', 'torch', { momentum: 1.0000001 })).toThrow(/momentum = 1.0000001; allowed: a number in \[0, 1\]/);
    expect(RMSPROP_RULES.momentum).toMatchObject({ kind: 'number', min: 0, max: 1, allowed: 'a number in [0, 1]' });
    expect(RMSPROP_RULES.momentum).not.toHaveProperty('maxOpen', true);
  });
});

describe('step options and the non-finite guard (one check for every backend)', () => {
  const spec = fromPreset('rmsprop', 'torch');
  it('refuses unknown keys with a suggestion, and lr that is infinite in the dtype', () => {
    expect((caught(() => checkStepOptions(spec, 'float32', { lrr: 0.1 })) as InvalidConfigError).field).toBe('options.lrr');
    expect((caught(() => checkStepOptions(spec, 'float32', { lrr: 0.1 })) as Error).message).toContain('did you mean "lr"?');
    expect((caught(() => checkStepOptions(spec, 'float32', { lr: 1e300 })) as InvalidConfigError).field).toBe('options.lr');
    expect(checkStepOptions(spec, 'float64', { lr: 1e300 }).lr).toBe(1e300);
    expect((caught(() => checkStepOptions(spec, 'float32', { rejectNonFinite: 1 })) as InvalidConfigError).field).toBe('options.rejectNonFinite');
    expect(checkStepOptions(spec, 'float32', undefined)).toEqual({ lr: 0.01, rejectNonFinite: false });
  });

  it('names the tensor and the first non-finite index', () => {
    const e = caught(() => checkFiniteGradients([['w', new Float32Array([1, 2])], ['b', new Float32Array([0, Number.NaN, Infinity])]])) as NonFiniteGradientError;
    expect(e).toBeInstanceOf(NonFiniteGradientError);
    expect([e.tensor, e.index]).toEqual(['grads["b"]', 1]);
    expect(() => checkFiniteGradients([['w', new Float64Array([Number.MAX_VALUE, -0])]])).not.toThrow();
  });

  it('slot domains come from the descriptor', () => {
    const d = getOptimizer('rmsprop');
    expect(checkSlotValues(d, 'meanSquare', [0, Number.NaN, Infinity, -0])).toBeNull();
    expect(checkSlotValues(d, 'meanSquare', [0, -1])?.index).toBe(1);
    expect(checkSlotValues(d, 'momentum', [-1])).toBeNull();
  });
});
