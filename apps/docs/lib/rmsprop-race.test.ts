import { describe, expect, it } from 'vitest';
import { PRESET_NAMES , rmspropPreset } from '@isostep/spec';
import { RACE_DEFAULTS, raceConfig } from './rmsprop-race.js';

describe('race modes', () => {
  it.each(PRESET_NAMES)("%s: 'own-defaults' is the preset's defaults with only lr from the controls", (preset) => {
    // Controls set to values no preset defaults to, so any leak of them into the config shows.
    const controls = { ...RACE_DEFAULTS, mode: 'own-defaults' as const, lr: 0.5, rho: 0.5, eps: 1e-3, momentum: 0.5, centered: true };
    expect(raceConfig(preset, controls)).toEqual({ ...rmspropPreset(preset).defaults, lr: 0.5 });
  });

  it("'shared' gives every preset the controls' rho, eps, momentum and centered", () => {
    const controls = { ...RACE_DEFAULTS, lr: 0.5, rho: 0.5, eps: 1e-3, momentum: 0.5, centered: true };
    for (const preset of PRESET_NAMES) {
      const c = raceConfig(preset, controls);
      expect([c.lr, c.rho, c.eps, c.momentum, c.centered], preset).toEqual([0.5, 0.5, 1e-3, 0.5, true]);
    }
  });

  it("'own-defaults' still rejects a bad lr with the spec's error", () => {
    expect(() => raceConfig('torch', { ...RACE_DEFAULTS, mode: 'own-defaults', lr: -1 })).toThrow(/lr/);
  });
});
