/**
 * State documents (torch state_dicts, Keras optimizer variables, TF.js built-in weights lists) under
 * 10,000 generated documents: valid exports of random states and configs with hostile changes (values
 * outside float32, negative mean squares, wrong types; misspelled, prototype and extra keys; extra,
 * missing or duplicate entries; bad steps, dtypes, shapes and names). Each is either accepted, loaded
 * into an IsostepOptimizer and stepped, or refused with a StateImportError (or the spec's typed error for
 * a list that does not fit) naming the part and, for JSON documents, a JSON path; the document is
 * unchanged either way.
 */
import { IsostepError, STATE_VERSION, fromPreset, type OptimizerSpec, type OptimizerState } from '@isostep/spec';
import type { Variable } from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateImportError } from '../src/interop/json-numbers.js';
import { fromKerasState, toKerasState } from '../src/interop/keras-state.js';
import { fromTfjsWeights, toTfjsWeights } from '../src/interop/tfjs-weights.js';
import { fromTorchState, toTorchState } from '../src/interop/torch-state.js';
import { IsostepOptimizer } from '../src/optimizer/isostep-optimizer.js';
import { useCpu } from './tf-cpu.js';

const JSON_RUNS = 4_500; // each of torch and Keras
const WEIGHTS_RUNS = 1_000;

type TF = Awaited<ReturnType<typeof useCpu>>;
let tf: TF;
let vars: Variable[];
beforeAll(async () => {
  tf = await useCpu();
  vars = [tf.variable(tf.tensor([[1, 2], [3, 4]]), true, 'prop/w'), tf.variable(tf.tensor1d([0.5]), true, 'prop/b')];
});
afterAll(() => tf.dispose(vars));

const refs = () => vars.map((v) => ({ name: v.name, shape: v.shape }));
const PROTOTYPE_KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
const VALUES: unknown[] = [0, -0, 1, -1, 0.5, 0.9, 2, 1e-8, 1e-50, 1e39, 1e300, Infinity, -Infinity, NaN, true, false, null, '0.1', 'NaN', 'Infinity', 'x', [], {}, [1, 2]];
const SLOT_VALUES: unknown[] = [0, 1, -1, -0, 1e39, -1e39, Infinity, NaN, 'NaN', 'Infinity', '-Infinity', '1', null, 1e-45, 3.4e38];

/** A valid state for the config: random values (non-negative where the slot must be). */
function stateFor(spec: OptimizerSpec, seed: number): OptimizerState {
  const tensors = new Map<string, Record<string, Float32Array>>();
  for (const v of vars) {
    const slots: Record<string, Float32Array> = {};
    for (const s of spec.program.slots) slots[s] = Float32Array.from({ length: v.size }, (_, i) => Math.fround(((seed * 7 + i * 13) % 17) / 8 - (s === 'meanSquare' ? 0 : 1)));
    tensors.set(v.name, slots);
  }
  return { version: STATE_VERSION, step: seed % 5, slots: spec.program.slots, tensors };
}

const config = fc.record({ momentum: fc.constantFrom(0, 0.9), centered: fc.boolean(), seed: fc.nat({ max: 1000 }) });

/** Paths of every node in a document (hostile values go anywhere) */
function paths(x: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(x)) x.forEach((v, i) => paths(v, [...path, i], out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) paths(v, [...path, k], out);
  return out;
}
function setAt(doc: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  if (path.length === 0) return;
  let at: Record<string | number, unknown> = doc;
  for (const k of path.slice(0, -1)) {
    at = at[k] as Record<string | number, unknown>;
    // An earlier change replaced a parent: this one no longer applies.
    if (at === null || typeof at !== 'object') return;
  }
  if (value === DELETE) delete at[path[path.length - 1]!];
  // A fresh copy: VALUES' arrays and objects are shared by every run, and a second change may write into the
  // first one's value (a cycle, or a key leaking into later runs) if it is placed by reference.
  else Object.defineProperty(at, path[path.length - 1]!, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
}
const DELETE = Symbol('delete');

/** Keys to add to any object of the document: misspellings of its keys, prototype and unknown keys. */
const misspell = (k: string) => [k.slice(1), `${k}_`, k.toUpperCase()];

function change(doc: Record<string, unknown>): fc.Arbitrary<{ path: (string | number)[]; value: unknown }> {
  const all = paths(doc).filter((p) => p.length > 0);
  const objects = paths(doc).filter((p) => {
    let at: unknown = doc;
    for (const k of p) at = (at as Record<string | number, unknown>)[k];
    return at !== null && typeof at === 'object' && !Array.isArray(at);
  });
  const slotPaths = all.filter((p) => typeof p[p.length - 1] === 'number' && p.length >= 3);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...slotPaths), fc.constantFrom(...SLOT_VALUES)).map(([path, value]) => ({ path, value })) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...all), fc.constantFrom(...VALUES, DELETE)).map(([path, value]) => ({ path, value })) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...objects).chain((p) => {
        let at: unknown = doc;
        for (const k of p) at = (at as Record<string | number, unknown>)[k];
        const keys = Object.keys(at as object);
        const names = [...PROTOTYPE_KEYS, 'extra', ...keys.flatMap(misspell)];
        return fc.tuple(fc.constantFrom(...names), fc.constantFrom(...VALUES)).map(([k, value]) => ({ path: [...p, k], value }));
      }),
    },
  );
}

const frozen = (doc: unknown) => JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v));

/** Loads an accepted state into an optimizer and steps it once: accepted means usable. */
function loadAndStep(spec: OptimizerSpec, state: OptimizerState): void {
  const opt = new IsostepOptimizer(spec);
  try {
    opt.setState(state, vars);
    tf.tidy(() => opt.applyGradients(Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]))));
    expect(opt.iterations).toBe(state.step + 1);
  } finally {
    opt.dispose();
  }
}

function jsonProperty(format: 'torch' | 'keras') {
  const exporter = format === 'torch' ? toTorchState : toKerasState;
  const importer = format === 'torch' ? fromTorchState : fromKerasState;
  const preset = format === 'torch' ? 'torch' : 'keras3';
  return () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        config.chain(({ momentum, centered, seed }) => {
          const spec = fromPreset('rmsprop', preset, { momentum, centered });
          const doc = JSON.parse(JSON.stringify(exporter(stateFor(spec, seed), spec, refs()))) as Record<string, unknown>;
          return fc.tuple(fc.constant(doc), fc.array(change(doc), { minLength: 0, maxLength: 2 }));
        }),
        ([exported, changes]) => {
          const doc = structuredClone(exported);
          for (const { path, value } of changes) setAt(doc, path, value);
          const before = frozen(doc);
          try {
            const { spec, state } = importer(doc, refs());
            // What acceptance promises (issue 15 #3): no negative mean square, no infinity the document did not spell "Infinity".
            for (const slots of state.tensors.values()) {
              for (const [slot, values] of Object.entries(slots)) {
                for (const x of values) {
                  if (slot === 'meanSquare') expect(x < 0).toBe(false);
                  if (!Number.isFinite(x) && !Number.isNaN(x)) expect(before).toContain('Infinity');
                }
              }
            }
            loadAndStep(spec, state);
            accepted++;
          } catch (e) {
            if (e instanceof Error && e.name === 'AssertionError') throw e;
            expect(IsostepError.isInstance(e), String(e)).toBe(true);
            if (e instanceof StateImportError) {
              expect(e.message.length).toBeLessThan(700);
              // A JSON path wherever one part of the document is at fault (counts and pairings name the variable instead).
              if (e.jsonPath !== undefined) expect(e.jsonPath).toMatch(/^\$/);
            }
          }
          expect(frozen(doc)).toBe(before);
        },
      ),
      { numRuns: JSON_RUNS },
    );
    expect(accepted).toBeGreaterThan(JSON_RUNS / 20);
  };
}

describe('state documents: accepted, loaded and stepped, or refused by a typed error', () => {
  it(`torch state_dicts, ${JSON_RUNS} generated`, jsonProperty('torch'));
  it(`Keras optimizer variables, ${JSON_RUNS} generated`, jsonProperty('keras'));

  it(`TF.js built-in weights lists, ${WEIGHTS_RUNS} generated`, async () => {
    let accepted = 0;
    const entryChange = fc.oneof(
      fc.record({ kind: fc.constant('name'), at: fc.nat({ max: 6 }), value: fc.constantFrom<unknown>('prop/w/rms', 'prop/b/rms', 'other/rms', 'prop/w/mg', 'iter', '', null, 5) }),
      fc.record({ kind: fc.constant('tensor'), at: fc.nat({ max: 6 }), value: fc.constantFrom<unknown>('scalar-5', 'scalar-2.5', 'shape2', 'int', 'negative', 'nan', null, 'disposed', [1, 2]) }),
      fc.record({ kind: fc.constant('entry'), at: fc.nat({ max: 6 }), value: fc.constantFrom<unknown>(null, undefined, 'drop', 'dup', {}) }),
    );
    await fc.assert(
      fc.asyncProperty(config, fc.array(entryChange, { maxLength: 2 }), async ({ momentum, centered, seed }, changes) => {
        const spec = fromPreset('rmsprop', 'tfjs', { momentum, centered });
        const list: unknown[] = toTfjsWeights(stateFor(spec, seed), spec, refs());
        const made: { dispose(): void }[] = list.map((e) => (e as { tensor: { dispose(): void } }).tensor);
        const tensorFor = (v: unknown, like: { shape: number[] } | undefined) => {
          const shape = like?.shape ?? [];
          const t =
            v === 'scalar-5' ? tf.scalar(-5) : v === 'scalar-2.5' ? tf.scalar(2.5) : v === 'shape2' ? tf.zeros([2]) : v === 'int' ? tf.zeros(shape, 'int32')
            : v === 'negative' ? tf.fill(shape, -1) : v === 'nan' ? tf.fill(shape, Number.NaN) : v === 'disposed' ? tf.zeros(shape) : null;
          if (t) made.push(t);
          if (v === 'disposed') t!.dispose();
          return t ?? v;
        };
        for (const c of changes) {
          const i = c.at % list.length;
          const entry = list[i] as { name: unknown; tensor: { shape: number[] } } | null;
          if (c.kind === 'name' && entry) list[i] = { ...entry, name: c.value };
          else if (c.kind === 'tensor' && entry) list[i] = { ...entry, tensor: tensorFor(c.value, entry.tensor) };
          else if (c.kind === 'entry') {
            if (c.value === 'drop') list.splice(i, 1);
            else if (c.value === 'dup') list.splice(i, 0, list[i]);
            else list[i] = c.value;
          }
        }
        try {
          const state = await fromTfjsWeights(list as never, spec, refs());
          loadAndStep(spec, state);
          accepted++;
        } catch (e) {
          if (e instanceof Error && e.name === 'AssertionError') throw e;
          expect(IsostepError.isInstance(e), String(e)).toBe(true);
          expect((e as Error).message.length).toBeLessThan(700);
        } finally {
          for (const t of made) t.dispose();
        }
      }),
      { numRuns: WEIGHTS_RUNS },
    );
    expect(accepted).toBeGreaterThan(WEIGHTS_RUNS / 20);
  });
});
