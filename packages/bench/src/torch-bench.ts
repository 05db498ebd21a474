/**
 * PyTorch rows: torch.optim.RMSprop and torch.optim.Adam (each with torch's defaults, the `torch` preset)
 * timed in a subprocess of the repository's .venv, in their CPU implementations: `foreach` (multi-tensor,
 * the default for lists of CPU tensors), `single-tensor` (the per-parameter for loop, foreach=False) and,
 * for Adam, `fused` (fused=True; RMSprop has no fused implementation in torch 2.13). Each row's system
 * names the implementation and the threads (pytorch-fused-2t) and its variant the optimizer and form
 * ('adam torch plain', 'rmsprop torch centered+momentum'), so no two rows share a label.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stepBytesPerElement, skippedRow, timedRow, type BenchContext, type BenchRow, type Dtype } from '@isostep/spec';
import { FLOAT64_MAX, type Layout } from './fast-bench.js';
import { TORCH_VARIANTS, type BenchOptimizer, type Form } from './variants.js';

const DEFAULT_PYTHON = fileURLToPath(new URL('../../../.venv/bin/python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./bench_torch.py', import.meta.url));
const THREADS = [1, 2];
/** Every implementation any optimizer here has (the peers withSpeedups and the targets look for). */
export const TORCH_IMPLS = ['foreach', 'single-tensor', 'fused'] as const;
export type TorchImpl = (typeof TORCH_IMPLS)[number];
export const torchSystem = (impl: string, threads: number) => `pytorch-${impl}-${threads}t`;

interface TorchRun {
  readonly optimizer: BenchOptimizer;
  readonly impls: readonly TorchImpl[];
  readonly forms: readonly Form[];
  readonly dtypes: readonly Dtype[];
}

/** What the subprocess runs. Adam in float32 only (its float64 rows are not needed). */
export const TORCH_RUNS: readonly TorchRun[] = [
  { optimizer: 'rmsprop', impls: ['foreach', 'single-tensor'], forms: ['plain', 'centered+momentum'], dtypes: ['float32', 'float64'] },
  { optimizer: 'adam', impls: ['foreach', 'single-tensor', 'fused'], forms: ['plain'], dtypes: ['float32'] },
];

interface TorchRow {
  optimizer: BenchOptimizer;
  impl: TorchImpl;
  threads: number;
  params: number;
  tensors: number;
  dtype: Dtype;
  form: Form;
  seconds?: number;
  skipped?: string;
  peakRssMiB: number;
}

function torchVariant(optimizer: BenchOptimizer, form: Form) {
  const v = TORCH_VARIANTS.find((t) => t.optimizer === optimizer && t.form === form);
  if (!v) throw new Error(`no torch bench variant for ${optimizer} ${form}`);
  return v;
}

const IMPL_NOTE: Readonly<Record<TorchImpl, string>> = {
  foreach: 'foreach=True (multi-tensor)',
  'single-tensor': 'foreach=False (single-tensor loop)',
  fused: 'fused=True',
};

export function torchRows(ctx: BenchContext, layouts: readonly Layout[], python = process.env.ISOSTEP_PYTHON ?? DEFAULT_PYTHON): BenchRow[] {
  const skipAll = (reason: string) =>
    TORCH_RUNS.flatMap((run) =>
      run.impls.flatMap((impl) =>
        THREADS.flatMap((t) =>
          layouts.flatMap(({ params, tensors }) =>
            run.dtypes.flatMap((dtype) =>
              run.forms.map((form) => skippedRow({ system: torchSystem(impl, t), variant: torchVariant(run.optimizer, form).label, params, tensors, dtype }, reason)),
            ),
          ),
        ),
      ),
    );
  if (!existsSync(python)) return skipAll(`no Python with torch at ${python} (set ISOSTEP_PYTHON)`);
  const job = { runs: TORCH_RUNS, layouts: layouts.map((l) => [l.params, l.tensors]), threads: THREADS, quick: ctx.quick, float64Max: FLOAT64_MAX };
  const run = spawnSync(python, [SCRIPT, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return skipAll(`PyTorch run failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
  const out = JSON.parse(run.stdout) as { torch: string; rows: TorchRow[] };
  return out.rows.map((r) => {
    const v = torchVariant(r.optimizer, r.form);
    const base = { system: torchSystem(r.impl, r.threads), variant: v.label, params: r.params, tensors: r.tensors, dtype: r.dtype };
    if (r.skipped !== undefined || r.seconds === undefined) return skippedRow(base, r.skipped ?? 'no timing returned');
    // The same slots as Isostep's row of the same variant (torch's Adam step counter is one scalar per tensor).
    const slots = v.spec.program.slots.length;
    return timedRow(
      {
        ...base,
        bytesPerElement: stepBytesPerElement(slots, r.dtype),
        peakRssMiB: r.peakRssMiB,
        stateBytesPerParam: slots * (r.dtype === 'float32' ? 4 : 8),
        note: `torch ${out.torch} torch.optim.${r.optimizer === 'adam' ? 'Adam' : 'RMSprop'}, ${IMPL_NOTE[r.impl]}, ${r.threads} thread(s)`,
      },
      r.seconds,
      ctx.triadGbps,
    );
  });
}
