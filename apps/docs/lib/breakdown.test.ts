import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '@isostep/spec';
import { breakdownRaceStep } from './breakdown.js';
import { RACE_DEFAULTS, RACE_START, raceConfig, raceStateAfter, raceTrajectory, type RaceSettings } from './race.js';

const OWN_DEFAULTS: RaceSettings = { ...RACE_DEFAULTS, mode: 'own-defaults' };
const CASES = [RACE_DEFAULTS, OWN_DEFAULTS].flatMap((s) => PRESET_NAMES.map((p) => [p, s.mode, s] as const));

describe('race step breakdown', () => {
  it.each(CASES)('%s (%s): the recorded step gives the reference’s p and v', (preset, _mode, settings) => {
    const t = 5;
    const before = raceStateAfter(preset, settings, RACE_START, t - 1);
    const after = raceStateAfter(preset, settings, RACE_START, t);
    const [x, y] = breakdownRaceStep(preset, raceConfig(preset, settings), t, before);
    const path = raceTrajectory(preset, settings, RACE_START, t);
    expect([x.p, y.p]).toEqual([path.xs[t], path.ys[t]]);
    expect([x.v, y.v]).toEqual([after.v[0], after.v[1]]);
    expect(x.update).toBe(x.p - x.pBefore);
  });

  it('torch: d = √v + ε with each operation rounded to float32', () => {
    const before = raceStateAfter('torch', RACE_DEFAULTS, RACE_START, 2);
    const [x] = breakdownRaceStep('torch', raceConfig('torch', RACE_DEFAULTS), 3, before);
    const f = Math.fround;
    expect(x.d).toBe(f(f(Math.sqrt(x.v)) + f(RACE_DEFAULTS.eps)));
  });

  it('tf1: d = √(v + ε), and v starts at 1', () => {
    const before = raceStateAfter('tf1', RACE_DEFAULTS, RACE_START, 0);
    expect(before.v[0]).toBe(1);
    const [x] = breakdownRaceStep('tf1', raceConfig('tf1', RACE_DEFAULTS), 1, before);
    const f = Math.fround;
    expect(x.d).toBe(f(Math.sqrt(f(x.v + f(RACE_DEFAULTS.eps)))));
  });
});
