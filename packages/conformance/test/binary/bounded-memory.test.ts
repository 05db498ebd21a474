/**
 * The streaming runner's memory bound, asserted on what it holds rather than on timing or RSS: on a
 * generated trace of 1M parameters (two tensors) the runner must never read more than one slice of one
 * tensor of one step, never hand the backend more than one slice, and still read every value it checks.
 * (The 10M-parameter × 10-step run with its peak RSS is the bench's: `pnpm bench --only binary-trace`.)
 */
import { cpuFastBackend } from '@isostep/reference-cpu/node';
import type { ConformanceBackend } from '@isostep/spec';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CHUNK_ELEMENTS, runBinaryTrace } from '../../src/binary/run-binary-trace.js';
import { BinaryTraceSource, SafetensorsFile, writeSyntheticBinaryTrace } from '../../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'isostep-bounded-'));
const PARAMS = [
  { name: 'fc.weight', shape: [1000, 999] },
  { name: 'fc.bias', shape: [1000] },
];
const ELEMENTS = 1000 * 999 + 1000;
const STEPS = 2;

afterAll(() => rm(dir, { recursive: true, force: true }));

/** The backend, recording the largest tensor any session was given. */
function spied(backend: ConformanceBackend) {
  let largest = 0;
  const sizes = (m: ReadonlyMap<string, Float64Array>) => Math.max(...[...m.values()].map((v) => v.length));
  const wrapped: ConformanceBackend = {
    ...backend,
    open: async (spec, dtype) => {
      const s = await backend.open(spec, dtype);
      return {
        load: (p, st, k) => ((largest = Math.max(largest, sizes(p))), s.load(p, st, k)),
        step: (g, lr) => ((largest = Math.max(largest, sizes(g))), s.step(g, lr)),
        read: () => s.read(),
        dispose: () => s.dispose(),
      };
    },
  };
  return { wrapped, largest: () => largest };
}

describe('streaming a binary trace', () => {
  it('holds one slice of one tensor at a time, on 1M parameters × 2 steps, and reads each value once', async () => {
    const manifest = await writeSyntheticBinaryTrace(dir, { params: PARAMS, steps: STEPS });
    const reads = vi.spyOn(SafetensorsFile.prototype, 'read');
    const backend = cpuFastBackend();
    const { wrapped, largest } = spied(backend);
    const source = await BinaryTraceSource.open(manifest);
    try {
      const r = await runBinaryTrace(source, wrapped, 'resync');
      expect(r.error).toBeNull();
      expect(r.pass).toBe(true);
      expect(r.elements).toBe(ELEMENTS);
    } finally {
      await source.close();
      await backend.close?.();
    }
    const counts = reads.mock.calls.map(([, , count]) => count);
    reads.mockRestore();
    // No read and no session ever saw more than one slice, though the weight has 999,000 elements.
    expect(Math.max(...counts)).toBe(DEFAULT_CHUNK_ELEMENTS);
    expect(largest()).toBe(DEFAULT_CHUNK_ELEMENTS);
    // Every value read exactly once: the initial params and square_avg, then per step grads, params, square_avg.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ELEMENTS * (2 + 3 * STEPS));
  });
});
