/**
 * Trace files (`parseTrace` + `traceSpec`) under 10,000 generated documents: small committed golden traces
 * of every framework (and the hand-written v2 fixture) with hostile changes: framework arguments and
 * options of every kind (valid values of other traces, edge values, wrong types, misspelled and prototype
 * names), another framework or dtype, other slots, hostile numbers anywhere. Each document is either
 * accepted and steps on the exact CPU reference in its dtype, or refused with a TraceFormatError naming
 * the file and a JSON path (the mutated one, or where the rule that broke lives).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOptimizer } from '@isostep/reference-cpu';
import { frameworkBinding, type Dtype } from '@isostep/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceFormatError, parseTrace, traceSpec } from '../src/index.js';

const RUNS = 10_000;
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/torch_rmsprop_two_tensors.json', import.meta.url));
const PROTOTYPE_KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
const VALUES: unknown[] = [0, -0, 1, -1, 0.5, 0.9, 2, 1e-8, 1e-50, 1e39, 1e300, -1e300, true, false, null, '0.1', 'NaN', [], [0.9, 0.999], {}];

type Json = Record<string, unknown>;

/** Up to three traces under 4 kB per framework whose unchanged document is accepted and steps (a base to mutate). */
function bases(): { file: string; doc: Json }[] {
  const out: { file: string; doc: Json }[] = [{ file: FIXTURE, doc: JSON.parse(readFileSync(FIXTURE, 'utf8')) }];
  for (const dir of readdirSync(GOLDEN)) {
    const files = readdirSync(join(GOLDEN, dir)).filter((f) => f.endsWith('.json') && statSync(join(GOLDEN, dir, f)).size < 4000);
    for (const f of files.slice(0, 3)) {
      const file = join(GOLDEN, dir, f);
      const text = readFileSync(file, 'utf8');
      try {
        check(parseTrace(text, file));
        out.push({ file, doc: JSON.parse(text) });
      } catch {
        // A trace of an optimizer or framework this build does not run yet is no base.
      }
    }
  }
  return out;
}

/** Accepted means: the spec, then one step of the exact reference in the trace's dtype. */
function check(trace: ReturnType<typeof parseTrace>): void {
  const { spec } = traceSpec(trace);
  const dtype: Dtype = trace.case.dtype;
  const opt = createOptimizer(spec, { dtype });
  const typed = (v: Float64Array) => (dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v));
  const params = new Map(trace.case.params.map((p) => [p.name, typed(p.init)]));
  const state = opt.init(params);
  opt.step(params, new Map([...trace.steps[0]!.grads].map(([n, g]) => [n, typed(g)])), state);
  if (state.step !== 1) throw new Error('did not step');
}

/** Paths of every number in a document (hostile numbers go anywhere). */
function numberPaths(x: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof x === 'number') out.push(path);
  else if (Array.isArray(x)) x.forEach((v, i) => numberPaths(v, [...path, i], out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) numberPaths(v, [...path, k], out);
  return out;
}

function jsonPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${s}.${k}` : `${s}[${JSON.stringify(k)}]`), '$');
}

function setAt(doc: Json, path: readonly (string | number)[], value: unknown): void {
  let at: Record<string | number, unknown> = doc;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  Object.defineProperty(at, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

const BASES = bases();

const misspell = (k: string) => fc.constantFrom(k.slice(1), `${k}_`, k.toUpperCase(), k.slice(0, -1) + k.slice(-1).repeat(2));

const input = fc.nat({ max: BASES.length - 1 }).chain((b) => {
  const { file, doc } = BASES[b]!;
  const c = doc.case as Json;
  const argNames = (() => {
    try {
      return Object.keys(frameworkBinding(c.framework as string, (c.optimizer as string) ?? 'rmsprop').args);
    } catch {
      return Object.keys(c.hyperparameters as Json);
    }
  })();
  const numbers = numberPaths(doc);
  const argName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...argNames) }, { weight: 2, arbitrary: fc.constantFrom(...argNames).chain(misspell) }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) });
  const change = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(argName, fc.constantFrom(...VALUES)).map(([k, v]) => ({ path: ['case', 'hyperparameters', k], value: v })) },
    { weight: 2, arbitrary: fc.tuple(argName, fc.constantFrom(...VALUES)).map(([k, v]) => ({ path: ['case', 'options', k], value: v })) },
    { weight: 1, arbitrary: fc.constantFrom('torch', 'keras', 'tf1', 'tfjs', 'optax', 'flax', 'constructor', 'Torch').map((v) => ({ path: ['case', 'framework'], value: v })) },
    { weight: 1, arbitrary: fc.constantFrom('float64', 'float32', 'float16').map((v) => ({ path: ['case', 'dtype'], value: v })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], ['square_avg'], ['toString'], null).map((v) => ({ path: ['state_slots'], value: v })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...numbers), fc.constantFrom<unknown>(1e39, -1, '1.5', null, 'NaN', 1e300, 2.5)).map(([p, v]) => ({ path: p, value: v })) },
  );
  return fc.tuple(fc.constant(file), fc.constant(doc), fc.array(change, { minLength: 1, maxLength: 2 }));
});

describe('trace files: accepted and steps, or refused naming the file and the JSON path', () => {
  it(`holds for ${RUNS} generated trace documents`, () => {
    expect(BASES.length).toBeGreaterThan(5);
    let accepted = 0;
    fc.assert(
      fc.property(input, ([file, base, changes]) => {
        const doc = structuredClone(base);
        if (!doc.case || typeof doc.case !== 'object') return;
        (doc.case as Json).options ??= {};
        for (const { path, value } of changes) setAt(doc, path, value);
        const text = JSON.stringify(doc);
        try {
          check(parseTrace(text, file));
          accepted++;
        } catch (e) {
          expect(TraceFormatError.isInstance(e), String(e)).toBe(true);
          const err = e as TraceFormatError;
          expect(err.file).toBe(file);
          expect(err.message.startsWith(`${file}: $`)).toBe(true);
          // A change to an argument is reported at that argument (or a part of it), or where the rule that
          // broke lives: the arguments as a whole, the framework, the slots it decides.
          const changed = changes.map((c) => jsonPath(c.path));
          const last = changes[changes.length - 1]!;
          if (changes.length === 1 && last.path[1] === 'hyperparameters') {
            expect([...changed, '$.case.hyperparameters', '$.state_slots', '$.case.framework', '$.case'].some((p) => err.jsonPath === p || err.jsonPath.startsWith(`${p}[`) || err.jsonPath.startsWith(`${p}.`))).toBe(true);
          }
          expect(err.message.length).toBeLessThan(800);
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });
});
