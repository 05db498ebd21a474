/**
 * The reports on results written by hand: the summary matrix (one row per framework × optimizer, per
 * backend the runs passed, max ulp and max absolute error; skips counted with grouped reasons; a first-
 * failure line with expected, actual, ulp, |error| and bound), the per-run table, and JUnit XML read back
 * by a JUnit parser (junit2json) as a CI system would read it.
 */
import { parse, type TestSuites } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { junitReport } from '../src/report/junit-report.js';
import { summaryReport } from '../src/report/summary-report.js';
import { tableReport } from '../src/report/table-report.js';
import type { ConformResult, FirstFailure } from '../src/runner/result.js';

// The example: a float32 that should be 0 and is 897,581,056 ulps away, yet tiny in absolute terms.
const TINY = new Float32Array(new Int32Array([897_581_056]).buffer)[0]!;

function result(over: Partial<ConformResult>): ConformResult {
  return {
    case: 'torch_basic', file: 'golden/torch/torch_basic.json', framework: 'torch', optimizer: 'rmsprop', dtype: 'float32',
    backend: 'cpu-f32', device: 'cpu', mode: 'resync', preset: 'torch', pass: true, skipped: false, skipReason: null, error: null,
    maxUlp: 0, slots: { params: 0, square_avg: 0 }, maxAbsError: 0, maxBound: 0, firstFailure: null, steps: 3, elements: 4, shard: null,
    ...over,
  };
}

const failure: FirstFailure = {
  step: 2, param: 'w', slot: 'square_avg', index: 5, expected: 0, actual: TINY, ulpDistance: 897_581_056, absError: TINY,
  bound: 0, interval: [0, 0], intervalAllowsNaN: false, outside: 'actual',
};

const results: ConformResult[] = [
  result({}),
  result({ mode: 'free' }),
  result({ case: 'torch_zero', file: 'golden/torch/torch_zero.json', pass: false, maxUlp: 897_581_056, maxAbsError: TINY, slots: { params: 0, square_avg: 897_581_056 }, firstFailure: failure }),
  result({ case: 'torch_f64', file: 'golden/torch/torch_f64.json', dtype: 'float64', skipped: true, pass: false, skipReason: 'cpu-f32 runs float32 traces only; this trace is float64', maxUlp: null, maxAbsError: null, maxBound: null, slots: {} }),
  result({ case: 'keras_basic', file: 'golden/keras/keras_basic.json', framework: 'keras', preset: 'keras3', backend: 'cpu-fast', maxUlp: 3, maxAbsError: 2.5e-9 }),
  result({ case: 'adam_bad_args', file: 'x.json', framework: 'keras', optimizer: 'adam', backend: 'cpu-fast', pass: false, error: 'unknown argument "bet"', maxUlp: null, maxAbsError: null, slots: {} }),
  result({ case: 'sharded', file: 'run/rank-1/trace.json', backend: 'cpu-fast', shard: { rank: 1, worldSize: 4 } }),
];

describe('summary matrix', () => {
  const text = summaryReport(results);
  const lines = text.split('\n');

  it('has one row per framework × optimizer and, per backend, passed/ran, max ulp and max abs error', () => {
    expect(lines[0]).toBe('6 traces × 2 backends × 2 modes (resync, free; counted together, --details for each run)');
    expect(lines[2]).toMatch(/^\s+cpu-f32\s+cpu-fast$/);
    expect(lines[3]).toMatch(/^framework\s+optimizer\s+passed\s+max ulp\s+max abs err\s+passed\s+max ulp\s+max abs err\s+skipped$/);
    const row = (fw: string, opt: string) => lines.find((l) => l.startsWith(`${fw} `) && l.includes(` ${opt} `))!.trim().split(/\s{2,}/);
    expect(row('keras', 'adam')).toEqual(['keras', 'adam', '-', '-', '-', '0/1', '-', '-', '0']);
    expect(row('keras', 'rmsprop')).toEqual(['keras', 'rmsprop', '-', '-', '-', '1/1', '3', '2.5e-9', '0']);
    expect(row('torch', 'rmsprop')).toEqual(['torch', 'rmsprop', '2/3', '897,581,056', '9.54e-7', '1/1', '0', '0', '1']);
  });

  it('counts skips by reason instead of listing them, and ends with the totals line', () => {
    expect(text).toContain('Skipped:\n  1 × cpu-f32 runs float32 traces only; this trace is float64');
    expect(text).not.toContain('torch_f64');
    expect(lines.at(-1)).toBe('4 passed, 2 failed, 1 skipped');
  });

  it('gives each failed run a first-failure line with expected, actual, ulp, absolute error and bound', () => {
    expect(text).toContain(
      `torch_zero [cpu-f32, resync]: step 2, parameter w, square_avg[5]: expected 0, actual ${TINY}, 897,581,056 ulp, |error| 9.54e-7; ` +
        'bound 0 ulp, interval [0, 0]; outside: actual (the backend departs from the spec)',
    );
    expect(text).toContain('adam_bad_args [cpu-fast, resync]: unknown argument "bet"');
  });
});

describe('details table', () => {
  it('lists every run, with the absolute error beside the ulps and the rank of a shard', () => {
    const text = tableReport(results);
    expect(text).toMatch(/^case\s+framework\s+optimizer\s+dtype\s+backend\s+mode\s+result\s+max ulp\s+max abs err\s+bound\s+ulp per slot$/m);
    expect(text).toMatch(/torch_zero\s+torch\s+rmsprop\s+float32\s+cpu-f32\s+resync\s+FAIL\s+897,581,056\s+9\.54e-7\s+0\s+params=0 square_avg=897,581,056/);
    expect(text).toMatch(/torch_f64 .* SKIP .* cpu-f32 runs float32 traces only/);
    expect(text).toMatch(/sharded \[rank 1\/4\]\s+torch/);
  });
});

describe('JUnit XML', () => {
  it('is read back by a JUnit parser: one test case per trace × backend × mode, failures, errors and skips', async () => {
    // The root is <testsuites>: junit2json types the two possible roots as a union.
    const doc = (await parse(junitReport(results))) as TestSuites;
    expect(doc).toMatchObject({ name: 'isostep conform', tests: 7, failures: 1, errors: 1, skipped: 1 });
    const cases = doc.testsuite!.flatMap((s) => s.testcase ?? []);
    expect(cases).toHaveLength(results.length);
    expect(doc.testsuite!.map((s) => s.name)).toEqual(['isostep conform cpu-f32 resync', 'isostep conform cpu-f32 free', 'isostep conform cpu-fast resync']);
    const byName = new Map(cases.map((c) => [c.name, c]));
    expect(byName.get('torch_basic [cpu-f32, resync]')).toMatchObject({ classname: 'isostep.torch.rmsprop.float32' });
    expect(byName.get('torch_basic [cpu-f32, resync]')!.failure).toBeUndefined();
    const failed = byName.get('torch_zero [cpu-f32, resync]')!.failure![0]!;
    expect(failed.message).toMatch(/step 2, parameter w, square_avg\[5\]: expected 0, actual .* 897,581,056 ulp, \|error\| 9\.54e-7; bound 0 ulp/);
    expect(failed.inner).toMatch(/max ulp per slot: params=0 square_avg=897581056/);
    expect(byName.get('torch_f64 [cpu-f32, resync]')!.skipped![0]!.message).toBe('cpu-f32 runs float32 traces only; this trace is float64');
    expect(byName.get('adam_bad_args [cpu-fast, resync]')!.error![0]!.message).toBe('unknown argument "bet"');
    expect(byName.has('sharded [rank 1/4] [cpu-fast, resync]')).toBe(true);
  });

  it('escapes what XML cannot hold raw', async () => {
    const doc = (await parse(junitReport([result({ case: 'a<b>&"c"', pass: false, error: 'bad <tag> & "quote"' })]))) as TestSuites;
    const tc = doc.testsuite![0]!.testcase![0]!;
    expect(tc.name).toBe('a<b>&"c" [cpu-f32, resync]');
    expect(tc.error![0]!.message).toBe('bad <tag> & "quote"');
  });
});
