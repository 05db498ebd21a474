/** PyTorch rows: torch.optim.RMSprop (foreach) timed in a subprocess of the repository's .venv. */
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

interface TorchRow {
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
    THREADS.flatMap((t) =>
      layouts.flatMap(({ params, tensors }) =>
        DTYPES.flatMap((dtype) => FORMS.map((form) => skippedRow({ system: `pytorch-${t}t`, variant: `torch ${form}`, params, tensors, dtype }, reason))),
      ),
    );
  if (!existsSync(python)) return skipAll(`no Python with torch at ${python} (set ISOSTEP_PYTHON)`);
  const job = { layouts: layouts.map((l) => [l.params, l.tensors]), threads: THREADS, forms: FORMS, dtypes: DTYPES, quick: ctx.quick, float64Max: FLOAT64_MAX };
  const run = spawnSync(python, [SCRIPT, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return skipAll(`PyTorch run failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
  const out = JSON.parse(run.stdout) as { torch: string; rows: TorchRow[] };
  return out.rows.map((r) => {
    const slots = r.form === 'plain' ? 1 : 3;
    return timedRow(
      {
        system: `pytorch-${r.threads}t`,
        variant: `torch ${r.form}`,
        params: r.params,
        tensors: r.tensors,
        dtype: r.dtype,
        bytesPerElement: stepBytesPerElement(slots, r.dtype),
        peakRssMiB: r.peakRssMiB,
        stateBytesPerParam: slots * (r.dtype === 'float32' ? 4 : 8),
        note: `torch ${out.torch}, foreach, ${r.threads} thread(s)`,
      },
      r.seconds,
      ctx.triadGbps,
    );
  });
}
