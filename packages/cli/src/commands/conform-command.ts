/** `isostep conform <file-or-dir>... --backend <names> [--mode resync|free] [--json]` */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConformanceBackend } from '../backends/backend.js';
import { BACKEND_NAMES, loadBackend } from '../backends/registry.js';
import { jsonReport } from '../report/json-report.js';
import { tableReport } from '../report/table-report.js';
import type { Mode } from '../runner/result.js';
import { runAll } from '../runner/run-all.js';
import { collectTraceFiles } from '../trace/read-trace.js';

function list<T extends string>(allowed: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) {
        throw new InvalidArgumentError(`unknown ${what} "${item}"; allowed: ${allowed.join(', ')}`);
      }
    }
    if (items.length === 0) throw new InvalidArgumentError(`no ${what} given; allowed: ${allowed.join(', ')}`);
    return items as T[];
  };
}

export function registerConformCommand(program: Command): void {
  program
    .command('conform')
    .description('check golden traces step by step against backends; exit 0 only when nothing failed')
    .argument('<paths...>', 'trace files or directories (searched recursively for *.json)')
    .addOption(
      new Option('-b, --backend <names>', `comma-separated backends: ${BACKEND_NAMES.join(', ')}`)
        .argParser(list(BACKEND_NAMES, 'backend'))
        .default(['cpu-f32']),
    )
    .addOption(
      new Option('-m, --mode <modes>', 'comma-separated: resync (each step from the trace) and/or free (whole trajectory)')
        .argParser(list(['resync', 'free'] as const, 'mode'))
        .default(['resync']),
    )
    .option('--json', 'print exactly one JSON document on stdout')
    .action(async (paths: string[], opts: { backend: string[]; mode: Mode[]; json?: boolean }) => {
      const files = await collectTraceFiles(paths);
      if (files.length === 0) throw new Error(`no trace files found under ${paths.join(', ')}`);
      const backends: ConformanceBackend[] = [];
      for (const name of opts.backend) backends.push(await loadBackend(name));
      let done = 0;
      const results = await runAll({
        files,
        backends,
        modes: opts.mode,
        onResult: () => {
          done++;
          if (!opts.json && process.stderr.isTTY) process.stderr.write(`\r${done}/${files.length * backends.length * opts.mode.length}`);
        },
      });
      for (const b of backends) await b.close?.();
      if (!opts.json && process.stderr.isTTY) process.stderr.write('\r');
      process.stdout.write(`${opts.json ? jsonReport(results) : tableReport(results)}\n`);
      if (results.some((r) => !r.skipped && !r.pass)) process.exitCode = 1;
    });
}
