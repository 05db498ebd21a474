import { describe, expect, it } from 'vitest';
import { FrameworkArgumentError, InvalidConfigError } from '@isostep/spec';
import { configFromFrameworkArgs } from './isostep.js';
import { parseArguments, port } from './port.js';

describe('parseArguments', () => {
  it('reads Python keyword arguments and JS object literals', () => {
    expect(parseArguments('torch', 'lr=0.01, alpha=0.9, centered=True, momentum=0')).toEqual({ lr: 0.01, alpha: 0.9, centered: true, momentum: 0 });
    expect(parseArguments('tfjs', "{ learningRate: 1e-3, 'epsilon': null, centered: false }")).toEqual({ learningRate: 0.001, epsilon: null, centered: false });
    expect(parseArguments('keras', 'weight_decay=None')).toEqual({ weight_decay: null });
    expect(parseArguments('torch', '  ')).toEqual({});
  });

  it('names the argument whose value is not a number, boolean or null', () => {
    const e = (() => {
      try {
        parseArguments('torch', 'lr=fast');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(FrameworkArgumentError);
    expect((e as FrameworkArgumentError).argument).toBe('lr');
  });
});

describe('port', () => {
  it('maps through the spec and carries only the arguments each framework has', () => {
    const r = port('torch', 'lr=0.01, alpha=0.99, eps=1e-8, momentum=0.9, centered=True');
    expect(r.preset).toBe('torch');
    expect(r.config).toEqual(configFromFrameworkArgs('torch', { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0.9, centered: true }));
    const caffe = r.targets.find((t) => t.preset === 'caffe')!;
    expect(caffe.notExposed).toEqual(['momentum', 'centered']);
    expect(caffe.config?.momentum).toBe(0);
    const keras = r.targets.find((t) => t.preset === 'keras3')!;
    expect(keras.differences.map((d) => d.field)).toContain('epsPlacement');
    expect(keras.maxUlp).toBeGreaterThan(0);
  });

  it('rejects out-of-range values with the spec’s error and computes nothing', () => {
    expect(() => port('torch', 'alpha=1.5')).toThrow(InvalidConfigError);
    expect(() => port('torch', 'betas=0.9')).toThrow(FrameworkArgumentError);
  });
});
