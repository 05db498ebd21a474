import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, fromPreset } from '@isostep/spec';
import { breakdownQuadraticStep } from './breakdown.js';
import { FAMILY_RACE_LR, FAMILY_RACE_OPTIMIZERS, familyRaceSpec, raceFrameworks, ships } from './family-race.js';
import { RACE_START, quadraticPath, quadraticStateAfter } from './quadratic.js';
import { RACE_DEFAULTS, raceBreakdown, raceStateAfter, raceTrajectory, type RaceSettings } from './rmsprop-race.js';

const OWN_DEFAULTS: RaceSettings = { ...RACE_DEFAULTS, mode: 'own-defaults' };
const CASES = [RACE_DEFAULTS, OWN_DEFAULTS].flatMap((s) => PRESET_NAMES.map((p) => [p, s.mode, s] as const));
const FAMILY = raceFrameworks().flatMap((f) => FAMILY_RACE_OPTIMIZERS.filter((o) => ships(o, f)).map((o) => [o, f] as const));

describe('step breakdown, any optimizer', () => {
  it.each(FAMILY)('%s (%s): the recorded step 5 gives the reference’s p and every slot', (optimizer, framework) => {
    const spec = familyRaceSpec(optimizer, framework, FAMILY_RACE_LR[optimizer]!);
    const t = 5;
    const after = quadraticStateAfter(spec, RACE_START, t);
    const [x, y] = breakdownQuadraticStep(spec, t, quadraticStateAfter(spec, RACE_START, t - 1));
    expect([x.p, y.p]).toEqual([after.p[0], after.p[1]]);
    expect(Object.keys(x.slotsAfter)).toEqual([...spec.program.slots]);
    for (const slot of spec.program.slots) expect([x.slotsAfter[slot], y.slotsAfter[slot]], slot).toEqual([after.slots[slot]![0], after.slots[slot]![1]]);
    expect(x.update).toBe(x.p - x.pBefore);
    expect(x.ops.length).toBeGreaterThan(0);
  });

  it('adam (torch): the step reads the bias corrections of step t', () => {
    const spec = fromPreset('adam', 'torch', { lr: 1 });
    const [x1] = breakdownQuadraticStep(spec, 1, quadraticStateAfter(spec, RACE_START, 0));
    // Adam's first step moves every coordinate by lr·sign(g) (up to ε): m̂ = g, v̂ = g².
    expect(x1.update).toBeCloseTo(1, 6);
    const [x3] = breakdownQuadraticStep(spec, 3, quadraticStateAfter(spec, RACE_START, 2));
    expect(x3.scalars).not.toEqual(x1.scalars);
  });
});

describe('RMSprop race breakdown', () => {
  it.each(CASES)('%s (%s): the recorded step gives the reference’s p and v', (preset, _mode, settings) => {
    const t = 5;
    const after = raceStateAfter(preset, settings, RACE_START, t);
    const [x, y] = raceBreakdown(preset, settings, RACE_START, t);
    const path = raceTrajectory(preset, settings, RACE_START, t);
    expect([x.p, y.p]).toEqual([path.xs[t], path.ys[t]]);
    expect([x.slotsAfter.meanSquare, y.slotsAfter.meanSquare]).toEqual([after.slots.meanSquare![0], after.slots.meanSquare![1]]);
    expect(x.update).toBe(x.p - x.pBefore);
  });

  it('torch: d = √v + ε with each operation rounded to float32', () => {
    const [x] = raceBreakdown('torch', RACE_DEFAULTS, RACE_START, 3);
    const f = Math.fround;
    expect(x.d).toBe(f(f(Math.sqrt(x.slotsAfter.meanSquare!)) + f(RACE_DEFAULTS.eps)));
  });

  it('tf1: d = √(v + ε), and v starts at 1', () => {
    expect(raceStateAfter('tf1', RACE_DEFAULTS, RACE_START, 0).slots.meanSquare![0]).toBe(1);
    const [x] = raceBreakdown('tf1', RACE_DEFAULTS, RACE_START, 1);
    const f = Math.fround;
    expect(x.d).toBe(f(Math.sqrt(f(x.slotsAfter.meanSquare! + f(RACE_DEFAULTS.eps)))));
  });

  it('the generic path and the RMSprop race agree', () => {
    const spec = fromPreset('rmsprop', 'keras3', { lr: 1, rho: 0.9, eps: 1e-8, momentum: 0, centered: false });
    expect(quadraticPath(spec, RACE_START, 20).xs).toEqual(raceTrajectory('keras3', RACE_DEFAULTS, RACE_START, 20).xs);
  });
});
