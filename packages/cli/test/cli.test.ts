/**
 * The `isostep conform` contract, through the real command in a child process: one JSON document with
 * --json; exit 0 when nothing failed, 1 when a check failed, 2 on bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { isostep } from './run-isostep.js';

/** A trace written by hand, as a user of another tool would: not from this repo's generators. */
const foreign = {
  format: 'isostep-golden-rmsprop/1',
  case: {
    name: 'hand_written_keras',
    framework: 'keras',
    dtype: 'float32',
    hyperparameters: { learning_rate: 0.5, rho: 0.5, epsilon: 0.25 },
    init_params: [1, -2],
    gradient: { kind: 'list', values: [[1, 2]] },
    steps: 1,
  },
  versions: { keras: 'hand', recorder: 'a person with a pencil' },
  state_slots: ['velocity'],
  initial_state: { velocity: [0, 0] },
  // v = 0.5·0 + 0.5·g² = [0.5, 2]; d = √(v + 0.25) = [√0.75, √2.25 = 1.5]; p − 0.5·g/d
  steps: [{ step: 1, grad: [1, 2], params: [Math.fround(1 - Math.fround(0.5 / Math.fround(Math.sqrt(0.75)))), -2 - 0.5 * 2 / 1.5], state: { velocity: [0.5, 2] } }],
  recorded_by: 'an extra top-level key a future writer might add',
};

describe('isostep conform', () => {
  it('prints exactly one JSON document with the documented shape and exits 0 when all pass', () => {
    const r = isostep('conform', join(GOLDEN_DIR, 'keras'), '--backend', 'cpu-f32,cpu-f64', '--mode', 'resync,free', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['results', 'summary']);
    expect(doc.summary.failed).toBe(0);
    expect(doc.summary.passed).toBeGreaterThan(0);
    expect(doc.summary.skipped).toBeGreaterThan(0); // float64 traces on cpu-f32 and vice versa
    // An RMSprop row: the Keras slot below is RMSprop's (`velocity`); other optimizers' traces sit beside it.
    const row = doc.results.find((x: { skipped: boolean; optimizer: string }) => !x.skipped && x.optimizer === 'rmsprop');
    for (const key of ['case', 'framework', 'dtype', 'backend', 'mode', 'pass', 'skipped', 'maxUlp', 'slots', 'firstFailure']) expect(row).toHaveProperty(key);
    expect(row.slots).toHaveProperty('params');
    expect(row.slots).toHaveProperty('velocity');
    const skipped = doc.results.find((x: { skipped: boolean }) => x.skipped);
    expect(skipped.skipReason).toMatch(/runs float(32|64) traces only/);
  });

  it('accepts a valid trace this repo did not generate, and fails it when a value is off by one ulp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-cli-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(foreign));
    const ok = isostep('conform', good, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).results[0]).toMatchObject({ case: 'hand_written_keras', pass: true, maxUlp: 0 });

    const off = structuredClone(foreign);
    const f = new Float32Array([off.steps[0]!.params[1]!]);
    new Int32Array(f.buffer)[0]! += 1;
    off.steps[0]!.params[1] = f[0]!;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(off));
    const r = isostep('conform', bad, '--json');
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.pass).toBe(false);
    expect(res.firstFailure).toMatchObject({ step: 1, slot: 'params', index: 1, ulpDistance: 1, bound: 0, outside: 'expected' });
  });

  it('reports a corrupt file as a failure naming the file and JSON path, and still runs the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-cli-'));
    writeFileSync(join(dir, 'a_corrupt.json'), JSON.stringify({ ...foreign, state_slots: ['velocity', 'momentum'] }));
    writeFileSync(join(dir, 'b_good.json'), JSON.stringify(foreign));
    const r = isostep('conform', dir, '--details');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a_corrupt\.json: \$\.initial_state(\.momentum)?: expected/);
    expect(r.stdout).toMatch(/hand_written_keras .* pass/);
    expect(r.stdout).toMatch(/1 passed, 1 failed, 0 skipped/);
  });

  it('rejects unknown backends and modes with the allowed list and exit 2 (bad input)', () => {
    const r = isostep('conform', GOLDEN_DIR, '--backend', 'cuda');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown backend "cuda"; allowed: cpu-f32, cpu-f64/);
    const m = isostep('conform', GOLDEN_DIR, '--mode', 'fast');
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/unknown mode "fast"; allowed: resync, free/);
  });

  it('fails on a path that does not exist', () => {
    const r = isostep('conform', '/nonexistent/trace.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
  });
});

describe('isostep train', () => {
  it('exits 2 on a bad option, naming it, before reading any data', () => {
    const r = isostep('train', '--batch', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--batch: 0 is outside/);
    expect(r.stdout).toBe('');
  });
});
