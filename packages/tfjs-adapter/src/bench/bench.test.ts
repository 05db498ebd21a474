/**
 * The bench module's memory behaviour (never its timings): `pnpm bench` once died with "memory access out
 * of bounds" when the TF.js wasm backend was asked for a 64M-parameter step its 4 GiB heap cannot hold.
 */
import { memory } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prepareBackend } from '../backends/tfjs-backends.js';
import { runBench } from './index.js';
import { WASM_HEAP_BYTES, wasmHeapShortfall } from './wasm-heap.js';

const wasmMissing = await prepareBackend('wasm');

describe('tfjs-adapter bench', () => {
  it('leaves no tensor behind: every variable, gradient, initial value and slot is disposed', async () => {
    const before = memory().numTensors;
    const rows = await runBench({ triadGbps: 0, quick: true, sizes: [1024, 4096] });
    expect(rows.filter((r) => r.skipped === undefined).length).toBeGreaterThan(0);
    expect(memory().numTensors).toBe(before);
  });

  it.skipIf(wasmMissing !== null)('reports a size the wasm heap cannot hold as skipped, with the reason, instead of running it', async () => {
    const n = 1 << 26; // 64M: the size that crashed
    const rows = await runBench({ triadGbps: 0, quick: true, sizes: [n] });
    const wasm = rows.filter((r) => r.system.endsWith('-wasm'));
    expect(wasm.map((r) => r.system).sort()).toEqual(['isostep-tfjs-wasm', 'tfjs-wasm']);
    for (const r of wasm) expect(r.skipped).toMatch(/wasm32 heap ends at 4\.0 GiB/);
  });

  it('fits a step when its peak is within the usable heap, not beyond', () => {
    // 64 B/param (a step keeping 16 float32 arrays alive): 16M params need 1 GiB, 64M need 4 GiB.
    expect(wasmHeapShortfall(1 << 24, 64)).toBeNull();
    expect(wasmHeapShortfall(1 << 26, 64)).toMatch(/peaks at ~4\.0 GiB \(64 B\/param, measured\)/);
    expect(wasmHeapShortfall(WASM_HEAP_BYTES / 64 + 1, 64)).not.toBeNull();
  });
});
