import { describe, expect, it } from 'vitest';
import { generateLinearRaceData, linearRaceDataFromJson, LinearRaceDataError } from './linear-race-data.js';
import { runLinearRace } from './linear-race.js';
import { quadraticLoss, runQuadraticRace } from './quadratic-race.js';

describe('the quadratic race', () => {
  it('runs the six racers with each framework’s defaults at the race’s lr, positions in float32', () => {
    const race = runQuadraticRace({ preset: 'torch', steps: 3 });
    expect(race.lanes.map((l) => [l.optimizer, l.lr])).toEqual([['sgd', 0.1], ['adagrad', 1], ['rmsprop', 1], ['adadelta', 1], ['adam', 1], ['adamw', 1]]);
    const sgd = race.lanes[0]!;
    if (sgd.skipped !== undefined) throw new Error('skipped');
    // x ← x − 0.1·2x = 0.8x, in float32.
    expect(sgd.positions).toEqual([[-75, -10], [-60, -8], [-48, Math.fround(-6.4)], [Math.fround(-38.4), Math.fround(-5.12)]]);
    expect(sgd.losses[1]).toBe(quadraticLoss(-60, -8));
    const adamw = race.lanes[5]!;
    if (adamw.skipped !== undefined) throw new Error('skipped');
    expect((adamw.spec.config as unknown as { weightDecay: number }).weightDecay).toBe(0.01);
  });

  it('skips what a framework lacks and refuses an unknown preset or step count', () => {
    expect(runQuadraticRace({ preset: 'tf1', steps: 1 }).lanes[5]).toMatchObject({ optimizer: 'adamw', skipped: expect.stringMatching(/^tf1 has no adamw/) });
    expect(() => runQuadraticRace({ preset: 'jax' })).toThrow(/^--preset: no racer has a preset "jax"/);
    expect(() => runQuadraticRace({ preset: 'torch', steps: 0 })).toThrow(/^--steps: 0 /);
  });
});

describe('the linear race', () => {
  it('is a function of its seed, and every lane lowers its loss', () => {
    const a = runLinearRace({ data: generateLinearRaceData(3, 32), preset: 'keras3', seed: 3, steps: 10 });
    const b = runLinearRace({ data: generateLinearRaceData(3, 32), preset: 'keras3', seed: 3, steps: 10 });
    expect(a.lanes.map((l) => l.losses)).toEqual(b.lanes.map((l) => l.losses));
    for (const lane of a.lanes) expect(lane.losses[10]!).toBeLessThan(lane.losses[0]!);
    // The four racers start from the same weights: equal step-0 loss per loss function.
    expect(new Set(a.lanes.filter((l) => l.loss === 'mse').map((l) => l.losses[0])).size).toBe(1);
  });

  it('reads data documents strictly', () => {
    const row = Array.from({ length: 20 }, () => 1);
    expect(linearRaceDataFromJson({ inputs: [row], targets: [row] }).count).toBe(1);
    expect(() => linearRaceDataFromJson({ inputs: [row], targets: [[...row.slice(1), 'x']] })).toThrow(LinearRaceDataError);
    expect(() => linearRaceDataFromJson({ inputs: [row], targets: [row, row] })).toThrow(/^\$\.targets: expected 1 rows/);
    expect(() => linearRaceDataFromJson({ inputs: [[...row.slice(1), 1e39]], targets: [row] })).toThrow(/^\$\.inputs\[0\]\[19\]: expected a finite float32/);
  });
});
