/**
 * The runner on an `isostep-golden/2` trace it did not make: `fixtures/torch_rmsprop_two_tensors.json`,
 * written by `fixtures/make-torch-rmsprop-two-tensors.ts` from torch's float32 RMSprop step spelled out
 * by hand (no spec element step involved). Two named tensors (`w` [2, 3], `b` [3]), momentum, and a
 * different learning rate at every step: the runner must feed each parameter its own gradient and each
 * step its recorded lr, and check every tensor and slot.
 */
import { cpuBackend } from '@isostep/reference-cpu';
import { cpuFastBackend } from '@isostep/reference-cpu/node';
import { ulpDistance } from '@isostep/spec';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tableReport } from '../src/report/table-report.js';
import { runTrace } from '../src/runner/run-trace.js';
import { parseTrace } from '../src/trace/index.js';

const FILE = fileURLToPath(new URL('./fixtures/torch_rmsprop_two_tensors.json', import.meta.url));
const TEXT = await readFile(FILE, 'utf8');

type Json = ReturnType<typeof JSON.parse>;

/** The fixture with one edit applied to its JSON. */
function damaged(edit: (trace: Json) => void) {
  const json = JSON.parse(TEXT) as Json;
  edit(json);
  return parseTrace(JSON.stringify(json), FILE);
}

/** The next float32 above x (x finite, positive or negative). */
function nextUp32(x: number): number {
  const bits = new Int32Array(new Float32Array([x]).buffer);
  bits[0] = x >= 0 ? bits[0]! + 1 : bits[0]! - 1;
  return new Float32Array(bits.buffer)[0]!;
}

describe('a hand-written v2 trace: torch RMSprop with momentum, two tensors, recorded lr', () => {
  const trace = parseTrace(TEXT, FILE);

  it('is what it claims: two named tensors and a different lr at every step', () => {
    expect(trace.format).toBe('isostep-golden/2');
    expect(trace.case.params.map((p) => [p.name, p.shape])).toEqual([
      ['w', [2, 3]],
      ['b', [3]],
    ]);
    expect(trace.case.lrSchedule).toBe('recorded');
    const lrs = trace.steps.map((s) => s.lr);
    expect(new Set(lrs).size).toBe(trace.steps.length);
    expect(trace.stateSlots).toEqual(['square_avg', 'momentum_buffer']);
  });

  for (const mode of ['resync', 'free'] as const) {
    it(`passes on cpu-f32 in ${mode} mode, bit for bit`, async () => {
      const result = await runTrace(trace, cpuBackend('float32'), mode);
      expect(result.error).toBeNull();
      expect(result.firstFailure).toBeNull();
      expect(result).toMatchObject({ pass: true, optimizer: 'rmsprop', preset: 'torch', elements: 9, steps: 4 });
      // The reference and the hand-written emulation agree on every value: 0 ulp.
      expect(result.slots).toEqual({ params: 0, square_avg: 0, momentum_buffer: 0 });
    });
  }

  it('passes on cpu-fast in both modes, bit for bit', async () => {
    const backend = cpuFastBackend();
    try {
      for (const mode of ['resync', 'free'] as const) {
        const result = await runTrace(trace, backend, mode);
        expect(result.error).toBeNull();
        expect(result.firstFailure).toBeNull();
        expect(result.maxUlp).toBe(0);
      }
    } finally {
      await backend.close?.();
    }
  });

  it('fails when one value of w is 1 ulp off, naming the parameter, the step and the index', async () => {
    const recorded = trace.steps[1]!.params.get('w')![4]!;
    const off = damaged((t) => (t.steps[1].params.w[4] = nextUp32(recorded)));
    expect(ulpDistance('float32', off.steps[1]!.params.get('w')![4]!, recorded)).toBe(1);
    const result = await runTrace(off, cpuBackend('float32'), 'resync');
    expect(result.pass).toBe(false);
    expect(result.error).toBeNull();
    expect(result.firstFailure).toMatchObject({ step: 2, param: 'w', slot: 'params', index: 4, ulpDistance: 1, outside: 'expected' });
    expect(tableReport([result])).toContain('step 2, parameter w, params[4]: expected');
  });

  it('fails when one slot value of b is 1 ulp off, naming b and the slot', async () => {
    const recorded = trace.steps[2]!.state.get('b')!.momentum_buffer![1]!;
    const off = damaged((t) => (t.steps[2].state.b.momentum_buffer[1] = nextUp32(recorded)));
    const result = await runTrace(off, cpuBackend('float32'), 'resync');
    expect(result.firstFailure).toMatchObject({ step: 3, param: 'b', slot: 'momentum_buffer', index: 1, outside: 'expected' });
  });

  it('uses the recorded lr: a different lr at step 3 moves the params off the trace', async () => {
    const off = damaged((t) => (t.steps[2].lr = 0.0051));
    const result = await runTrace(off, cpuBackend('float32'), 'resync');
    expect(result.firstFailure).toMatchObject({ step: 3, param: 'w', slot: 'params', outside: 'expected' });
  });

  it('reports, rather than throws, a trace whose slots or framework the spec cannot map', async () => {
    // Without momentum torch allocates no momentum_buffer: the trace's slots no longer match the spec's.
    const noMomentum = await runTrace(damaged((t) => (t.case.hyperparameters.momentum = 0)), cpuBackend('float32'), 'resync');
    expect(noMomentum).toMatchObject({ pass: false, skipped: false, preset: null, optimizer: 'rmsprop' });
    // Reported like a format error: the file, the JSON path, what the spec allocates and what the file has.
    expect(noMomentum.error).toMatch(/: \$\.state_slots: expected the slots \[square_avg\] that the spec allocates for this torch RMSprop config, found \[momentum_buffer, square_avg\]$/);
    const unknown = await runTrace(damaged((t) => (t.case.framework = 'mxnet')), cpuBackend('float32'), 'resync');
    expect(unknown.error).toMatch(/: \$\.case\.framework: expected a framework the spec maps for rmsprop \([^)]*\), found the string "mxnet"$/);
  });
});
