/** Issue 15 #8, #9 and #16 at `isostep train`'s option parsing: every refusal names the flag. */
import { describe, expect, it } from 'vitest';
import { MAX_PARAMETERS } from '../mlp/layer-sizes.js';
import { MAX_BATCH, TrainOptionError, parseTrainOptions, type RawTrainOptions } from './train-options.js';

const BASE: RawTrainOptions = { data: 'mnist', layers: '784-128-10', optimizer: 'rmsprop', preset: 'torch', epochs: '1', batch: '64', backend: 'cpu', seed: '0' };
const refusal = (change: Partial<RawTrainOptions>): TrainOptionError => {
  try {
    parseTrainOptions({ ...BASE, ...change });
  } catch (e) {
    return e as TrainOptionError;
  }
  throw new Error('expected a refusal');
};

describe('issue 15 #16: numbers are decimals', () => {
  it.each(['0x10', '0b1', '0o7', 'Infinity', ' 0.1', '1_000', '1e', '.', '--1'])('--lr %j is refused naming --lr', (lr) => {
    const e = refusal({ lr });
    expect(e).toBeInstanceOf(TrainOptionError);
    expect(e.option).toBe('--lr');
  });
  it.each(['0.001', '1e-3', '.5', '1.', '+0.1', '2E-4'])('--lr %j is accepted', (lr) => {
    expect(parseTrainOptions({ ...BASE, lr }).overrides.lr).toBe(Number(lr));
  });
});

describe('issue 15 #8: oversized sizes are refused by flag, not by a RangeError', () => {
  it('--batch above the limit, huge --layers, batch × width above the activation limit', () => {
    expect(refusal({ batch: '100000000' }).option).toBe('--batch');
    expect(refusal({ batch: String(MAX_BATCH + 1) }).option).toBe('--batch');
    expect(refusal({ layers: '784-100000000000-10' }).option).toBe('--layers');
    expect(refusal({ layers: '784-100000-100000-10' }).message).toMatch(/parameters, above the limit/);
    expect(refusal({ layers: '784-1048576-10', batch: '65536' }).option).toMatch(/--(batch|layers)/);
    expect(MAX_PARAMETERS).toBeGreaterThan(784 * 128);
  });
});

describe('issue 15 #9: training steps in float32, so the config is checked there', () => {
  it('--eps 1e-50 (0 in float32) and --lr 1e300 (Infinity) are refused naming the flag', () => {
    expect(refusal({ eps: '1e-50' })).toMatchObject({ option: '--eps' });
    expect(refusal({ lr: '1e300' })).toMatchObject({ option: '--lr' });
  });
});
