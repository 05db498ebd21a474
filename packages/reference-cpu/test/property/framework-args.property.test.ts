/**
 * `fromFrameworkArgs` (then an optimizer of a dtype) under 10,000 generated framework-argument objects
 * for every registered optimizer and framework binding: each is accepted and steps, or rejected with a
 * typed error naming the argument as the user typed it (never the spec's own field name when the
 * framework calls it otherwise), leaving the arguments unchanged.
 */
import {
  FrameworkArgumentError,
  InvalidConfigError,
  UnknownFrameworkError,
  fromFrameworkArgs,
  type Dtype,
} from '@isostep/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import { EDGE_NUMBERS, PROTOTYPE_KEYS, anyDtype, anyOptimizer, fieldValue, hostileObject, presetValues, validOnceCast, type AnyDescriptor } from './hostile-values.js';

const RUNS = 10_000;

/** Valid values for a framework argument: the preset values of the field it maps to, and null (Keras None). */
function argumentValues(d: AnyDescriptor, framework: string): Map<string, unknown[]> {
  const preset = d.presets[d.frameworks[framework]!.preset]!;
  const byField = presetValues(d);
  const out = new Map<string, unknown[]>();
  for (const [field, arg] of Object.entries(preset.args as Record<string, string>)) out.set(arg, [...(byField.get(field) ?? []), null]);
  return out;
}

const input = anyOptimizer
  .filter((d: AnyDescriptor) => Object.keys(d.frameworks).length > 0)
  .chain((d: AnyDescriptor) =>
    fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...Object.keys(d.frameworks)) }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'flax') }).chain((framework) => {
      const binding = Object.hasOwn(d.frameworks, framework) ? d.frameworks[framework]! : Object.values(d.frameworks)[0]!;
      const values = Object.hasOwn(d.frameworks, framework) ? argumentValues(d, framework) : new Map<string, unknown[]>();
      const value = (k: string) => fieldValue(values.get(k) ?? [true, false, ...EDGE_NUMBERS.slice(0, 6)]);
      return fc.record({
        d: fc.constant(d),
        framework: fc.constant(framework),
        hp: hostileObject(Object.keys(binding.args), value),
        options: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileObject([...binding.inert, ...Object.keys(binding.args)], value) }),
        dtype: anyDtype,
      });
    }),
  );

describe('framework arguments: accepted and steps, or rejected naming the argument as typed', () => {
  it(`holds for ${RUNS} generated argument objects`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(input, ({ d, framework, hp, options, dtype }) => {
        const snapshot = () => JSON.stringify([Object.entries(hp), Object.entries(options)], (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
        const before = snapshot();
        try {
          const spec = fromFrameworkArgs(framework, d, hp, options);
          const opt = createOptimizer(spec, { dtype: dtype as Dtype });
          const params = new Map([['w', opt.dtype === 'float32' ? new Float32Array([0.5, -1]) : new Float64Array([0.5, -1])]]);
          const grads = new Map([['w', opt.dtype === 'float32' ? new Float32Array([0.1, -0.3]) : new Float64Array([0.1, -0.3])]]);
          const state = opt.init(params);
          opt.step(params, grads, state);
          expect(state.step).toBe(1);
          expect(() => validOnceCast(spec, opt.dtype)).not.toThrow();
          accepted++;
        } catch (e) {
          if (e instanceof Error && e.name === 'AssertionError') throw e;
          const typed = [...Object.keys(hp), ...Object.keys(options), 'hyperparameters', 'options'];
          if (e instanceof UnknownFrameworkError) expect(e.framework).toBe(framework);
          else if (e instanceof FrameworkArgumentError) expect(typed).toContain(e.argument);
          else if (e instanceof InvalidConfigError) {
            // An argument the user typed, or (a default made invalid by another argument, or the dtype)
            // the framework's name for the field: never a spec name the framework does not use.
            const preset = d.presets[d.frameworks[framework]!.preset]!;
            const frameworkNames = Object.values(preset.args as Record<string, string>);
            const unnamed = d.configKeys.filter((k: string) => !Object.hasOwn(preset.args, k));
            expect([...typed, ...frameworkNames, ...unnamed, 'dtype']).toContain(e.field);
          } else throw e;
        }
        expect(snapshot()).toBe(before);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
