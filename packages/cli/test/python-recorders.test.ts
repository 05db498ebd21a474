/**
 * The Python recorders end to end: `isostep recorder --python` writes the module, a user's training loop
 * (test/recorders/*.py: a two-layer MLP with torch + StepLR, Keras 3 + ExponentialDecay, optax + a
 * schedule) records its steps with it, and `isostep conform` passes the trace on cpu-f32 and tfjs-wasm.
 *
 * Python runs only where the repository's `.venv` exists (`pnpm golden` creates it); CI has none, so
 * there each test is reported skipped with that reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isostep } from './run-isostep.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const SCRIPTS = fileURLToPath(new URL('./recorders/', import.meta.url));
const NO_VENV = existsSync(PYTHON) ? null : `no Python environment at ${PYTHON} (create it with \`pnpm golden\`); the recorders need torch, keras and optax`;

/** Writes the recorder module with the CLI, runs one training script with it, returns the trace's path. */
function record(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'isostep-recorder-'));
  const module = isostep('recorder', '--python');
  expect(module.code).toBe(0);
  writeFileSync(join(dir, 'isostep_record.py'), module.stdout);
  const trace = join(dir, `${script.replace(/\.py$/, '')}.json`);
  const env = { ...process.env, OMP_NUM_THREADS: '1', CUDA_VISIBLE_DEVICES: '', TF_CPP_MIN_LOG_LEVEL: '3', JAX_PLATFORMS: 'cpu', KERAS_BACKEND: 'tensorflow' };
  const r = spawnSync(PYTHON, [join(SCRIPTS, script), dir, trace], { encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  return trace;
}

function conformBoth(trace: string) {
  const r = isostep('conform', trace, '--backend', 'cpu-f32,tfjs-wasm', '--mode', 'resync,free', '--json');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { results: { backend: string; mode: string; pass: boolean; skipped: boolean }[]; summary: { passed: number; failed: number; skipped: number } };
}

describe('isostep recorder --python', () => {
  it('writes the module: the three recorders and the format tag', () => {
    const r = isostep('recorder', '--python');
    expect(r.code).toBe(0);
    for (const name of ['class TorchRecorder', 'class KerasRecorder', 'class OptaxRecorder', 'isostep-golden/2']) expect(r.stdout).toContain(name);
  });

  it('without --python is a usage error (exit 2)', () => {
    expect(isostep('recorder').code).toBe(2);
  });
});

const CASES = [
  { script: 'torch_mlp.py', framework: 'torch', optimizer: 'rmsprop', slots: ['momentum_buffer', 'square_avg'], params: ['0.weight', '0.bias', '2.weight', '2.bias'] },
  { script: 'keras_mlp.py', framework: 'keras', optimizer: 'rmsprop', slots: ['momentum', 'velocity'], params: ['sequential/dense/kernel', 'sequential/dense/bias', 'sequential/dense_1/kernel', 'sequential/dense_1/bias'] },
  { script: 'optax_mlp.py', framework: 'optax', optimizer: 'adam', slots: ['mu', 'nu'], params: ['layer1.b', 'layer1.w', 'layer2.b', 'layer2.w'] },
] as const;

describe('a recorded training loop passes isostep conform on cpu-f32 and tfjs-wasm', () => {
  for (const c of CASES) {
    it(`${c.framework} (${c.script})${NO_VENV ? ' [skipped: no .venv]' : ''}`, (ctx) => {
      if (NO_VENV) ctx.skip(NO_VENV);
      const file = record(c.script);
      const trace = JSON.parse(readFileSync(file, 'utf8'));
      expect(trace.format).toBe('isostep-golden/2');
      expect(trace.case).toMatchObject({ framework: c.framework, optimizer: c.optimizer, dtype: 'float32', lr_schedule: 'recorded' });
      expect(trace.case.params.map((p: { name: string }) => p.name)).toEqual(c.params);
      expect(trace.state_slots).toEqual(c.slots);
      expect(Object.keys(trace.versions)).toContain(c.framework);
      // The schedule changed the learning rate during the recorded steps.
      const lrs = new Set(trace.steps.map((s: { lr: number }) => s.lr));
      expect(lrs.size).toBeGreaterThan(1);
      const doc = conformBoth(file);
      expect(doc.summary).toMatchObject({ failed: 0, skipped: 0, passed: 4 });
      expect(doc.results.map((r) => `${r.backend}/${r.mode}`).sort()).toEqual(['cpu-f32/free', 'cpu-f32/resync', 'tfjs-wasm/free', 'tfjs-wasm/resync']);
    }, 180_000);
  }
});
