/**
 * Generators of hostile input for the property tests: values of every kind for any field (valid ones
 * taken from the presets, boundaries, values that only fail in float32, wrong types), misspelled keys and
 * prototype keys. Generic over the optimizer descriptors the spec registers (`OPTIMIZERS`).
 */
import { OPTIMIZERS, type OptimizerDescriptor } from '@isostep/spec';
import fc from 'fast-check';

export type AnyDescriptor = OptimizerDescriptor<any, string, any>;

/** Keys inherited from Object.prototype that a lookup with `in` or `obj[key]` would find. */
export const PROTOTYPE_KEYS = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf'];

/** Numbers at and across every boundary the rules use, and some that only fail once cast to float32. */
export const EDGE_NUMBERS = [0, -0, 1, -1, 0.5, 0.9, 0.99, 1.5, 2, 1e-8, 1e-50, 1e-46, 1e39, 1e300, -1e-8, Number.MIN_VALUE, Number.MAX_VALUE, NaN, Infinity, -Infinity];

/** A value of any type for a field: from the presets (valid), edge numbers, other types. */
export function fieldValue(valid: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.constant(0) },
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, undefined, '0.1', '', 'inside', [], {}, [0.9]) },
  );
}

/** A misspelling of `key`: a dropped, doubled or swapped letter, another case, a suffix. */
export function misspelling(key: string): fc.Arbitrary<string> {
  return fc.nat({ max: Math.max(0, key.length - 1) }).chain((i) =>
    fc.constantFrom(
      key.slice(0, i) + key.slice(i + 1),
      key.slice(0, i) + key[i] + key.slice(i),
      key.slice(0, i) + (key[i + 1] ?? '') + key[i] + key.slice(i + 2),
      key.toUpperCase(),
      `${key}_rate`,
      `${key} `,
    ),
  ).filter((k) => k !== key && k.length > 0);
}

/** Every value each config field takes in any preset of `d` (valid values to mix with hostile ones). */
export function presetValues(d: AnyDescriptor): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const p of Object.values(d.presets)) {
    for (const [k, v] of Object.entries(p.defaults as Record<string, unknown>)) {
      const list = out.get(k) ?? [];
      if (!list.some((x) => Object.is(x, v))) list.push(v);
      out.set(k, list);
    }
  }
  return out;
}

/**
 * An object with some of `keys` (values from `valueOf`), and sometimes a misspelled, prototype or
 * random key. Own `__proto__` keys are defined as data properties, as JSON.parse makes them.
 */
export function hostileObject(keys: readonly string[], valueOf: (key: string) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const entry = (k: string) => fc.tuple(fc.constant(k), valueOf(k));
  const known = keys.length > 0 ? fc.array(fc.constantFrom(...keys).chain(entry), { maxLength: 4 }) : fc.constant([]);
  const odd = fc.oneof(
    { weight: 6, arbitrary: fc.constant<[string, unknown][]>([]) },
    { weight: 2, arbitrary: keys.length > 0 ? fc.constantFrom(...keys).chain(misspelling).chain((k) => fc.tuple(fc.constant(k), fieldValue([0.1])).map((e) => [e])) : fc.constant([]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), fieldValue([5])).map((e) => [e]) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), fieldValue([1])).map((e) => [e]) },
  );
  return fc.tuple(known, odd).map(([a, b]) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of [...a, ...(b as [string, unknown][])]) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  });
}

/** A registered optimizer descriptor. */
export const anyOptimizer = fc.constantFrom(...OPTIMIZERS);

/** A dtype, sometimes a wrong one. */
export const anyDtype = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('float32', 'float64') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('float16', undefined, 'Float32', 'constructor') });

/** JSON-safe bytes of every tensor in params and state, to prove a rejected call changed nothing. */
export function bytesOf(params: ReadonlyMap<string, ArrayBufferView> | unknown, state: unknown): string {
  const parts: string[] = [];
  const hex = (t: unknown) => (ArrayBuffer.isView(t) ? Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex') : String(t));
  if (params instanceof Map) for (const [k, v] of params) parts.push(k, hex(v));
  const s = state as { step?: unknown; tensors?: unknown } | null;
  if (s && typeof s === 'object') {
    parts.push(`step=${String(s.step)}`);
    if (s.tensors instanceof Map) for (const [k, slots] of s.tensors) if (slots && typeof slots === 'object') for (const [n, t] of Object.entries(slots)) parts.push(`${k}.${n}`, hex(t));
  }
  return parts.join('|');
}

/**
 * The requirement behind issue 15 #9, stated independently of the code under test: a config accepted for
 * a dtype is still valid once every number is cast the way the step casts it (to the dtype, or to float32
 * for a framework's float32-held scalars). Throws the descriptor's error otherwise.
 */
export function validOnceCast(spec: { optimizer: AnyDescriptor; config: object; profile: { float32Scalars?: readonly string[] } }, dtype: 'float32' | 'float64'): void {
  const cast: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.config)) {
    const f32 = dtype === 'float32' || (spec.profile.float32Scalars ?? []).includes(k);
    cast[k] = typeof v === 'number' && f32 ? Math.fround(v) : v;
  }
  spec.optimizer.validate(cast);
}
