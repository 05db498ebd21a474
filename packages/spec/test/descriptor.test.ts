import { describe, expect, it } from 'vitest';
import {
  InvalidConfigError,
  UnknownOptimizerError,
  buildStepGraph,
  customOptimizer,
  exactArith,
  fromPreset,
  getOptimizer,
  rmsprop,
  rmspropPreset,
  stepScalarBlock,
  type ElementValues,
} from '../src/index.js';
import { TOY_SGD, toySgd } from './toy-sgd.js';

describe('OptimizerSpec: a config never travels without its numerics', () => {
  it('a preset brings its profile: Keras 3 keeps learning_rate in float32 even in float64', () => {
    const spec = rmsprop('keras3', { lr: 0.1 });
    expect(spec.profile).toBe(rmspropPreset('keras3').profile);
    // One float64 step from p = 1, g = 1 through the program, as every backend runs it.
    const A = exactArith('float64', spec.profile.subnormals);
    const e: ElementValues<number> = { p: 1, g: 1, meanSquare: 0 };
    spec.program.element(A, spec.program.scalars(A, spec.config.lr, 1), e);
    // lr = fround(0.1) = 0.10000000149011612; v = 0.1; p = 1 − lr·1/√(0.1 + 1e-7).
    expect(e.p).toBe(0.68377238738476787);
  });

  it('a custom config must name its profile', () => {
    const config = rmsprop('torch').config;
    expect(() => customOptimizer('rmsprop', config, undefined as never)).toThrow(/profile = undefined; allowed: a numerics profile/);
    expect(() => customOptimizer('rmsprop', config, { fused: {}, float32Scalars: [], subnormals: 'preserve' } as never)).toThrow(InvalidConfigError);
    expect(customOptimizer('rmsprop', config, rmspropPreset('torch').profile).preset).toBeNull();
  });

  it('rejects unknown optimizers and unknown override keys by name', () => {
    expect(() => getOptimizer('adamx')).toThrow(UnknownOptimizerError);
    expect(() => fromPreset('rmsprop', 'torch', { learning_rate: 0.1 })).toThrow(/learning_rate = 0.1; allowed: no such field/);
  });
});

describe('a toy optimizer defined in a test file runs through the generic machinery', () => {
  it('validates with the shared field rules', () => {
    expect(() => toySgd({ lr: -1, momentum: 0, maximize: false })).toThrow(/invalid toy SGD config: lr = -1/);
    expect(() => toySgd({ lr: 0.1, momentum: 0, maximize: false, nesterov: true } as never)).toThrow(/nesterov = true; allowed: no such field/);
  });

  it('allocates its own slot names and records a step graph over them', () => {
    const spec = toySgd({ lr: 0.5, momentum: 0.9, maximize: false });
    expect(spec.program.slots).toEqual(['velocity']);
    const graph = buildStepGraph(spec, 'float32');
    expect(graph.vectors).toEqual(['p', 'g', 'velocity']);
    expect([...graph.outputs.keys()]).toEqual(['p', 'velocity']);
    expect(stepScalarBlock(graph, spec, 0.25, 1).slice(0, 3)).toEqual([0.25, -0.25, Math.fround(0.9)]);
    expect(TOY_SGD.slotOrder).toEqual(['velocity']);
  });

  it('computes b ← μ·b + g, p ← p − lr·b in float32', () => {
    const spec = toySgd({ lr: 0.5, momentum: 0.5, maximize: false });
    const A = exactArith('float32');
    const e: ElementValues<number> = { p: 1, g: 2, velocity: 4 };
    spec.program.element(A, spec.program.scalars(A, 0.5, 1), e);
    expect(e.velocity).toBe(4); // 0.5·4 + 2
    expect(e.p).toBe(-1); // 1 − 0.5·4
  });
});
