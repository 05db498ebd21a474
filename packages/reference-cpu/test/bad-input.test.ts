import {
  InvalidConfigError,
  IsostepError,
  presetConfig,
  rmsprop,
  type Dtype,
  type NamedTensors,
  type OptimizerSpec,
  type OptimizerState,
  type PresetName,
} from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { ReferenceOptimizer } from '../src/index.js';

function setup(preset: PresetName = 'torch', overrides = { centered: true, momentum: 0.9 }) {
  const opt = new ReferenceOptimizer(rmsprop(preset, overrides), { dtype: 'float32' });
  const params = new Map([
    ['w', Float32Array.from([0.5, -1.25, 3])],
    ['b', Float32Array.from([0.1])],
  ]);
  const grads = new Map([
    ['w', Float32Array.from([0.2, -0.4, 1])],
    ['b', Float32Array.from([0.3])],
  ]);
  const state = opt.init(params);
  // one real step so state is not all zeros
  opt.step(params, grads, state);
  return { opt, params, grads, state };
}

/** Every bit of params and state, to prove a failed step touched nothing. */
function snapshot(params: NamedTensors, state: OptimizerState): string {
  const parts: string[] = [`step=${state.step}`];
  for (const [n, p] of params) parts.push(n, Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex'));
  for (const [n, slots] of state.tensors) {
    for (const [s, t] of Object.entries(slots)) parts.push(`${n}.${s}`, Buffer.from(t!.buffer, t!.byteOffset, t!.byteLength).toString('hex'));
  }
  return parts.join('|');
}

describe('a step either applies completely or throws before touching params or state', () => {
  type Case = [string, (s: ReturnType<typeof setup>) => void, RegExp];
  const cases: Case[] = [
    ['NaN lr', (s) => s.opt.step(s.params, s.grads, s.state, { lr: Number.NaN }), /invalid RMSprop config: options\.lr = NaN; allowed: a finite number >= 0/],
    ['negative lr', (s) => s.opt.step(s.params, s.grads, s.state, { lr: -0.1 }), /options\.lr = -0\.1/],
    ['infinite lr', (s) => s.opt.step(s.params, s.grads, s.state, { lr: Infinity }), /options\.lr = Infinity/],
    ['gradient shorter than its param (the last param)', (s) => s.opt.step(s.params, new Map([...s.grads, ['b', new Float32Array(2)]]), s.state), /grads\["b"\]: expected Float32Array\(1\), got Float32Array\(2\)/],
    ['missing gradient', (s) => s.opt.step(s.params, new Map([['w', s.grads.get('w')!]]), s.state), /grads\["b"\]: expected Float32Array\(1\), got nothing/],
    ['gradient for an unknown param', (s) => s.opt.step(s.params, new Map([...s.grads, ['z', new Float32Array(1)]]), s.state), /grads\["z"\]/],
    ['float64 gradient for a float32 model', (s) => s.opt.step(s.params, new Map<string, Float32Array | Float64Array>([...s.grads, ['b', new Float64Array(1)]]), s.state), /grads\["b"\]: expected Float32Array\(1\), got Float64Array\(1\)/],
    ['state from a config with other slots', (s) => s.opt.step(s.params, s.grads, { ...s.state, slots: ['meanSquare'] }), /state\.slots: expected \[meanSquare, meanGrad, momentum\]/],
    ['state slot of the wrong length', (s) => {
      const bad = new Map(s.state.tensors);
      bad.set('b', { ...bad.get('b')!, momentum: new Float32Array(3) });
      s.opt.step(s.params, s.grads, { ...s.state, tensors: bad });
    }, /state\.tensors\["b"\]\.momentum: expected Float32Array\(1\), got Float32Array\(3\)/],
    ['state version from the future', (s) => s.opt.step(s.params, s.grads, { ...s.state, version: 2 as 1 }), /state\.version/],
  ];
  it.each(cases)('%s', (_name, act, message) => {
    const s = setup();
    const before = snapshot(s.params, s.state);
    let err: unknown;
    try {
      act(s);
    } catch (e) {
      err = e;
    }
    expect(IsostepError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
    expect(snapshot(s.params, s.state)).toBe(before);
  });
});

describe('bad configs are rejected with the spec’s error', () => {
  const cases = [
    ['lr', Number.NaN],
    ['lr', -1],
    ['rho', 1.5],
    ['rho', -0.5],
    ['eps', 0],
    ['eps', Number.POSITIVE_INFINITY],
    ['momentum', Number.NEGATIVE_INFINITY],
  ] as const;
  it.each(cases)('%s = %s, by the one-call preset API before any optimizer exists', (field, value) => {
    expect(() => rmsprop('keras3', { [field]: value })).toThrow(InvalidConfigError);
    expect(() => rmsprop('keras3', { [field]: value })).toThrow(`${field} = ${value}`);
  });
  // A spec whose config was edited after it was made (its program was compiled from the valid one).
  it.each(cases)('%s = %s, in a spec edited after it was made, by the constructor', (field, value) => {
    const spec = rmsprop('keras3');
    const edited = { ...spec, config: { ...spec.config, [field]: value } } as OptimizerSpec;
    expect(() => new ReferenceOptimizer(edited, { dtype: 'float32' })).toThrow(InvalidConfigError);
    expect(() => new ReferenceOptimizer(edited, { dtype: 'float32' })).toThrow(`${field} = ${value}`);
  });
  it('a bare config, without its numerics, is not a spec', () => {
    const config = presetConfig('keras3');
    expect(() => new ReferenceOptimizer(config as unknown as OptimizerSpec, { dtype: 'float32' })).toThrow(/spec = .*allowed: an OptimizerSpec/);
  });
  it('an unknown dtype', () => {
    expect(() => new ReferenceOptimizer(rmsprop('keras3'), { dtype: 'float16' as Dtype })).toThrow(/dtype = "float16"; allowed: 'float32' or 'float64'/);
  });
  it('unknown preset', () => {
    expect(() => presetConfig('adam')).toThrow(/unknown rmsprop preset "adam"/);
  });
});

describe('state', () => {
  it('allocates the framework’s slots with their initial values (TF1 starts the mean square at 1)', () => {
    const opt = new ReferenceOptimizer(rmsprop('tf1', { lr: 0.1 }), { dtype: 'float32' });
    const st = opt.init(new Map([['w', new Float32Array(3)]]));
    expect(st.slots).toEqual(['meanSquare', 'momentum']);
    expect(Array.from(st.tensors.get('w')!.meanSquare!)).toEqual([1, 1, 1]);
    expect(st.step).toBe(0);
  });
  it('counts steps', () => {
    const s = setup();
    expect(s.state.step).toBe(1);
    s.opt.step(s.params, s.grads, s.state);
    expect(s.state.step).toBe(2);
  });
});
