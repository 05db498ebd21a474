/**
 * Rows from other packages' bench modules: `@isostep/tfjs-adapter/bench`, `@isostep/webgpu/bench` (each a
 * `runBench(ctx)`), and the MNIST epoch against PyTorch (`@isostep/mlp`). They are dependencies of this
 * package, imported when their rows are asked for; a module that fails to load or to run is a skipped row
 * with its reason, never a crash of the whole run.
 */
import { skippedRow, type BenchContext, type BenchRow, type Optimizer } from '@isostep/spec';
import { probeRelaxedMadd } from '@isostep/reference-cpu/node';
import { peakRssMiB } from './measure.js';

type RunBench = (ctx: BenchContext) => Promise<BenchRow[]>;

/** Literal specifiers, so the bundler, pnpm and the type checker all see what is imported. */
const BENCH_MODULES: readonly { readonly specifier: string; readonly load: () => Promise<{ runBench: RunBench }> }[] = [
  { specifier: '@isostep/tfjs-adapter/bench', load: () => import('@isostep/tfjs-adapter/bench') },
  { specifier: '@isostep/webgpu/bench', load: () => import('@isostep/webgpu/bench') },
];

export interface ExternalResult {
  readonly rows: BenchRow[];
  /** Whether the TF.js adapter measured TF.js itself (then this package does not). */
  readonly tfjsFromAdapter: boolean;
}

export async function externalRows(ctx: BenchContext): Promise<ExternalResult> {
  const rows: BenchRow[] = [];
  let tfjsFromAdapter = false;
  for (const { specifier, load } of BENCH_MODULES) {
    const base = { system: specifier, variant: '-', params: 0, tensors: 0, dtype: 'float32' as const };
    let runBench: RunBench;
    try {
      runBench = (await load()).runBench;
    } catch (e) {
      rows.push(skippedRow(base, `${specifier} could not be loaded: ${firstLine(e)}`));
      continue;
    }
    try {
      const theirs = await runBench(ctx);
      rows.push(...theirs);
      if (specifier.includes('tfjs-adapter') && theirs.some((r) => r.system.startsWith('tfjs-') && !r.skipped)) tfjsFromAdapter = true;
    } catch (e) {
      rows.push(skippedRow(base, `${specifier} runBench failed: ${firstLine(e)}`));
    }
  }
  return { rows, tfjsFromAdapter };
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** One MNIST epoch of the JS MLP with the fast RMSprop vs PyTorch (skipped in --quick: it takes a minute). */
export async function epochRows(ctx: BenchContext, optimizer?: Optimizer): Promise<BenchRow[]> {
  const base = { system: 'mnist-epoch', variant: 'torch preset, 784-128-10, batch 64', params: 784 * 128 + 128 + 128 * 10 + 10, tensors: 4, dtype: 'float32' as const };
  if (ctx.quick) return [skippedRow(base, 'not run with --quick (one epoch takes tens of seconds)')];
  let bench: typeof import('@isostep/mlp/bench');
  try {
    bench = await import('@isostep/mlp/bench');
  } catch (e) {
    return [skippedRow(base, `@isostep/mlp/bench could not be loaded: ${firstLine(e)}`)];
  }
  try {
    const r = bench.benchMnistEpoch(optimizer ? { optimizer } : {});
    // The arena's GEMM follows the same start-up probe (ArenaDenseOps picks 'fused' only where it is proved).
    const gemm = r.jsKernels === 'wasm-simd' ? ((await probeRelaxedMadd()).float32 ? ' (fused f32x4.relaxed_madd GEMM)' : ' (exact-f64 GEMM)') : '';
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
      row('mnist-epoch-js', r.jsEpochSeconds, `forward+backward alone ${r.jsModelSeconds.toFixed(2)} s, ${r.jsThreads} thread(s), ${r.jsKernels}${gemm} kernels${optimizer ? ', fast RMSprop' : ', exact RMSprop'}`),
      ...torch,
    ];
  } catch (e) {
    return [skippedRow(base, `MNIST epoch bench failed: ${firstLine(e)}`)];
  }
}
