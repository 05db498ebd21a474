/**
 * PyTorch rows: torch.optim.RMSprop timed in a subprocess of the repository's .venv, in both of its CPU
 * implementations: `foreach` (multi-tensor, the default for lists of CPU tensors) and `single-tensor` (the
 * per-parameter for loop, foreach=False). RMSprop has no `fused` implementation in torch 2.13. Each row's
 * system names the implementation and the threads (pytorch-foreach-2t), so no two rows share a label.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stepBytesPerElement, skippedRow, timedRow, type BenchContext, type BenchRow } from '@isostep/spec';
import { FLOAT64_MAX, type Layout } from './fast-bench.js';
import { FORMS, type Form } from './variants.js';

const DEFAULT_PYTHON = fileURLToPath(new URL('../../../.venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./bench_torch.py', import.meta.url));
const THREADS = [1, 2];
const DTYPES = ['float32', 'float64'] as const;
export const TORCH_IMPLS = ['foreach', 'single-tensor'] as const;
export const torchSystem = (impl: string, threads: number) => `pytorch-${impl}-${threads}t`;

interface TorchRow {
  impl: (typeof TORCH_IMPLS)[number];
  threads: number;
  params: number;
  tensors: number;
  dtype: 'float32' | 'float64';
  form: Form;
  seconds: number;
  peakRssMiB: number;
}

export function torchRows(ctx: BenchContext, layouts: readonly Layout[], python = process.env.ISOSTEP_PYTHON ?? DEFAULT_PYTHON): BenchRow[] {
  const skipAll = (reason: string) =>
    TORCH_IMPLS.flatMap((impl) =>
      THREADS.flatMap((t) =>
        layouts.flatMap(({ params, tensors }) =>
          DTYPES.flatMap((dtype) => FORMS.map((form) => skippedRow({ system: torchSystem(impl, t), variant: `torch ${form}`, params, tensors, dtype }, reason))),
        ),
      ),
    );
  if (!existsSync(python)) return skipAll(`no Python with torch at ${python} (set ISOSTEP_PYTHON)`);
  const job = { impls: TORCH_IMPLS, layouts: layouts.map((l) => [l.params, l.tensors]), threads: THREADS, forms: FORMS, dtypes: DTYPES, quick: ctx.quick, float64Max: FLOAT64_MAX };
  const run = spawnSync(python, [SCRIPT, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return skipAll(`PyTorch run failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
  const out = JSON.parse(run.stdout) as { torch: string; rows: TorchRow[] };
  return out.rows.map((r) => {
    const slots = r.form === 'plain' ? 1 : 3;
    return timedRow(
      {
        system: torchSystem(r.impl, r.threads),
        variant: `torch ${r.form}`,
        params: r.params,
        tensors: r.tensors,
        dtype: r.dtype,
        bytesPerElement: stepBytesPerElement(slots, r.dtype),
        peakRssMiB: r.peakRssMiB,
        stateBytesPerParam: slots * (r.dtype === 'float32' ? 4 : 8),
        note: `torch ${out.torch}, ${r.impl === 'foreach' ? 'foreach=True (multi-tensor)' : 'foreach=False (single-tensor loop)'}, ${r.threads} thread(s)`,
      },
      r.seconds,
      ctx.triadGbps,
    );
  });
}
