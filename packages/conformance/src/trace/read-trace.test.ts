import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTraceFiles, readTraceFile } from './read-trace.js';
import { TraceFormatError } from './trace-format-error.js';

/** The smallest valid trace: one float64 param, one step, one slot. */
const VALID = JSON.stringify({
  format: 'isostep-golden-rmsprop/1',
  case: {
    name: 'tiny',
    framework: 'optax',
    dtype: 'float64',
    hyperparameters: { learning_rate: 0.1 },
    init_params: [1],
    gradient: { kind: 'quadratic', coeffs: [0.5] },
    steps: 1,
  },
  versions: { optax: '0.2.5' },
  state_slots: ['nu'],
  initial_state: { nu: [0] },
  steps: [{ step: 1, grad: [1], params: [0.9], state: { nu: [0.1] } }],
});

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'isostep-trace-'));
  for (const dir of ['b', 'a/deep', 'empty']) await mkdir(join(root, dir), { recursive: true });
  for (const file of ['z.json', 'b/2.json', 'b/10.json', 'a/deep/x.json', 'a/y.json']) {
    await writeFile(join(root, file), VALID);
  }
  await writeFile(join(root, 'a/notes.txt'), 'not a trace');
  await writeFile(join(root, 'a/trace.json.bak'), VALID);
  await writeFile(join(root, 'broken.json'), VALID.slice(0, 50));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('collectTraceFiles', () => {
  it('expands directories recursively to sorted *.json files', async () => {
    const files = await collectTraceFiles([join(root, 'a'), join(root, 'b')]);
    expect(files).toEqual([
      join(root, 'a/deep/x.json'),
      join(root, 'a/y.json'),
      join(root, 'b/10.json'),
      join(root, 'b/2.json'),
    ]);
  });

  it('sorts across arguments, keeps named files and drops duplicates', async () => {
    const files = await collectTraceFiles([join(root, 'z.json'), join(root, 'b'), join(root, 'b/2.json'), join(root, 'empty')]);
    expect(files).toEqual([join(root, 'b/10.json'), join(root, 'b/2.json'), join(root, 'z.json')]);
  });

  it('rejects a path that does not exist', async () => {
    const missing = join(root, 'nope');
    await expect(collectTraceFiles([join(root, 'b'), missing])).rejects.toThrow(`trace path does not exist: ${missing}`);
  });
});

describe('readTraceFile', () => {
  it('reads and parses a trace file', async () => {
    const trace = await readTraceFile(join(root, 'a/y.json'));
    expect(trace.file).toBe(join(root, 'a/y.json'));
    expect(trace.case.name).toBe('tiny');
    expect(Array.from(trace.steps[0]?.state.get('p')?.nu ?? [])).toEqual([0.1]);
  });

  it('names the file in a format error', async () => {
    const file = join(root, 'broken.json');
    const error: unknown = await readTraceFile(file).catch((e: unknown) => e);
    expect(TraceFormatError.isInstance(error)).toBe(true);
    expect((error as TraceFormatError).jsonPath).toBe('$');
    expect((error as TraceFormatError).message.startsWith(`${file}: $: expected valid JSON`)).toBe(true);
  });
});
