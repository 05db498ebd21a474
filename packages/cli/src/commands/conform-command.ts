/**
 * `isostep conform <file-or-dir>... --backend <names> [--mode resync,free] [--details] [--json] [--junit <file>]`:
 * every trace (JSON, or a binary trace's manifest) against every backend in every mode. Prints the summary
 * matrix, or the per-run table with --details, or one JSON document with --json; --junit also writes JUnit
 * XML. Exit 0 when nothing failed, 1 when a check failed, 2 on bad input (set by main.ts for thrown errors
 * and by commander for bad options).
 */
import { collectTraceFiles, jsonReport, junitReport, runAll, summaryReport, tableReport, type ConformResult, type Mode } from '@isostep/conformance/node';
import type { ConformanceBackend } from '@isostep/spec';
import { Option, type Command } from 'commander';
import { BACKEND_NAMES, loadBackend } from '../backends/registry.js';
import { progressBar } from '../progress/progress-bar.js';
import { EXIT_CHECK_FAILED } from '../shared/exit-codes.js';
import { checkOutputFile, writeFileAtomic } from '../shared/output-file.js';
import { listOf } from './list-option.js';

const MODES = ['resync', 'free'] as const satisfies readonly Mode[];

interface ConformOptions {
  readonly backend: string[];
  readonly mode: Mode[];
  readonly json?: boolean;
  readonly details?: boolean;
  readonly junit?: string;
}

// Printed by --help after the options; main.ts appends the exit codes every command shares.
const CONFORM_HELP = `
Output:
  default      a summary matrix: framework × optimizer rows, per backend the runs passed, max ulp and
               max absolute error (modes together); skips counted with their reasons; the first failure
               of each failed run (step, parameter, slot, index, expected, actual, ulp, |error|, bound)
  --details    one row per trace × backend × mode
  --json       exactly one JSON document on stdout
  --junit F    also write JUnit XML to F: one test case per trace × backend × mode

Traces: JSON files (isostep-golden/2, isostep-golden-rmsprop/1) or binary traces (a manifest
isostep-golden/2+safetensors beside its .safetensors files, streamed in bounded memory; a directory of
shards, one manifest per rank, is reported per rank). See FORMAT.md of @isostep/conformance.

Exit 0 when every run passed (skipped runs do not fail); 1 when a run failed: a value outside its
acceptance interval, a backend error, or a trace that cannot be read or mapped onto the spec (reported
as a failed run; the other traces still run); 2 on usage errors and paths that do not exist.`;

export function registerConformCommand(program: Command): Command {
  return program
    .command('conform')
    .description('check golden traces step by step against backends; exit 0 only when nothing failed')
    .argument('<paths...>', 'trace files or directories (searched recursively for *.json)')
    .addOption(
      new Option('-b, --backend <names>', `comma-separated backends: ${BACKEND_NAMES.join(', ')}`)
        .argParser(listOf(BACKEND_NAMES, 'backend'))
        .default(['cpu-f32']),
    )
    .addOption(
      new Option('-m, --mode <modes>', 'comma-separated: resync (each step from the trace) and/or free (whole trajectory)')
        .argParser(listOf(MODES, 'mode'))
        .default(['resync']),
    )
    .option('--details', 'print one row per trace × backend × mode instead of the summary matrix')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--junit <file>', 'also write a JUnit XML report to <file> (one test case per trace × backend × mode)')
    .addHelpText('after', CONFORM_HELP)
    .action(async (paths: string[], opts: ConformOptions) => {
      // Before any trace runs: a report that cannot be written should not cost the whole run first.
      if (opts.junit !== undefined) checkOutputFile(opts.junit, '--junit');
      const files = await collectTraceFiles(paths);
      if (files.length === 0) throw new Error(`no trace files found under ${paths.join(', ')}`);
      const backends: ConformanceBackend[] = [];
      for (const name of opts.backend) backends.push(await loadBackend(name));
      const bar = progressBar('conform [{bar}] {value}/{total} runs');
      // No bar with --json: a script reading the document gets no control characters on stderr either.
      if (!opts.json) bar.start(files.length * backends.length * opts.mode.length, 0);
      let done = 0;
      let results: ConformResult[];
      try {
        results = await runAll(files, backends, opts.mode, {
          onResult: () => {
            if (!opts.json) bar.update(++done);
          },
        });
      } finally {
        bar.stop();
        for (const b of backends) await b.close?.();
      }
      if (opts.junit !== undefined) writeFileAtomic(opts.junit, junitReport(results));
      const report = opts.json ? jsonReport(results) : opts.details ? tableReport(results) : summaryReport(results);
      process.stdout.write(`${report}\n`);
      if (results.some((r) => !r.skipped && !r.pass)) process.exitCode = EXIT_CHECK_FAILED;
    });
}
