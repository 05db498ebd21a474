/**
 * `pnpm bench --only binary-trace`: a recording too large for JSON, conformed in bounded memory. Generates
 * a binary trace (isostep-golden/2+safetensors) of 10M parameters × 10 steps of torch RMSprop (100M
 * parameter-steps, about 1.2 GB of safetensors; as JSON it would be about 2 GB) in a temporary directory,
 * conforms it on cpu-fast in a child process (binary-trace-child.ts), and reports the child's wall time
 * and peak RSS. The trace is deleted afterwards; nothing is committed. --quick: 1M × 3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticBinaryTrace } from '@isostep/conformance/node';
import { skippedRow, type BenchRow } from '@isostep/spec';

/** A real model's shape: a 2500×4000 layer and its bias, a 10-way head (10,027,510 parameters). */
const FULL = [
  { name: 'fc1.weight', shape: [2500, 4000] },
  { name: 'fc1.bias', shape: [2500] },
  { name: 'fc2.weight', shape: [10, 2500] },
  { name: 'fc2.bias', shape: [10] },
];
const QUICK = [
  { name: 'fc1.weight', shape: [1000, 1000] },
  { name: 'fc1.bias', shape: [1000] },
];

/** The peak RSS the issue asks the runner to stay under. */
export const RSS_LIMIT_BYTES = 2 ** 30;

const CHILD = fileURLToPath(new URL('./binary-trace-child.ts', import.meta.url));

export async function binaryTraceRow(quick: boolean, progress: (m: string) => void = () => {}): Promise<BenchRow> {
  const params = quick ? QUICK : FULL;
  const steps = quick ? 3 : 10;
  const count = params.reduce((n, p) => n + p.shape.reduce((a, d) => a * d, 1), 0);
  const base = { system: 'conform cpu-fast', variant: `binary trace torch rmsprop, ${steps} steps resync`, params: count, tensors: params.length, dtype: 'float32' as const };
  const dir = await mkdtemp(join(tmpdir(), 'isostep-binary-trace-'));
  try {
    progress(`binary trace: writing ${count.toLocaleString('en-US')} parameters × ${steps} steps under ${dir}`);
    const manifest = await writeSyntheticBinaryTrace(dir, { params, steps });
    let bytes = 0;
    for (const f of await readdir(dir)) bytes += (await stat(join(dir, f))).size;
    progress(`binary trace: ${(bytes / 2 ** 30).toFixed(2)} GiB written; conforming on cpu-fast in a child process`);
    const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, manifest, 'resync'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) return skippedRow(base, `the conform child failed (exit ${child.status}): ${child.stderr.trim().split('\n').at(-1) ?? ''}`);
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssBytes: number; result: { pass: boolean; error: string | null; maxUlp: number | null } };
    const paramSteps = count * steps;
    const rssMiB = out.maxRssBytes / 2 ** 20;
    return {
      ...base,
      nsPerElement: (out.seconds * 1e9) / paramSteps,
      // What the runner streams: grads, params and square_avg of every step (float32).
      bytesPerElement: 12,
      gbps: (12 * paramSteps) / out.seconds / 1e9,
      triadFraction: null,
      epochSeconds: out.seconds,
      peakRssMiB: rssMiB,
      note:
        `${(paramSteps / 1e6).toFixed(0)}M parameter-steps, ${(bytes / 2 ** 30).toFixed(2)} GiB trace, ${out.seconds.toFixed(1)} s, ` +
        `peak RSS ${rssMiB.toFixed(0)} MiB (${out.maxRssBytes < RSS_LIMIT_BYTES ? 'under' : 'OVER'} 1 GiB); ` +
        `${out.result.pass ? 'pass' : `FAIL ${out.result.error ?? ''}`}, max ulp ${out.result.maxUlp}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
