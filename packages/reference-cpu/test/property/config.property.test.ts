/**
 * Config entry points (`fromPreset`, `customOptimizer`, then an optimizer of a dtype) under 10,000
 * generated inputs mixing valid and invalid values of every field, misspelled and prototype keys, for
 * every registered optimizer: each input is either accepted and steps, or rejected with an
 * InvalidConfigError naming a field the input holds (or the dtype), leaving the input and the presets
 * unchanged.
 */
import { InvalidConfigError, customOptimizer, fromPreset, type Dtype, type OptimizerSpec } from '@isostep/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { anyDtype, anyOptimizer, fieldValue, hostileObject, presetValues, validOnceCast, type AnyDescriptor } from './hostile-values.js';

const RUNS = 10_000;

const input = anyOptimizer.chain((d: AnyDescriptor) => {
  const values = presetValues(d);
  return fc.record({
    d: fc.constant(d),
    preset: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...Object.keys(d.presets)) }, { weight: 1, arbitrary: fc.constantFrom('pytorch', 'toString', '') }),
    overrides: hostileObject(d.configKeys, (k) => fieldValue(values.get(k) ?? [])),
    custom: fc.boolean(),
    dtype: anyDtype,
  });
});

describe('config entry points: accepted and steps, or rejected naming the field', () => {
  it(`holds for ${RUNS} generated configs`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(input, ({ d, preset, overrides, custom, dtype }) => {
        const before = JSON.stringify(Object.values(d.presets).map((p) => p.defaults));
        const overridesBefore = JSON.stringify(Object.entries(overrides), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
        let spec: OptimizerSpec;
        try {
          const base = Object.hasOwn(d.presets, preset) ? d.presets[preset]! : Object.values(d.presets)[0]!;
          spec = custom ? customOptimizer(d, { ...base.defaults, ...overrides }, base.profile) : fromPreset(d, preset, overrides);
          const opt = createOptimizer(spec, { dtype: dtype as Dtype });
          const params = new Map([['w', opt.dtype === 'float32' ? new Float32Array([0.5, -1, 2]) : new Float64Array([0.5, -1, 2])]]);
          const grads = new Map([['w', opt.dtype === 'float32' ? new Float32Array([0.1, 0.2, -0.3]) : new Float64Array([0.1, 0.2, -0.3])]]);
          const state = opt.init(params);
          opt.step(params, grads, state);
          expect(state.step).toBe(1);
          expect(() => validOnceCast(spec, opt.dtype)).not.toThrow();
          accepted++;
        } catch (e) {
          if (e instanceof Error && e.name === 'AssertionError') throw e;
          // A typed error, naming something the user gave: a key of the overrides, a field a cross-field rule names, the preset or the dtype.
          const known = [...Object.keys(overrides), ...d.configKeys, 'dtype', 'overrides', 'config'];
          if (e instanceof InvalidConfigError) expect(known).toContain(e.field);
          else expect((e as Error).constructor.name).toBe('UnknownPresetError');
          expect((e as Error).message.length).toBeLessThan(600);
        }
        expect(JSON.stringify(Object.values(d.presets).map((p) => p.defaults))).toBe(before);
        expect(JSON.stringify(Object.entries(overrides), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))).toBe(overridesBefore);
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: a good share is accepted and steps.
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
