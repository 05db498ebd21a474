/**
 * `isostep conform` on a hand-written `isostep-golden/2` trace (named tensors; the fixture the conformance
 * package keeps for its own reader tests): it passes on the exact CPU backend, and the same trace with one
 * recorded value moved by one ulp fails with exit 1, naming the step, parameter and element.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isostep } from './run-isostep.js';

const FIXTURES = fileURLToPath(new URL('../../conformance/test/fixtures/', import.meta.url));

interface V2Trace {
  format: string;
  case: { name: string; dtype: 'float32' | 'float64' };
  steps: { params: Record<string, (number | string)[]> }[];
}

/** The first hand-written v2 trace among the conformance fixtures. */
function v2Fixture(): { file: string; trace: V2Trace } {
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(FIXTURES, name);
    const trace = JSON.parse(readFileSync(file, 'utf8')) as V2Trace;
    if (trace.format === 'isostep-golden/2') return { file, trace };
  }
  throw new Error(`no isostep-golden/2 fixture in ${FIXTURES}`);
}

/** The next value up on the dtype's grid (x finite and non-zero here, so the bit pattern's neighbour). */
function oneUlpAway(x: number, dtype: 'float32' | 'float64'): number {
  if (dtype === 'float32') {
    const f = new Float32Array([x]);
    new Int32Array(f.buffer)[0]! += 1;
    return f[0]!;
  }
  const d = new Float64Array([x]);
  new BigInt64Array(d.buffer)[0]! += 1n;
  return d[0]!;
}

describe('isostep conform on a v2 trace', () => {
  const { file, trace } = v2Fixture();
  const cpu = trace.case.dtype === 'float32' ? 'cpu-f32' : 'cpu-f64';

  it('passes bit-exactly on the exact CPU backend, exit 0', () => {
    const r = isostep('conform', file, '--backend', cpu, '--mode', 'resync,free', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ passed: 2, failed: 0, skipped: 0 });
    for (const row of doc.results) expect(row).toMatchObject({ case: trace.case.name, backend: cpu, pass: true });
  });

  it('fails with exit 1 when one value of the last parameter after step 1 is one ulp off', () => {
    const off = structuredClone(trace);
    const names = Object.keys(off.steps[0]!.params);
    const param = names[names.length - 1]!;
    const values = off.steps[0]!.params[param]!;
    const index = values.findIndex((v) => typeof v === 'number' && v !== 0 && Number.isFinite(v));
    expect(index).toBeGreaterThanOrEqual(0);
    values[index] = oneUlpAway(values[index] as number, trace.case.dtype);
    const bad = join(mkdtempSync(join(tmpdir(), 'isostep-cli-v2-')), 'one-ulp-off.json');
    writeFileSync(bad, JSON.stringify(off));

    const r = isostep('conform', bad, '--backend', cpu, '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ passed: 0, failed: 1 });
    expect(doc.results[0].pass).toBe(false);
    // The recorded value left its acceptance interval (a single float there: bound 0), not the backend's.
    expect(doc.results[0].firstFailure).toMatchObject({ step: 1, param, slot: 'params', index, ulpDistance: 1, bound: 0, outside: 'expected' });
  });
});
