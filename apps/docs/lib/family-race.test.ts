import { describe, expect, it } from 'vitest';
import { ReferenceOptimizer } from '@isostep/reference-cpu';
import { fromFrameworkArgs, fromPreset, getOptimizer } from '@isostep/spec';
import { QUADRATIC_START, runQuadraticRace } from '@isostep/mlp';
import { FAMILY_RACE_LR, FAMILY_RACE_OPTIMIZERS, familyRace, firstLrError, raceFrameworks, ships } from './family-race.js';
import { RACE_START } from './quadratic.js';

/** The race run straight on the reference from the preset, independent of lib/: p after `steps` steps. */
function reference(optimizer: string, preset: string, overrides: object, steps: number): number[] {
  const opt = new ReferenceOptimizer(fromPreset(optimizer, preset, overrides), { dtype: 'float32' });
  const p = Float32Array.from(RACE_START);
  const params = new Map([['p', p]]);
  const state = opt.init(params);
  for (let k = 0; k < steps; k++) opt.step(params, new Map([['p', Float32Array.from(p, (v) => 2 * v)]]), state);
  return Array.from(p);
}

describe('family race', () => {
  it('offers the five frameworks the optimizers bind, and knows TF1 and TF.js have no AdamW', () => {
    expect(raceFrameworks()).toEqual(['torch', 'keras3', 'tf1', 'tfjs', 'optax']);
    expect(RACE_START).toEqual(QUADRATIC_START);
    expect(FAMILY_RACE_OPTIMIZERS).toEqual(['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'adamw']);
    expect(FAMILY_RACE_LR).toEqual({ sgd: 0.1, adagrad: 1, rmsprop: 1, adadelta: 1, adam: 1, adamw: 1 });
    expect(FAMILY_RACE_OPTIMIZERS.filter((o) => !ships(o, 'tf1'))).toEqual(['adamw']);
    expect(FAMILY_RACE_OPTIMIZERS.filter((o) => !ships(o, 'tfjs'))).toEqual(['adamw']);
    expect(FAMILY_RACE_OPTIMIZERS.every((o) => ships(o, 'torch'))).toBe(true);
  });

  it.each(raceFrameworks())('%s: each line is the preset with only lr changed, and lands where the reference does', (framework) => {
    const lines = familyRace(framework, FAMILY_RACE_LR, RACE_START, 50);
    expect(lines.map((l) => l.optimizer)).toEqual(FAMILY_RACE_OPTIMIZERS.filter((o) => ships(o, framework)));
    for (const line of lines) {
      const preset = getOptimizer(line.optimizer).presets[framework]!;
      const lr = line.optimizer === 'sgd' ? 0.1 : 1;
      // Passing learning_rate to optax.adadelta turns on its lr scaling (its default, None, climbs): the
      // one line where "the preset with lr" needs a second field.
      const overrides = framework === 'optax' && line.optimizer === 'adadelta' ? { lr, scaleByLearningRate: true } : { lr };
      expect(line.spec.config, line.optimizer).toEqual({ ...preset.defaults, ...overrides });
      expect(line.spec.profile, line.optimizer).toBe(preset.profile);
      expect([line.xs[50], line.ys[50]], line.optimizer).toEqual(reference(line.optimizer, preset.name, overrides, 50));
      expect([line.xs[0], line.ys[0]]).toEqual([-75, -10]);
    }
  });

  it.each(raceFrameworks())("%s: every line whose config the CLI's race (runQuadraticRace) also runs lands on the CLI's positions", (framework) => {
    const cli = runQuadraticRace({ preset: framework, steps: 50 });
    const lines = familyRace(framework, FAMILY_RACE_LR, RACE_START, 50);
    let compared = 0;
    for (const lane of cli.lanes) {
      const line = lines.find((l) => l.optimizer === lane.optimizer);
      expect(line === undefined, lane.optimizer).toBe(lane.skipped !== undefined);
      if (line === undefined || lane.skipped !== undefined) continue;
      // The CLI builds fromPreset(optimizer, preset, { lr }); the page, the framework called with its lr.
      // They differ only where passing the lr changes another field (optax.adadelta: scale by it).
      if (JSON.stringify(lane.spec.config) !== JSON.stringify(line.spec.config)) continue;
      expect(line.xs.map((x, k) => [x, line.ys[k]]), `${framework} ${lane.optimizer}`).toEqual(lane.positions);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it('is not degenerate: on torch the six lines end at six different points', () => {
    const ends = familyRace('torch', FAMILY_RACE_LR, RACE_START, 50).map((l) => `${l.xs[50]},${l.ys[50]}`);
    expect(new Set(ends).size).toBe(6);
  });

  it('what the page says: SGD is 0.8ᵏ, TF.js Adadelta swings between (−75, −10) and (75, 10), Adadelta elsewhere barely moves', () => {
    const at = (framework: string, optimizer: string) => familyRace(framework, FAMILY_RACE_LR, RACE_START, 51).find((l) => l.optimizer === optimizer)!;
    expect(at('torch', 'sgd').xs[1]).toBe(-60);
    const tfjs = at('tfjs', 'adadelta');
    expect([tfjs.xs[1], tfjs.ys[1], tfjs.xs[50], tfjs.ys[50], tfjs.xs[51]]).toEqual([75, 10, -75, -10, 75]);
    for (const f of ['torch', 'keras3', 'tf1', 'optax']) {
      const x50 = at(f, 'adadelta').xs[50]!;
      expect(x50, f).toBeGreaterThan(-75);
      expect(x50, f).toBeLessThan(-74.5);
    }
  });

  it("a bad lr is the spec's error, naming the framework's argument; a framework without the optimizer does not check it", () => {
    const bad = { ...FAMILY_RACE_LR, adamw: -1 };
    const found = firstLrError('keras3', bad);
    expect(found?.optimizer).toBe('adamw');
    expect(found?.error.message).toBe(errorOf(() => fromFrameworkArgs('keras', 'adamw', { learning_rate: -1 })));
    expect(found?.error.message).toContain('learning_rate');
    expect(firstLrError('tfjs', bad)).toBeNull();
    expect(firstLrError('torch', FAMILY_RACE_LR)).toBeNull();
  });
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
