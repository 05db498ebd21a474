/**
 * Both sides of the binary form with the libraries each side would use: Python's `safetensors` (the
 * library torch and Hugging Face write with) writes a trace the TypeScript reader runs, and reads back
 * the files the TypeScript writer wrote. Runs when the project's .venv has safetensors; says why not
 * otherwise (CI without Python still runs every TypeScript-only test of the format).
 */
import { cpuBackend } from '@isostep/reference-cpu';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBinaryTrace } from '../../src/binary/run-binary-trace.js';
import { BinaryTraceSource, jsonTraceToBinary } from '../../src/node.js';
import { runTrace } from '../../src/runner/run-trace.js';
import { parseTrace } from '../../src/trace/index.js';

const PYTHON = fileURLToPath(new URL('../../../../.venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./json_to_binary.py', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/torch_rmsprop_two_tensors.json', import.meta.url));

const why = !existsSync(PYTHON)
  ? `no Python venv at ${PYTHON} (pnpm golden creates it)`
  : spawnSync(PYTHON, ['-c', 'import safetensors, numpy']).status !== 0
    ? 'the venv lacks safetensors (pip install safetensors)'
    : null;

describe.skipIf(why !== null)(`binary traces across Python and TypeScript${why ? ` (skipped: ${why})` : ''}`, () => {
  const trace = parseTrace(readFileSync(FIXTURE, 'utf8'), FIXTURE);

  it('runs a trace written by Python safetensors exactly as its JSON original', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-py-'));
    execFileSync(PYTHON, [SCRIPT, FIXTURE, dir]);
    const source = await BinaryTraceSource.open(join(dir, 'trace.json'));
    try {
      for (const mode of ['resync', 'free'] as const) {
        const binary = await runBinaryTrace(source, cpuBackend('float32'), mode, { chunkElements: 2 });
        const json = await runTrace(trace, cpuBackend('float32'), mode);
        expect(binary.pass).toBe(true);
        expect({ ...binary, file: '' }).toEqual({ ...json, file: '' });
      }
    } finally {
      await source.close();
    }
  });

  it('writes files Python safetensors reads back bit for bit', async () => {
    const [manifest] = await jsonTraceToBinary(trace, mkdtempSync(join(tmpdir(), 'isostep-ts-')));
    const read = JSON.parse(execFileSync(PYTHON, [SCRIPT, '--check', manifest!], { encoding: 'utf8' })) as Record<string, Record<string, number[]>>;
    expect(read['initial.safetensors']!['params/w']).toEqual([...trace.case.params[0]!.init]);
    for (const s of trace.steps) {
      const file = read[`step-${String(s.step).padStart(5, '0')}.safetensors`]!;
      expect(file['grads/b']).toEqual([...s.grads.get('b')!]);
      expect(file['state/momentum_buffer/w']).toEqual([...s.state.get('w')!.momentum_buffer!]);
    }
  });
});
