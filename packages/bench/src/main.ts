/**
 * `pnpm bench` (this private package's only job): one process measures the streaming triads (JS and
 * WebAssembly SIMD), Isostep's CPU paths, TF.js and PyTorch (a subprocess), and collects the rows of the
 * other packages' bench modules, then prints one table (or with --json one document). Progress goes to
 * stderr so --json output stays parseable.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createFastOptimizer } from '@isostep/reference-cpu/node';
import { rmsprop, type BenchContext, type BenchRow } from '@isostep/spec';
import { epochRows, externalRows } from './external-rows.js';
import { fastRows, layouts } from './fast-bench.js';
import { checkFits } from './memory-check.js';
import { BenchUsageError, parseBenchArgs, type BenchOptions } from './options.js';
import { jsonText, tableText, withSpeedups, type BenchReport } from './report.js';
import { tfjsRows } from './tfjs-bench.js';
import { torchRows } from './torch-bench.js';
import { bestTriad, measureTriads, triadRows } from './triad.js';

export type Progress = (message: string) => void;

/** Throws before anything is allocated if a size cannot fit (largest case: 5 arrays of float64). */
export function checkSizes(sizes: readonly number[]): void {
  for (const n of sizes) {
    checkFits('isostep-fast float32 centered+momentum', n, 5, 4, true);
    checkFits('float64 centered+momentum', n, 5, 8);
  }
}

export async function runBenchSuite(options: BenchOptions, progress: Progress = () => {}): Promise<BenchReport> {
  checkSizes(options.sizes);
  const started = performance.now();
  const on = (g: Parameters<BenchOptions['only']['has']>[0]) => options.only.has(g);
  progress('measuring the streaming triads (JS; WebAssembly SIMD on 1 and all threads, copy and in place)');
  const triad = await measureTriads(options.quick);
  // Every fraction is relative to the fastest triad (see triad.ts for why).
  const triadGbps = bestTriad(triad).gbps;
  const ctx: BenchContext = { triadGbps, triad, quick: options.quick, sizes: options.sizes };
  const rows: BenchRow[] = [];
  if (on('triad')) rows.push(...triadRows(triad, options.quick));
  if (on('isostep')) {
    progress('isostep fast and exact paths');
    rows.push(...(await fastRows(ctx)));
  }
  let tfjsFromAdapter = false;
  if (on('external')) {
    progress('bench modules of other packages');
    const ext = await externalRows(ctx);
    rows.push(...ext.rows);
    tfjsFromAdapter = ext.tfjsFromAdapter;
  }
  if (on('tfjs') && !tfjsFromAdapter) {
    progress('TF.js tf.train.rmsprop (cpu, wasm)');
    rows.push(...(await tfjsRows(ctx, layouts(ctx))));
  }
  if (on('pytorch')) {
    progress('PyTorch (subprocess)');
    rows.push(...torchRows(ctx, layouts(ctx)));
  }
  if (on('epoch')) {
    progress('MNIST epoch vs PyTorch');
    const fast = ctx.quick ? undefined : await createFastOptimizer(rmsprop('torch'), { dtype: 'float32' });
    try {
      rows.push(...(await epochRows(ctx, fast)));
    } finally {
      fast?.dispose();
    }
  }
  return {
    node: process.versions.node,
    cpus: availableParallelism(),
    triadGbps,
    triad,
    quick: options.quick,
    sizes: options.sizes,
    seconds: (performance.now() - started) / 1000,
    results: withSpeedups(rows),
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(argv);
    if (options !== 'help') checkSizes(options.sizes);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`${e.message.replace(/^error: /, '')}\n\n${e.usage}`.replace(/^/, 'error: '));
      return 2;
    }
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(parseBenchHelp());
    return 0;
  }
  const report = await runBenchSuite(options, (m) => process.stderr.write(`bench: ${m}\n`));
  process.stdout.write(`${options.json ? jsonText(report) : tableText(report)}\n`);
  return 0;
}

function parseBenchHelp(): string {
  try {
    parseBenchArgs(['--sizes', 'x']);
  } catch (e) {
    if (e instanceof BenchUsageError) return e.usage;
  }
  return '';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
