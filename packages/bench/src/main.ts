/**
 * `pnpm bench` (this private package's only job): one process measures the streaming triads (JS and
 * WebAssembly SIMD), Isostep's CPU paths, TF.js and PyTorch (a subprocess), and collects the rows of the
 * other packages' bench modules, then prints one table (or with --json one document). Progress goes to
 * stderr so --json output stays parseable.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { FastArena, createFastOptimizer } from '@isostep/reference-cpu/node';
import { rmsprop, type BenchContext, type BenchRow, type TriadResult } from '@isostep/spec';
import { epochRows, externalRows } from './external-rows.js';
import { fastPathsNote, fastRows, layouts } from './fast-bench.js';
import { writePlot } from './plot.js';
import { aggregateRounds, medianTriad, roundOrder } from './rounds.js';
import { checkFits } from './memory-check.js';
import { BenchUsageError, parseBenchArgs, type BenchOptions } from './options.js';
import { jsonText, tableText, withSpeedups, type BenchReport } from './report.js';
import { targetChecks } from './targets.js';
import { tfjsRows } from './tfjs-bench.js';
import { torchRows } from './torch-bench.js';
import { bestTriad, measureTriads, triadRows } from './triad.js';
import { binaryTraceRow } from './binary-trace-bench.js';
import { measureDivider, medianDivider, type DividerTimes } from './divider-ceiling.js';

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
  // One arena for every round's fast rows, so round 2 does not measure a fresh arena's growth.
  const arena = on('isostep') ? await FastArena.create() : null;
  const fast = on('epoch') && !options.quick ? await createFastOptimizer(rmsprop('torch'), { dtype: 'float32' }) : undefined;
  const triads: TriadResult[] = [];
  const dividers: (DividerTimes | null)[] = [];
  const rounds: BenchRow[][] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const tag = `round ${round + 1}/${options.rounds}`;
      progress(`${tag}: the streaming triads (JS; WebAssembly SIMD on 1 and all threads, copy and in place)`);
      const triad = await measureTriads(options.quick);
      triads.push(triad);
      // The divider ceiling the targets compare against: only the fast rows have targets.
      if (on('isostep')) {
        progress(`${tag}: the divider's throughput (f32x4.sqrt and f32x4.div, in cache, all threads)`);
        dividers.push(await measureDivider(options.quick));
      }
      // Every fraction is relative to the fastest triad (see triad.ts for why), of this round here; the
      // aggregate recomputes it against the median triad.
      const ctx: BenchContext = { triadGbps: bestTriad(triad).gbps, triad, quick: options.quick, sizes: options.sizes };
      const rows: BenchRow[] = [];
      if (on('triad')) rows.push(...triadRows(triad, options.quick));
      let tfjsFromAdapter = false;
      const systems: (readonly [string, () => Promise<void>])[] = [];
      if (on('isostep')) systems.push(['isostep fast and exact paths', async () => void rows.push(...(await fastRows(ctx, arena!)))]);
      if (on('external') || on('tfjs')) {
        systems.push([
          'TF.js and the bench modules of other packages',
          async () => {
            if (on('external')) {
              const ext = await externalRows(ctx);
              rows.push(...ext.rows);
              tfjsFromAdapter = ext.tfjsFromAdapter;
            }
            if (on('tfjs') && !tfjsFromAdapter) rows.push(...(await tfjsRows(ctx, layouts(ctx))));
          },
        ]);
      }
      if (on('pytorch')) systems.push(['PyTorch (subprocess)', async () => void rows.push(...torchRows(ctx, layouts(ctx)))]);
      if (on('epoch')) systems.push(['MNIST epoch vs PyTorch', async () => void rows.push(...(await epochRows(ctx, fast)))]);
      // Minutes and a 1.2 GB trace per run: once, not once per round.
      if (on('binary-trace') && round === 0) systems.push(['binary trace conformance (streamed)', async () => void rows.push(await binaryTraceRow(options.quick, progress))]);
      for (const [name, run] of roundOrder(systems, round)) {
        progress(`${tag}: ${name}`);
        await run();
      }
      rounds.push(rows);
    }
  } finally {
    arena?.dispose();
    fast?.dispose();
  }
  const triad = medianTriad(triads);
  const triadGbps = bestTriad(triad).gbps;
  const results = withSpeedups(aggregateRounds(rounds, triadGbps));
  const divider = medianDivider(dividers);
  const report: BenchReport = {
    node: process.versions.node,
    cpus: availableParallelism(),
    triadGbps,
    triad,
    divider,
    quick: options.quick,
    sizes: options.sizes,
    rounds: options.rounds,
    fmaPaths: fastPathsNote(),
    seconds: (performance.now() - started) / 1000,
    results,
    targets: targetChecks(results, options.sizes, triadGbps, options.quick, divider),
  };
  if (options.plot) {
    const written = await writePlot(report, options.plot);
    progress(`plot: ${written.join(', ')}`);
  }
  return report;
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
