/**
 * Rows from other packages' bench modules, imported on demand so a missing package is a skipped row
 * with its reason, never a crash: `@isostep/tfjs-adapter/bench`, `@isostep/webgpu/bench`, and the MNIST
 * epoch against PyTorch (src/train/bench-epoch.ts).
 */
import { skippedRow, type BenchContext, type BenchRow } from './bench-types.js';
import { peakRssMiB } from './measure.js';

type RunBench = (ctx: BenchContext) => Promise<BenchRow[]>;

const PACKAGES = ['@isostep/tfjs-adapter/bench', '@isostep/webgpu/bench'] as const;

export interface ExternalResult {
  readonly rows: BenchRow[];
  /** Whether the TF.js adapter measured TF.js itself (then this package does not). */
  readonly tfjsFromAdapter: boolean;
}

export async function externalRows(ctx: BenchContext): Promise<ExternalResult> {
  const rows: BenchRow[] = [];
  let tfjsFromAdapter = false;
  for (const specifier of PACKAGES) {
    const base = { system: specifier, variant: '-', params: 0, tensors: 0, dtype: 'float32' as const };
    let runBench: RunBench | undefined;
    try {
      runBench = ((await import(specifier)) as { runBench?: RunBench }).runBench;
    } catch (e) {
      rows.push(skippedRow(base, `${specifier} could not be loaded: ${(e as Error).message.split('\n')[0]}`));
      continue;
    }
    if (typeof runBench !== 'function') {
      rows.push(skippedRow(base, `${specifier} has no runBench export`));
      continue;
    }
    try {
      const theirs = await runBench(ctx);
      rows.push(...theirs);
      if (specifier.includes('tfjs-adapter') && theirs.some((r) => r.system.startsWith('tfjs-') && !r.skipped)) tfjsFromAdapter = true;
    } catch (e) {
      rows.push(skippedRow(base, `${specifier} runBench failed: ${(e as Error).message.split('\n')[0]}`));
    }
  }
  return { rows, tfjsFromAdapter };
}

/** One MNIST epoch of the JS MLP with the fast RMSprop vs PyTorch (skipped in --quick: it takes a minute). */
export async function epochRows(ctx: BenchContext, optimizer?: import('@isostep/spec').Optimizer): Promise<BenchRow[]> {
  const base = { system: 'mnist-epoch', variant: 'torch preset, 784-128-10, batch 64', params: 784 * 128 + 128 + 128 * 10 + 10, tensors: 4, dtype: 'float32' as const };
  if (ctx.quick) return [skippedRow(base, 'not run with --quick (one epoch takes tens of seconds)')];
  let bench: typeof import('../train/bench-epoch.js');
  try {
    bench = await import('../train/bench-epoch.js');
  } catch (e) {
    return [skippedRow(base, `src/train/bench-epoch.ts could not be loaded: ${(e as Error).message.split('\n')[0]}`)];
  }
  try {
    const r = bench.benchMnistEpoch(optimizer ? { optimizer } : {});
    const row = (system: string, seconds: number | null, note: string, skipped?: string): BenchRow => ({
      ...base,
      system,
      nsPerElement: Number.NaN,
      gbps: Number.NaN,
      triadFraction: null,
      bytesPerElement: Number.NaN,
      peakRssMiB: peakRssMiB(),
      note: seconds === null ? note : `${seconds.toFixed(2)} s per epoch; ${note}`,
      ...(skipped ? { skipped } : {}),
      ...(seconds === null ? {} : { epochSeconds: seconds }),
    });
    const torch =
      r.torchRuns.length > 0
        ? r.torchRuns.map((t) => row(`mnist-epoch-pytorch-${t.threads}t`, t.seconds, `PyTorch, ${t.threads} thread(s)`, t.skipped))
        : [row(`mnist-epoch-pytorch-${r.torchThreads}t`, null, '', r.torchSkipped ?? 'PyTorch skipped')];
    return [
      row('mnist-epoch-js', r.jsEpochSeconds, `forward+backward alone ${r.jsModelSeconds.toFixed(2)} s, ${r.jsThreads} thread(s), ${r.jsKernels} kernels${optimizer ? ', fast RMSprop' : ', exact RMSprop'}`),
      ...torch,
    ];
  } catch (e) {
    return [skippedRow(base, `MNIST epoch bench failed: ${(e as Error).message.split('\n')[0]}`)];
  }
}
