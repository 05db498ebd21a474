/**
 * What `createFastOptimizer` checks of its options before it compiles or allocates anything: a plain
 * object of known keys (a misspelled `ftzGuard` would silently keep the default) with values in range.
 * Errors name the key as `options.<key>`, its value and what is allowed. `dtype` is the spec's own check
 * (checkSpec) and `threads` the arena's.
 */
import { InvalidConfigError, didYouMean } from '@isostep/spec';
import { FastArena } from './arena.js';

const WHO = 'fast optimizer';
const ENUMS = { kernel: ['simd', 'js'], madd: ['auto', 'fused', 'emulated'] } as const;
const KEYS = ['dtype', 'threads', 'arena', 'kernel', 'madd', 'ftzGuard'] as const;

export function checkFastOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidConfigError('options', options, `an object with ${KEYS.join(', ')} (or nothing)`, WHO);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new InvalidConfigError(`options.${key}`, o[key], `no such option${didYouMean(key, KEYS)}; options: ${KEYS.join(', ')}`, WHO);
    }
  }
  for (const [key, values] of Object.entries(ENUMS)) {
    const v = o[key];
    if (v !== undefined && !(values as readonly unknown[]).includes(v)) throw new InvalidConfigError(`options.${key}`, v, values.map((x) => JSON.stringify(x)).join(' or '), WHO);
  }
  if (o.ftzGuard !== undefined && typeof o.ftzGuard !== 'boolean') throw new InvalidConfigError('options.ftzGuard', o.ftzGuard, 'true or false', WHO);
  if (o.arena !== undefined && !(o.arena instanceof FastArena)) throw new InvalidConfigError('options.arena', o.arena, 'a FastArena (FastArena.create())', WHO);
}
