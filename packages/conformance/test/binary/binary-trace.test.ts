/**
 * The binary form (`isostep-golden/2+safetensors`) against the JSON form it carries: the hand-written
 * two-tensor torch trace (test/fixtures), converted, must give the very results the JSON trace gives, in
 * both modes; a damaged value must fail at the same step, parameter, slot and flat index even when the
 * runner checks the tensor in slices; split into ranks it must pass per rank, and a missing rank must
 * fail; and files that break the format are rejected before any step runs.
 */
import { cpuBackend } from '@isostep/reference-cpu';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BinaryTraceSource, jsonTraceToBinary, runAll, writeSafetensors } from '../../src/node.js';
import { runBinaryTrace } from '../../src/binary/run-binary-trace.js';
import { runTrace } from '../../src/runner/run-trace.js';
import { parseTrace, TraceFormatError } from '../../src/trace/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/torch_rmsprop_two_tensors.json', import.meta.url));
const trace = parseTrace(readFileSync(FIXTURE, 'utf8'), FIXTURE);
const f32 = cpuBackend('float32');

const tmp = () => mkdtempSync(join(tmpdir(), 'isostep-binary-'));

/** Everything of a result except where it came from (file) and which form it was read in. */
function comparable(r: { file: string; shard: unknown }) {
  const { file: _file, shard: _shard, ...rest } = r;
  return rest;
}

describe('binary trace', () => {
  it('gives the same results as the JSON trace it was converted from, in both modes and any slice size', async () => {
    const [manifest] = await jsonTraceToBinary(trace, tmp());
    const source = await BinaryTraceSource.open(manifest!);
    try {
      for (const mode of ['resync', 'free'] as const) {
        const fromJson = await runTrace(trace, f32, mode);
        expect(fromJson.pass).toBe(true);
        for (const chunkElements of [1, 2, 4, 1024]) {
          const fromBinary = await runBinaryTrace(source, f32, mode, { chunkElements });
          expect(comparable(fromBinary)).toEqual(comparable(fromJson));
        }
      }
    } finally {
      await source.close();
    }
  });

  it('reports a value one ulp off at its step, parameter, slot and flat index, though checked in slices of 2', async () => {
    const dir = tmp();
    const [manifest] = await jsonTraceToBinary(trace, dir);
    // Bump square_avg[4] of "w" after step 2 by one float32 ulp, in place in the safetensors file.
    const file = join(dir, 'step-00002.safetensors');
    const bytes = readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
    const [begin] = header['state/square_avg/w'].data_offsets;
    const at = 8 + n + begin + 4 * 4;
    bytes.writeInt32LE(bytes.readInt32LE(at) + 1, at);
    writeFileSync(file, bytes);
    const source = await BinaryTraceSource.open(manifest!);
    const r = await runBinaryTrace(source, f32, 'resync', { chunkElements: 2 });
    await source.close();
    expect(r.pass).toBe(false);
    expect(r.firstFailure).toMatchObject({ step: 2, param: 'w', slot: 'square_avg', index: 4, ulpDistance: 1, outside: 'expected' });
    expect(r.firstFailure!.absError).toBeGreaterThan(0);
    expect(r.maxAbsError).toBe(r.firstFailure!.absError);
  });

  it('runs a directory of shards (one trace per rank) and reports each rank; a missing rank fails', async () => {
    const dir = tmp();
    const manifests = await jsonTraceToBinary(trace, dir, 3);
    expect(manifests).toHaveLength(3);
    const results = await runAll(manifests, [f32], ['resync', 'free']);
    expect(results.map((r) => [r.shard?.rank, r.mode, r.pass])).toEqual([
      [0, 'resync', true], [0, 'free', true], [1, 'resync', true], [1, 'free', true], [2, 'resync', true], [2, 'free', true],
    ]);
    // Each rank holds a third of every parameter's elements: 2 of w's 6, 1 of b's 3.
    expect(results.map((r) => r.elements)).toEqual([3, 3, 3, 3, 3, 3]);

    await rm(join(dir, 'rank-1'), { recursive: true });
    const partial = await runAll([manifests[0]!, manifests[2]!], [f32], ['resync']);
    const missing = partial.find((r) => r.error !== null);
    expect(missing?.error).toMatch(/sharded trace torch_rmsprop_two_tensors: rank\(s\) 1 of world size 3 missing/);
  });

  it('rejects, before running, a step file with an extra tensor, a wrong dtype or shape, or a truncated file', async () => {
    const cases: [string, (dir: string) => Promise<void> | void, RegExp][] = [
      ['extra tensor', (dir) => writeSafetensors(join(dir, 'step-00001.safetensors'), [...tensorsOf(dir, 'step-00001'), { name: 'params/extra', dtype: 'F32', shape: [1], values: new Float32Array(1) }]), /the tensor "params\/extra", which the trace does not define/],
      ['missing tensor', (dir) => writeSafetensors(join(dir, 'step-00003.safetensors'), tensorsOf(dir, 'step-00003').filter((t) => t.name !== 'grads/b')), /no tensor "grads\/b"/],
      ['wrong dtype', (dir) => writeSafetensors(join(dir, 'initial.safetensors'), tensorsOf(dir, 'initial').map((t) => ({ ...t, dtype: 'F64' as const, values: Float64Array.from(t.values) }))), /is F64, the case dtype float32 is F32/],
      ['wrong shape', (dir) => writeSafetensors(join(dir, 'initial.safetensors'), tensorsOf(dir, 'initial').map((t) => (t.name === 'params/w' ? { ...t, shape: [3, 2] } : t))), /has shape \[3, 2\], the parameter \[2, 3\]/],
      ['truncated', (dir) => truncateSync(join(dir, 'step-00002.safetensors'), statSync(join(dir, 'step-00002.safetensors')).size - 4), /the tensors cover \d+ bytes of data, the file holds \d+/],
    ];
    for (const [what, damage, message] of cases) {
      const dir = tmp();
      const [manifest] = await jsonTraceToBinary(trace, dir);
      await damage(dir);
      await expect(BinaryTraceSource.open(manifest!), what).rejects.toThrow(message);
      // And through runAll: one failed result per backend and mode, naming the file.
      const [r] = await runAll([manifest!], [f32], ['resync']);
      expect(r).toMatchObject({ pass: false, file: manifest });
      expect(r!.error).toMatch(message);
    }
  });

  it('rejects a manifest that names a file outside its directory, or carries initial values as JSON', async () => {
    const dir = tmp();
    const [manifest] = await jsonTraceToBinary(trace, dir);
    const json = JSON.parse(readFileSync(manifest!, 'utf8'));
    const escape = structuredClone(json);
    escape.steps[0].file = '../elsewhere.safetensors';
    writeFileSync(manifest!, JSON.stringify(escape));
    await expect(BinaryTraceSource.open(manifest!)).rejects.toThrow(TraceFormatError);
    await expect(BinaryTraceSource.open(manifest!)).rejects.toThrow(/\$\.steps\[0\]\.file: expected a relative path/);
    const init = structuredClone(json);
    init.case.params[0].init = [1, 2, 3, 4, 5, 6];
    writeFileSync(manifest!, JSON.stringify(init));
    await expect(BinaryTraceSource.open(manifest!)).rejects.toThrow(/\$\.case\.params\[0\]\.init: expected no key/);
  });

  it('is refused by the JSON reader with a pointer to the binary reader', async () => {
    const [manifest] = await jsonTraceToBinary(trace, tmp());
    expect(() => parseTrace(readFileSync(manifest!, 'utf8'), manifest!)).toThrow(/a binary trace's manifest is read by readBinaryTrace \/ runAll/);
  });
});

/** The tensors of one file of a converted trace, to rewrite it damaged. */
function tensorsOf(dir: string, stem: string) {
  const bytes = readFileSync(join(dir, `${stem}.safetensors`));
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: 'F32'; shape: number[]; data_offsets: [number, number] }>;
  const data = bytes.subarray(8 + n);
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, e]) => ({ name, dtype: e.dtype, shape: e.shape, values: new Float32Array(data.buffer.slice(data.byteOffset + e.data_offsets[0], data.byteOffset + e.data_offsets[1])) }));
}
