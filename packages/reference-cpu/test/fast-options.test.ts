/** createFastOptimizer's own options: refused before anything is compiled or allocated, naming `options.<key>`. */
import { InvalidConfigError, rmsprop } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { createFastOptimizer } from '../src/node.js';

const spec = rmsprop('keras3');

describe('createFastOptimizer options', () => {
  it.each([
    [{ ftzGaurd: false }, 'options.ftzGaurd', 'did you mean "ftzGuard"'],
    [{ ftzGuard: 'no' }, 'options.ftzGuard', 'true or false'],
    [{ kernel: 'gpu' }, 'options.kernel', '"simd" or "js"'],
    [{ madd: 'fast' }, 'options.madd', '"auto" or "fused" or "emulated"'],
    [{ arena: {} }, 'options.arena', 'a FastArena'],
    [[], 'options', 'an object'],
  ])('%j is refused naming %s', async (options, field, allowed) => {
    const err = await createFastOptimizer(spec, options as never).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidConfigError);
    expect((err as InvalidConfigError).field).toBe(field);
    expect((err as InvalidConfigError).message).toContain(allowed);
  });

  it('accepts every documented key with a valid value', async () => {
    const opt = await createFastOptimizer(spec, { dtype: 'float32', threads: 1, kernel: 'js', madd: 'auto', ftzGuard: false });
    expect(opt.kernel).toBe('js');
    opt.dispose();
  });
});
