import { cpuBackend } from '@isostep/reference-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonReport, runAll, type ConformResult } from '../src/node.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/torch_rmsprop_two_tensors.json', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'isostep-run-all-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('runAll', () => {
  it('runs every file × backend × mode in order, and turns an unreadable file into failed results', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"format": "isostep-golden/2"');
    const backends = [cpuBackend('float32'), cpuBackend('float64')];
    const seen: ConformResult[] = [];
    const results = await runAll([FIXTURE, broken], backends, ['resync', 'free'], { onResult: (r) => seen.push(r) });
    expect(seen).toEqual(results);
    expect(results.map((r) => [r.backend, r.mode, r.skipped ? 'skip' : r.pass ? 'pass' : 'fail'])).toEqual([
      ['cpu-f32', 'resync', 'pass'],
      ['cpu-f32', 'free', 'pass'],
      ['cpu-f64', 'resync', 'skip'],
      ['cpu-f64', 'free', 'skip'],
      ['cpu-f32', 'resync', 'fail'],
      ['cpu-f32', 'free', 'fail'],
      ['cpu-f64', 'resync', 'fail'],
      ['cpu-f64', 'free', 'fail'],
    ]);
    expect(results[0]).toMatchObject({ case: 'torch_rmsprop_two_tensors', optimizer: 'rmsprop', preset: 'torch' });
    expect(results[4]).toMatchObject({ file: broken, optimizer: '?', framework: '?' });
    expect(results[4]!.error).toContain(`${broken}: $: expected valid JSON`);
    const json = JSON.parse(jsonReport(results)) as { summary: unknown; results: { optimizer: string }[] };
    expect(json.summary).toEqual({ passed: 2, failed: 4, skipped: 2 });
    expect(json.results[0]!.optimizer).toBe('rmsprop');
  });
});
