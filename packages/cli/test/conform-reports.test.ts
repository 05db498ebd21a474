/**
 * What `isostep conform` prints and writes, through the real command: the summary matrix of the README's
 * main job in one screen, --junit read back by a JUnit parser, binary traces and a directory of shards
 * reported per rank, and the help naming the outputs and exit codes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type TestSuites } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { jsonTraceToBinary, parseTrace } from '@isostep/conformance/node';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { isostep } from './run-isostep.js';

/** A one-step keras trace written by hand, and the same with one value one float32 ulp off. */
function traces() {
  const good = {
    format: 'isostep-golden/2',
    case: {
      name: 'hand_keras', framework: 'keras', optimizer: 'rmsprop', dtype: 'float32',
      hyperparameters: { learning_rate: 0.5, rho: 0.5, epsilon: 0.25 },
      params: [{ name: 'w', shape: [2], init: [1, -2] }], gradient: { kind: 'list' }, lr_schedule: 'constant', steps: 1,
    },
    versions: { keras: 'hand' },
    state_slots: ['velocity'],
    initial_state: { w: { velocity: [0, 0] } },
    // v = 0.5·g² = [0.5, 2]; d = √(v + 0.25) = [√0.75, 1.5]; p − 0.5·g/d
    steps: [{ step: 1, grads: { w: [1, 2] }, params: { w: [Math.fround(1 - Math.fround(0.5 / Math.fround(Math.sqrt(0.75)))), -2 - (0.5 * 2) / 1.5] }, state: { w: { velocity: [0.5, 2] } } }],
  };
  const bad = structuredClone(good);
  bad.case.name = 'hand_keras_off';
  const f = new Float32Array([bad.steps[0]!.params.w[1]!]);
  new Int32Array(f.buffer)[0]! += 1;
  bad.steps[0]!.params.w[1] = f[0]!;
  return { good, bad };
}

describe('isostep conform reports', () => {
  it('prints the summary matrix of every golden trace on the CPU backends in one screen (the README main job)', () => {
    const r = isostep('conform', GOLDEN_DIR, '--backend', 'cpu-f32,cpu-f64,cpu-fast', '--mode', 'resync,free');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(50);
    expect(lines.find((l) => l.startsWith('framework'))).toMatch(/passed\s+max ulp\s+max abs err/);
    expect(lines.some((l) => /^torch\s+rmsprop\s/.test(l))).toBe(true);
    expect(r.stdout).toContain('\nSkipped:\n');
    expect(r.stdout).toMatch(/^ {2}\d+ × cpu-f64 runs float64 traces only; this trace is float32$/m);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
  }, 300_000);

  it('writes JUnit XML that a JUnit parser reads: a test case per trace × backend × mode, the first failure as message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-junit-'));
    const { good, bad } = traces();
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const report = join(dir, 'report.xml');
    const r = isostep('conform', dir, '--backend', 'cpu-f32,cpu-f64', '--mode', 'resync,free', '--junit', report);
    expect(r.code).toBe(1);
    // The summary names the failure with its absolute error and bound.
    expect(r.stdout).toMatch(/hand_keras_off \[cpu-f32, resync\]: step 1, parameter w, params\[1\]: expected .*, 1 ulp, \|error\| 2\.38e-7; bound 0 ulp/);
    const doc = (await parse(readFileSync(report, 'utf8'))) as TestSuites;
    expect(doc).toMatchObject({ tests: 8, failures: 2, errors: 0, skipped: 4 });
    const cases = doc.testsuite!.flatMap((s) => s.testcase ?? []);
    expect(cases.map((c) => c.name).sort()).toEqual(
      ['hand_keras', 'hand_keras_off'].flatMap((n) => ['cpu-f32', 'cpu-f64'].flatMap((b) => ['resync', 'free'].map((m) => `${n} [${b}, ${m}]`))).sort(),
    );
    const failed = cases.find((c) => c.name === 'hand_keras_off [cpu-f32, free]')!;
    expect(failed.failure![0]!.message).toMatch(/params\[1\]: expected .* 1 ulp/);
    expect(cases.find((c) => c.name === 'hand_keras [cpu-f64, resync]')!.skipped![0]!.message).toMatch(/runs float64 traces only/);
  });

  it('refuses a --junit path it cannot write before running anything (exit 2)', () => {
    const r = isostep('conform', GOLDEN_DIR, '--junit', '/nonexistent-dir/report.xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--junit \/nonexistent-dir\/report\.xml: the directory .* does not exist/);
  });

  it('conforms a directory of binary shards, one result per rank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-shards-'));
    await jsonTraceToBinary(parseTrace(JSON.stringify(traces().good), 'good.json'), dir, 2);
    const r = isostep('conform', dir, '--details');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hand_keras \[rank 0\/2\]\s+keras\s+rmsprop\s+float32\s+cpu-f32\s+resync\s+pass/);
    expect(r.stdout).toMatch(/hand_keras \[rank 1\/2\]\s+keras\s+rmsprop\s+float32\s+cpu-f32\s+resync\s+pass/);
  });

  it('documents the outputs and the exit codes in --help', () => {
    const r = isostep('conform', '--help');
    expect(r.code).toBe(0);
    for (const s of ['--details', '--junit <file>', 'summary matrix', 'isostep-golden/2+safetensors', 'Exit codes:']) expect(r.stdout).toContain(s);
    expect(r.stdout).toMatch(/0 +success/);
  });
});
