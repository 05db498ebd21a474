/**
 * `isostep conform <file-or-dir>... --backend <names> [--mode resync,free] [--json]`: every trace against
 * every backend in every mode. Exit 0 when nothing failed, 1 when a check failed, 2 on bad input (set by
 * main.ts for thrown errors and by commander for bad options).
 */
import { collectTraceFiles, jsonReport, runAll, tableReport, type ConformResult, type Mode } from '@isostep/conformance/node';
import type { ConformanceBackend } from '@isostep/spec';
import { Option, type Command } from 'commander';
import { BACKEND_NAMES, loadBackend } from '../backends/registry.js';
import { progressBar } from '../progress/progress-bar.js';
import { listOf } from './list-option.js';

const MODES = ['resync', 'free'] as const satisfies readonly Mode[];

interface ConformOptions {
  readonly backend: string[];
  readonly mode: Mode[];
  readonly json?: boolean;
}

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
    .option('--json', 'print exactly one JSON document on stdout')
    .action(async (paths: string[], opts: ConformOptions) => {
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
      process.stdout.write(`${opts.json ? jsonReport(results) : tableReport(results)}\n`);
      if (results.some((r) => !r.skipped && !r.pass)) process.exitCode = 1;
    });
}
